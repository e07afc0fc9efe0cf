internal import CExhibitOpenSSL
import Foundation

/// Asks an RFC 3161 time-stamp authority for a token over some bytes, with OpenSSL alone: a `TimeStampReq` (SHA-256
/// imprint, a random 64-bit nonce, the certificate requested) posted over HTTP or HTTPS (`OSSL_HTTP_transfer`,
/// `application/timestamp-query`, expecting `application/timestamp-reply`), the reply parsed (`d2i_TS_RESP`),
/// required granted, and verified against the request and the authority's certificate (`TS_RESP_verify_response`:
/// signature with the timeStamping key usage, imprint, nonce, version).
public struct TimestampAuthorityClient: Sendable {
    /// The authority's URL (`http://` or `https://`).
    public let url: String
    /// Its certificate (or its CA's): the trust anchor of every token it gives.
    public let certificate: Certificate
    /// The most the whole exchange may take, in seconds.
    public var timeout: Int32 = 10

    /// Why a token could not be had.
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// The authority could not be reached or did not answer in time (with OpenSSL's reason).
        case unreachable(String)
        /// It answered, but not with a granted token that verifies (the reason).
        case badAnswer(String)

        /// One line for a warning.
        public var description: String {
            switch self {
            case .unreachable(let reason): return "the time-stamp authority could not be reached (\(reason))"
            case .badAnswer(let reason): return "the time-stamp authority's answer was refused (\(reason))"
            }
        }
    }

    /// Creates a client.
    /// - Throws: `ExhibitError.badInput` for a URL that is not http:// or https:// with a host.
    public init(url: String, certificate: Certificate) throws {
        try Self.requireUsable(url)
        self.url = url
        self.certificate = certificate
    }

    /// Checks that `url` is an http:// or https:// URL with a host (`OSSL_HTTP_parse_url`).
    /// - Throws: `ExhibitError.badInput` naming it otherwise.
    public static func requireUsable(_ url: String) throws {
        guard url.count <= 2048, url.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }),
            (try? Target(url)) != nil
        else {
            throw ExhibitError.badInput("--tsa \(url) is not an http:// or https:// URL of a time-stamp authority")
        }
    }

    /// Requests, fetches and verifies a token over `data`.
    /// - Returns: the token (the whole response, as received).
    /// - Throws: `Failure.unreachable` when the authority cannot be reached, `Failure.badAnswer` when its answer is
    ///   not a granted token over `data` signed by `certificate`.
    public func stamp(_ data: [UInt8]) throws(Failure) -> TimestampToken {
        OpenSSLErrorQueue.clear()
        let request: TimestampRequest
        do { request = try TimestampRequest(imprintOf: data) } catch { throw .unreachable(error.message) }
        let answer = try exchange(request.der)
        do {
            let token = try TimestampToken(der: answer, source: "the answer of \(url)")
            let response = try TimestampResponse(der: answer, source: "the answer of \(url)")
            try response.verify(
                flags: Int32(TS_VFY_SIGNATURE), data: nil, request: request.pointer, authority: certificate,
                source: "the answer of \(url)")
            return token
        } catch {
            throw .badAnswer(error.message)
        }
    }

    /// Posts `body` and returns the reply's bytes (at most `TimestampToken.largest`).
    private func exchange(_ body: [UInt8]) throws(Failure) -> [UInt8] {
        let target: Target
        do { target = try Target(url) } catch { throw .unreachable(error.message) }
        var tls: OpaquePointer?
        if target.secure {
            guard let context = exhibit_https_client_context(target.host) else {
                throw .unreachable(OpenSSLErrorQueue.drain())
            }
            tls = context
        }
        defer { if let tls { SSL_CTX_free(tls) } }
        let input: OwnedBIO
        do { input = try OwnedBIO.reading(body) } catch { throw .unreachable(error.message) }
        // A loopback authority is never reached through a proxy; others follow http_proxy / https_proxy / no_proxy.
        let proxy: String? = ["127.0.0.1", "localhost", "::1", "[::1]"].contains(target.host) ? "" : nil
        // expect_asn1 = 1: OpenSSL reads the whole DER answer into memory before returning. With 0 it streams, handing
        // back the non-blocking connection, whose first read can come back empty while the answer is still on its way
        // (seen on a loaded machine: "not an RFC 3161 time-stamp response (empty …)").
        let reply: OpaquePointer? = proxy.withOptionalCString { proxy in
            OSSL_HTTP_transfer(
                nil, target.host, target.port, target.path, target.secure ? 1 : 0, proxy, nil, nil, nil,
                target.secure ? exhibit_http_tls_callback_pointer() : nil, tls.map { UnsafeMutableRawPointer($0) }, 0, nil,
                "application/timestamp-query", input.bio, "application/timestamp-reply", 1, TimestampToken.largest,
                timeout, 0)
        }
        guard let reply else {
            let reasons = OpenSSLErrorQueue.drain()
            // An answer came but was not DER (or not of the expected type): the authority answered badly.
            let answered = ["asn1 encoding", "unexpected content type", "missing content-type", "content type"].contains {
                reasons.localizedCaseInsensitiveContains($0)
            }
            let reason = reasons.isEmpty ? "no answer from \(url)" : reasons
            throw answered
                ? .badAnswer("\(url) answered with something that is not a time-stamp response: \(reason)") : .unreachable(reason)
        }
        let owned = OwnedBIO.adopting(reply)
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16 << 10)
        while true {
            let count = buffer.withUnsafeMutableBytes { BIO_read(owned.bio, $0.baseAddress, Int32($0.count)) }
            guard count > 0 else { break }
            bytes += buffer.prefix(Int(count))
            guard bytes.count <= TimestampToken.largest else { throw .badAnswer("the answer of \(url) is too large") }
        }
        OpenSSLErrorQueue.clear()
        return bytes
    }

    /// The parts of an authority's URL (`OSSL_HTTP_parse_url`).
    private struct Target {
        var secure: Bool
        var host: String
        var port: String
        var path: String

        init(_ url: String) throws {
            var secure: Int32 = 0
            var host: UnsafeMutablePointer<CChar>?
            var port: UnsafeMutablePointer<CChar>?
            var path: UnsafeMutablePointer<CChar>?
            var query: UnsafeMutablePointer<CChar>?
            OpenSSLErrorQueue.clear()
            guard OSSL_HTTP_parse_url(url, &secure, nil, &host, &port, nil, &path, &query, nil) == 1,
                let host, let port, let path
            else {
                OpenSSLErrorQueue.clear()
                throw ExhibitError.badInput("\(url) is not an http:// or https:// URL")
            }
            defer {
                exhibit_OPENSSL_free(host)
                exhibit_OPENSSL_free(port)
                exhibit_OPENSSL_free(path)
                if let query { exhibit_OPENSSL_free(query) }
            }
            self.secure = secure == 1
            self.host = String(cString: host)
            self.port = String(cString: port)
            let pathText = String(cString: path)
            let queryText = query.map { String(cString: $0) } ?? ""
            self.path = queryText.isEmpty ? pathText : pathText + "?" + queryText
            guard !self.host.isEmpty else { throw ExhibitError.badInput("\(url) names no host") }
        }
    }
}

/// An owned RFC 3161 `TimeStampReq` (freed in `deinit`): SHA-256 imprint, random nonce, certificate requested.
final class TimestampRequest {
    let pointer: OpaquePointer
    let der: [UInt8]

    /// Builds the request for `data` (`TS_REQ_new`, `TS_MSG_IMPRINT_set_msg`, `TS_REQ_set_nonce`, `i2d_TS_REQ`).
    /// - Throws: `.environment` when OpenSSL cannot build it.
    init(imprintOf data: [UInt8]) throws {
        guard let request = TS_REQ_new() else { throw OpenSSLErrorQueue.error(.environment, "cannot allocate a request") }
        pointer = request
        var digest = MessageDigest.sha256(data)
        guard let imprint = TS_MSG_IMPRINT_new(), let algorithm = X509_ALGOR_new() else {
            throw OpenSSLErrorQueue.error(.environment, "cannot allocate a message imprint")
        }
        defer {
            TS_MSG_IMPRINT_free(imprint)
            X509_ALGOR_free(algorithm)
        }
        let nonceBytes = try SecureRandom.bytes(8)
        guard X509_ALGOR_set0(algorithm, OBJ_nid2obj(NID_sha256), V_ASN1_NULL, nil) == 1,
            TS_MSG_IMPRINT_set_algo(imprint, algorithm) == 1,
            TS_MSG_IMPRINT_set_msg(imprint, &digest, Int32(digest.count)) == 1,
            TS_REQ_set_version(request, 1) == 1, TS_REQ_set_msg_imprint(request, imprint) == 1,
            TS_REQ_set_cert_req(request, 1) == 1
        else { throw OpenSSLErrorQueue.error(.environment, "cannot build a time-stamp request") }
        guard let number = BN_bin2bn(nonceBytes, Int32(nonceBytes.count), nil) else {
            throw OpenSSLErrorQueue.error(.environment, "cannot build a nonce")
        }
        defer { BN_free(number) }
        guard let nonce = BN_to_ASN1_INTEGER(number, nil) else {
            throw OpenSSLErrorQueue.error(.environment, "cannot build a nonce")
        }
        defer { ASN1_INTEGER_free(nonce) }
        guard TS_REQ_set_nonce(request, nonce) == 1 else { throw OpenSSLErrorQueue.error(.environment, "cannot set the nonce") }
        let length = i2d_TS_REQ(request, nil)
        guard length > 0 else { throw OpenSSLErrorQueue.error(.environment, "cannot encode a time-stamp request") }
        var out = [UInt8](repeating: 0, count: Int(length))
        out.withUnsafeMutableBufferPointer { buffer in
            var cursor = buffer.baseAddress
            _ = i2d_TS_REQ(request, &cursor)
        }
        der = out
    }

    deinit { TS_REQ_free(pointer) }
}

extension Optional where Wrapped == String {
    /// Calls `body` with a C string for the value, or NULL when there is none.
    fileprivate func withOptionalCString<T>(_ body: (UnsafePointer<CChar>?) -> T) -> T {
        switch self {
        case .some(let text): return text.withCString { body($0) }
        case .none: return body(nil)
        }
    }
}

extension Error {
    /// The message of an `ExhibitError`, or a description of another error.
    fileprivate var message: String { (self as? ExhibitError)?.message ?? "\(self)" }
}
