import Foundation

/// The RFC 3161 token a bundle may carry over its custody checkpoint's signature: `exhibit/checkpoint.tsr` (the
/// time-stamp response, DER) and `exhibit/tsa.pem` (the authority's certificate, or its CA's), both in the inner,
/// signed bag. A partner checks it with `openssl ts -verify -data cp.p7s -in exhibit/checkpoint.tsr -CAfile
/// exhibit/tsa.pem`, where `cp.p7s` is the base64-decoded `signature` of the custody extract's first line.
public enum BundleTimestamp {
    /// The token's path in the inner bag.
    package static let tokenPath = "exhibit/checkpoint.tsr"
    /// The authority certificate's path in the inner bag.
    package static let certificatePath = "exhibit/tsa.pem"

    /// What a verified token says.
    public struct Summary: Sendable, Codable, Equatable {
        /// The authority (the token signer's subject).
        public var authority: String
        /// When it stamped (RFC 3339 UTC).
        public var time: String
        /// The token's serial number (hex).
        public var serial: String
        /// SHA-256 fingerprint of the carried authority certificate.
        public var certificate: String
    }

    /// The two files for the inner bag.
    package static func files(token: TimestampToken, authorityPEM: String) -> [(String, [UInt8])] {
        [(tokenPath, token.der), (certificatePath, Array(authorityPEM.utf8))]
    }

    /// Checks the token an extracted inner bag carries, if it carries one: it must come with the certificate, and
    /// verify over `signature` (the custody checkpoint's DER signature) against it.
    /// - Parameters:
    ///   - root: the inner bag's folder.
    ///   - signature: the custody checkpoint's signature bytes.
    /// - Returns: the token's summary, or nil when the bag carries none.
    /// - Throws: `ExhibitError.verificationFailed` naming the file when the token is malformed or does not verify.
    package static func check(root: String, signature: [UInt8]) throws -> Summary? {
        let token = FileManager.default.contents(atPath: "\(root)/\(tokenPath)")
        let certificate = FileManager.default.contents(atPath: "\(root)/\(certificatePath)")
        guard token != nil || certificate != nil else { return nil }
        guard let token, let certificate else {
            throw ExhibitError.verificationFailed(
                "\(token == nil ? certificatePath : tokenPath) travels without \(token == nil ? tokenPath : certificatePath)")
        }
        let authority = try Certificate(bytes: Array(certificate), source: certificatePath)
        let parsed = try TimestampToken(der: Array(token), source: tokenPath)
        try parsed.verify(data: signature, authority: authority, source: tokenPath)
        return Summary(
            authority: parsed.signer ?? authority.subject, time: parsed.time, serial: parsed.serial,
            certificate: authority.fingerprint)
    }
}
