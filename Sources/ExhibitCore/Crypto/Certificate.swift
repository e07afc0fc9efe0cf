internal import CExhibitOpenSSL
import Foundation

/// An X.509 certificate: owns an `X509` and frees it in `deinit`.
public final class Certificate: @unchecked Sendable {
    let x509: OpaquePointer

    init(adopting x509: OpaquePointer) { self.x509 = x509 }

    deinit { X509_free(x509) }

    /// Parses a certificate from PEM or DER bytes (`PEM_read_bio_X509`, `d2i_X509_bio`).
    /// - Parameters:
    ///   - bytes: the encoded certificate.
    ///   - source: a name for messages, such as the file's path.
    /// - Throws: `ExhibitError.badInput` when the bytes are not a certificate.
    public convenience init(bytes: [UInt8], source: String) throws {
        let input = try OwnedBIO.reading(bytes)
        OpenSSLErrorQueue.clear()
        let parsed: OpaquePointer?
        if bytes.starts(with: Array("-----BEGIN".utf8))
            || String(decoding: bytes.prefix(4096), as: UTF8.self).contains("-----BEGIN CERTIFICATE-----")
        {
            parsed = PEM_read_bio_X509(input.bio, nil, nil, nil)
        } else {
            parsed = d2i_X509_bio(input.bio, nil)
        }
        guard let parsed else {
            OpenSSLErrorQueue.clear()
            throw ExhibitError.badInput("\(source) is not an X.509 certificate (PEM or DER)")
        }
        self.init(adopting: parsed)
    }

    /// Reads a certificate file (PEM or DER).
    /// - Throws: `ExhibitError.badInput` when the file is missing or not a certificate.
    public static func load(path: String) throws -> Certificate {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ExhibitError.badInput("\(path): no such certificate file, or it cannot be read")
        }
        return try Certificate(bytes: Array(data), source: path)
    }

    /// Every certificate in a PEM file (a CA bundle), in order.
    /// - Throws: `ExhibitError.badInput` when the file holds none.
    public static func loadAll(path: String) throws -> [Certificate] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ExhibitError.badInput("\(path): no such file, or it cannot be read")
        }
        return try all(in: Array(data), source: path)
    }

    /// Every certificate in PEM text (or one DER certificate), in order.
    /// - Throws: `ExhibitError.badInput` when there is none.
    public static func all(in bytes: [UInt8], source: String) throws -> [Certificate] {
        let input = try OwnedBIO.reading(bytes)
        var found: [Certificate] = []
        OpenSSLErrorQueue.clear()
        while let next = PEM_read_bio_X509(input.bio, nil, nil, nil) {
            found.append(Certificate(adopting: next))
        }
        OpenSSLErrorQueue.clear()
        if found.isEmpty { return [try Certificate(bytes: bytes, source: source)] }
        return found
    }

    /// DER encoding (`i2d_X509`).
    public var der: [UInt8] {
        let length = i2d_X509(x509, nil)
        guard length > 0 else { return [] }
        var out = [UInt8](repeating: 0, count: Int(length))
        out.withUnsafeMutableBufferPointer { buffer in
            var cursor = buffer.baseAddress
            _ = i2d_X509(x509, &cursor)
        }
        return out
    }

    /// PEM encoding (`PEM_write_bio_X509`).
    public var pem: String {
        guard let out = try? OwnedBIO.memory(), PEM_write_bio_X509(out.bio, x509) == 1 else { return "" }
        return String(decoding: out.contents(), as: UTF8.self)
    }

    /// SHA-256 over the DER encoding, lower-case hex: the pinned identity of an agency.
    public var fingerprint: String { Hex.encode(MessageDigest.sha256(der)) }

    /// The fingerprint as `openssl x509 -fingerprint -sha256` prints it (upper case, colon separated).
    public var displayFingerprint: String { Self.display(fingerprint: fingerprint) }

    /// Formats a lower-case hex fingerprint the way `openssl x509 -fingerprint` prints it.
    public static func display(fingerprint: String) -> String {
        var pairs: [String] = []
        var current = ""
        for char in fingerprint.uppercased() {
            current.append(char)
            if current.count == 2 {
                pairs.append(current)
                current = ""
            }
        }
        return pairs.joined(separator: ":")
    }

    /// The subject in RFC 2253 form.
    public var subject: String { Self.describe(X509_get_subject_name(x509)) }

    /// The issuer in RFC 2253 form.
    public var issuer: String { Self.describe(X509_get_issuer_name(x509)) }

    /// The subject's organisation (O), or its common name when it has no organisation.
    public var organization: String? {
        Self.entry(X509_get_subject_name(x509), nid: NID_organizationName)
            ?? Self.entry(X509_get_subject_name(x509), nid: NID_commonName)
    }

    /// Start of validity.
    public var notBefore: Date? { Self.date(X509_get0_notBefore(x509)) }

    /// End of validity.
    public var notAfter: Date? { Self.date(X509_get0_notAfter(x509)) }

    /// Serial number in hex.
    public var serialNumber: String {
        guard let serial = X509_get0_serialNumber(x509), let bignum = ASN1_INTEGER_to_BN(serial, nil) else { return "" }
        defer { BN_free(bignum) }
        guard let hex = BN_bn2hex(bignum) else { return "" }
        defer { exhibit_OPENSSL_free(hex) }
        return String(cString: hex).lowercased()
    }

    /// True when the certificate is self-signed (`EXFLAG_SS`).
    public var isSelfSigned: Bool { X509_get_extension_flags(x509) & UInt32(EXFLAG_SS) != 0 }

    /// The key usage bits, or `nil` when the certificate has no key usage extension.
    var keyUsage: UInt32? {
        let usage = X509_get_key_usage(x509)
        return usage == UInt32.max ? nil : usage
    }

    /// The names of the key usages present, e.g. `digitalSignature`, `keyAgreement`.
    public var keyUsageNames: [String] {
        guard let usage = keyUsage else { return [] }
        let names: [(UInt32, String)] = [
            (UInt32(KU_DIGITAL_SIGNATURE), "digitalSignature"), (UInt32(KU_NON_REPUDIATION), "nonRepudiation"),
            (UInt32(KU_KEY_ENCIPHERMENT), "keyEncipherment"), (UInt32(KU_DATA_ENCIPHERMENT), "dataEncipherment"),
            (UInt32(KU_KEY_AGREEMENT), "keyAgreement"), (UInt32(KU_KEY_CERT_SIGN), "keyCertSign"),
            (UInt32(KU_CRL_SIGN), "cRLSign"),
        ]
        return names.filter { usage & $0.0 != 0 }.map(\.1)
    }

    /// True when the key may sign (no key usage extension, or digitalSignature / nonRepudiation).
    public var allowsSigning: Bool {
        guard let usage = keyUsage else { return true }
        return usage & UInt32(KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION) != 0
    }

    /// True when bundles may be encrypted to this certificate: RSA needs keyEncipherment, EC keyAgreement
    /// (or no key usage extension at all).
    public var allowsEncryption: Bool {
        guard let usage = keyUsage else { return true }
        let needed = publicKeyIsRSA ? UInt32(KU_KEY_ENCIPHERMENT) : UInt32(KU_KEY_AGREEMENT)
        return usage & needed != 0
    }

    /// True when the public key is RSA.
    var publicKeyIsRSA: Bool {
        guard let key = X509_get0_pubkey(x509) else { return false }
        return EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA
    }

    /// Size of the public key in bits.
    var publicKeyBits: Int {
        guard let key = X509_get0_pubkey(x509) else { return 0 }
        return Int(EVP_PKEY_get_bits(key))
    }

    /// The public key algorithm, e.g. `EC P-256` or `RSA 3072`.
    public var publicKeyDescription: String {
        guard let key = X509_get0_pubkey(x509) else { return "unknown" }
        let bits = EVP_PKEY_get_bits(key)
        switch EVP_PKEY_get_base_id(key) {
        case EVP_PKEY_RSA: return "RSA \(bits)"
        case EVP_PKEY_EC: return "EC P-\(bits)"
        default: return "other (\(bits) bits)"
        }
    }

    /// True when `key` is the private half of this certificate's public key (`X509_check_private_key`).
    public func matches(_ key: PrivateKey) -> Bool {
        let result = X509_check_private_key(x509, key.pkey) == 1
        OpenSSLErrorQueue.clear()
        return result
    }

    /// True when `date` falls within the validity period.
    public func isValid(at date: Date) -> Bool {
        guard let start = notBefore, let end = notAfter else { return false }
        return start <= date && date <= end
    }

    /// An extra reference to the same certificate (`X509_up_ref`), for stacks that take ownership.
    func retainedPointer() -> OpaquePointer {
        X509_up_ref(x509)
        return x509
    }

    private static func describe(_ name: OpaquePointer?) -> String {
        guard let name, let out = try? OwnedBIO.memory() else { return "" }
        X509_NAME_print_ex(out.bio, name, 0, exhibit_XN_FLAG_RFC2253_UTF8())
        return String(decoding: out.contents(), as: UTF8.self)
    }

    private static func entry(_ name: OpaquePointer?, nid: Int32) -> String? {
        guard let name else { return nil }
        let index = X509_NAME_get_index_by_NID(name, nid, -1)
        guard index >= 0, let entry = X509_NAME_get_entry(name, index),
            let data = X509_NAME_ENTRY_get_data(entry)
        else { return nil }
        var utf8: UnsafeMutablePointer<UInt8>?
        let length = ASN1_STRING_to_UTF8(&utf8, data)
        guard length >= 0, let utf8 else { return nil }
        defer { exhibit_OPENSSL_free(utf8) }
        return String(decoding: UnsafeBufferPointer(start: utf8, count: Int(length)), as: UTF8.self)
    }

    private static func date(_ time: UnsafePointer<ASN1_TIME>?) -> Date? {
        guard let time else { return nil }
        var parts = tm()
        guard ASN1_TIME_to_tm(time, &parts) == 1 else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }
}
