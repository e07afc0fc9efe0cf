internal import CExhibitOpenSSL
import Foundation

/// An RFC 3161 time-stamp response (`TimeStampResp`, DER) whose status is granted: the form `openssl ts -reply`
/// writes and `openssl ts -verify -in` reads. It carries the authority's signed token (`TSTInfo`: the message
/// imprint of the stamped data, the time, a serial number) and, when the request asked for it, the authority's
/// certificate. A token is self-authenticating: checking it needs only the stamped bytes and the authority's
/// certificate (`verify`).
public struct TimestampToken: Sendable, Equatable {
    /// The response's DER bytes, exactly as received and stored.
    public let der: [UInt8]
    /// When the authority says it stamped (`genTime`), RFC 3339 UTC with milliseconds.
    public let time: String
    /// The token's serial number (hex).
    public let serial: String
    /// The signer's certificate subject, when the token carries it.
    public let signer: String?

    /// The most a stored or received token may hold (a response with a certificate chain is a few KiB).
    public static let largest = 256 << 10

    /// Parses a response (`d2i_TS_RESP`) and requires it to be granted and to hold a token.
    /// - Parameters:
    ///   - der: the response bytes.
    ///   - source: a name for messages, such as the file's path.
    /// - Throws: `ExhibitError.verificationFailed` when the bytes are not a granted time-stamp response.
    public init(der: [UInt8], source: String) throws {
        guard !der.isEmpty, der.count <= Self.largest else {
            throw ExhibitError.verificationFailed("\(source) is not an RFC 3161 time-stamp response (empty or too large)")
        }
        let response = try TimestampResponse(der: der, source: source)
        self.der = der
        time = response.time
        serial = response.serial
        signer = response.signerSubject
    }

    /// Verifies the token (`TS_RESP_verify_response` with `TS_VFY_VERSION | TS_VFY_SIGNATURE | TS_VFY_DATA`, as
    /// `openssl ts -verify -data` does): its imprint is SHA-256 of `data`, and it is signed by a certificate that
    /// chains to `authority` (the authority's own certificate or its CA) with the critical timeStamping extended key
    /// usage, valid at the token's time.
    /// - Parameters:
    ///   - data: the stamped bytes (a DER CMS signature).
    ///   - authority: the trusted authority certificate.
    ///   - source: a name for messages.
    /// - Throws: `ExhibitError.verificationFailed` naming `source` when it does not verify.
    public func verify(data: [UInt8], authority: Certificate, source: String) throws {
        let response = try TimestampResponse(der: der, source: source)
        guard response.imprintIsSHA256 else {
            throw ExhibitError.verificationFailed("\(source): the token's message imprint is not SHA-256")
        }
        try response.verify(
            flags: Int32(TS_VFY_VERSION | TS_VFY_SIGNATURE | TS_VFY_DATA), data: data, request: nil, authority: authority,
            source: source)
    }
}

/// An owned `TS_RESP` (freed in `deinit`) and what the wrappers read from it.
final class TimestampResponse {
    let pointer: OpaquePointer
    let time: String
    let serial: String
    let signerSubject: String?
    let imprintIsSHA256: Bool

    /// Parses `der` (`d2i_TS_RESP`) and requires status granted (or granted with modifications) and a token.
    /// - Throws: `.verificationFailed` naming `source`.
    init(der: [UInt8], source: String) throws {
        OpenSSLErrorQueue.clear()
        let parsed: OpaquePointer? = der.withUnsafeBufferPointer { buffer in
            var cursor = buffer.baseAddress
            return d2i_TS_RESP(nil, &cursor, buffer.count)
        }
        guard let parsed else {
            OpenSSLErrorQueue.clear()
            throw ExhibitError.verificationFailed("\(source) is not an RFC 3161 time-stamp response")
        }
        pointer = parsed
        let status = TS_RESP_get_status_info(parsed).flatMap { TS_STATUS_INFO_get0_status($0) }.map { ASN1_INTEGER_get($0) }
        guard let status, status == TS_STATUS_GRANTED || status == TS_STATUS_GRANTED_WITH_MODS else {
            throw ExhibitError.verificationFailed(
                "\(source): the time-stamp authority refused the request (status \(status.map(String.init) ?? "missing"))")
        }
        guard let info = TS_RESP_get_tst_info(parsed), TS_RESP_get_token(parsed) != nil,
            let time = Self.time(TS_TST_INFO_get_time(info))
        else { throw ExhibitError.verificationFailed("\(source) holds no time-stamp token") }
        self.time = time
        serial = Self.hex(TS_TST_INFO_get_serial(info))
        let algorithm = TS_TST_INFO_get_msg_imprint(info).flatMap { TS_MSG_IMPRINT_get_algo($0) }
        var object: OpaquePointer?
        if let algorithm { X509_ALGOR_get0(&object, nil, nil, algorithm) }
        imprintIsSHA256 = object.map { OBJ_obj2nid($0) == NID_sha256 } ?? false
        signerSubject = Self.signerSubject(TS_RESP_get_token(parsed))
        OpenSSLErrorQueue.clear()
    }

    deinit { TS_RESP_free(pointer) }

    /// Verifies the response with `flags` (`TS_RESP_verify_response`): against `request` when given (imprint, nonce,
    /// version), else against `data`; the signature against `authority` as the trust anchor (partial chains allowed:
    /// the authority's own certificate or a CA above it), at the token's time.
    /// - Throws: `.verificationFailed` with OpenSSL's reason.
    func verify(flags: Int32, data: [UInt8]?, request: OpaquePointer?, authority: Certificate, source: String) throws {
        OpenSSLErrorQueue.clear()
        let made: OpaquePointer? = request.map { TS_REQ_to_TS_VERIFY_CTX($0, nil) } ?? TS_VERIFY_CTX_new()
        guard let context = made else { throw OpenSSLErrorQueue.error(.environment, "cannot allocate a verification") }
        defer { TS_VERIFY_CTX_free(context) }
        if request == nil { TS_VERIFY_CTX_set_flags(context, flags) } else { TS_VERIFY_CTX_add_flags(context, flags) }
        if let data {
            let input = try OwnedBIO.reading(data)
            // The context owns the BIO from here (freed with it).
            TS_VERIFY_CTX_set_data(context, input.bio)
            BIO_up_ref(input.bio)
        }
        guard let store = X509_STORE_new() else { throw OpenSSLErrorQueue.error(.environment, "cannot allocate a trust store") }
        guard X509_STORE_add_cert(store, authority.x509) == 1 else {
            X509_STORE_free(store)
            throw OpenSSLErrorQueue.error(.environment, "cannot add the authority's certificate")
        }
        X509_STORE_set_flags(store, UInt(X509_V_FLAG_PARTIAL_CHAIN))
        if let date = Timestamp.parse(time), let parameters = X509_STORE_get0_param(store) {
            X509_VERIFY_PARAM_set_time(parameters, time_t(date.timeIntervalSince1970))
        }
        TS_VERIFY_CTX_set_store(context, store)
        // The signer's certificate must travel in the token (the request asks for it), as `openssl ts -verify` needs:
        // the certificates are outside the token's signature, so a changed copy must fail here as it fails there.
        guard TS_RESP_verify_response(context, pointer) == 1 else {
            let reasons = OpenSSLErrorQueue.drain()
            throw ExhibitError.verificationFailed(
                "\(source) does not verify against the time-stamp authority \(authority.subject)"
                    + (reasons.isEmpty ? "" : ": \(reasons)"))
        }
        OpenSSLErrorQueue.clear()
    }

    /// A `GeneralizedTime` as RFC 3339 UTC with milliseconds (`ASN1_TIME_to_tm`; fractions of a second are dropped).
    private static func time(_ value: UnsafePointer<ASN1_GENERALIZEDTIME>?) -> String? {
        guard let value else { return nil }
        var parts = tm()
        guard ASN1_TIME_to_tm(value, &parts) == 1 else { return nil }
        return Timestamp.format(seconds: Int(timegm(&parts)), nanoseconds: 0)
    }

    /// An ASN.1 integer as lower-case hex (`ASN1_INTEGER_to_BN`, `BN_bn2hex`).
    private static func hex(_ value: UnsafePointer<ASN1_INTEGER>?) -> String {
        guard let value, let number = ASN1_INTEGER_to_BN(value, nil) else { return "" }
        defer { BN_free(number) }
        guard let text = BN_bn2hex(number) else { return "" }
        defer { exhibit_OPENSSL_free(text) }
        return String(cString: text).lowercased()
    }

    /// The subject of the token's signer certificate, when the token carries it (`PKCS7_get0_signers`).
    private static func signerSubject(_ token: UnsafeMutablePointer<PKCS7>?) -> String? {
        guard let token, let signers = PKCS7_get0_signers(token, nil, 0) else {
            OpenSSLErrorQueue.clear()
            return nil
        }
        defer { exhibit_sk_X509_free(signers) }
        guard exhibit_sk_X509_num(signers) > 0, let first = exhibit_sk_X509_value(signers, 0) else { return nil }
        X509_up_ref(first)
        return Certificate(adopting: first).subject
    }
}
