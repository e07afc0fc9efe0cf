/// The key types Exhibit generates for an agency identity.
public enum KeyAlgorithm: String, Sendable, CaseIterable {
    /// ECDSA / ECDH on NIST P-256 (the default).
    case p256
    /// ECDSA / ECDH on NIST P-384.
    case p384
    /// RSA with a 3072-bit modulus (signatures with RSA-PSS, encryption with RSA-OAEP).
    case rsa3072

    /// True for the elliptic-curve algorithms.
    public var isEllipticCurve: Bool { self != .rsa3072 }
}
