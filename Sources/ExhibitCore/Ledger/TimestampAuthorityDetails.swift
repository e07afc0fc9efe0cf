/// `timestamp-authority`: the RFC 3161 time-stamp authority a store asks for tokens over its checkpoints'
/// signatures (`init --tsa`, `timestamp --tsa`). The certificate is the trust anchor of every token the authority
/// gives while it is the store's authority, and of those tokens for ever after.
public struct TimestampAuthorityDetails: Codable, Sendable, Equatable {
    /// The authority's URL (`http://` or `https://`).
    public var url: String
    /// Its certificate, or its CA's (PEM).
    public var certificate: String
    /// SHA-256 fingerprint of that certificate (lower-case hex of the DER).
    public var fingerprint: String

    /// Creates the details.
    public init(url: String, certificate: String, fingerprint: String) {
        self.url = url
        self.certificate = certificate
        self.fingerprint = fingerprint
    }
}
