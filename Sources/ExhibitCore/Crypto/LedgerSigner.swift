import Foundation

/// The agency key and certificate that sign a store's checkpoints.
public struct LedgerSigner: Sendable {
    /// The private key.
    public let key: PrivateKey
    /// Its certificate.
    public let certificate: Certificate

    /// Pairs a key with its certificate.
    /// - Throws: `ExhibitError.environment` when the key is not the certificate's.
    public init(key: PrivateKey, certificate: Certificate) throws {
        guard certificate.matches(key) else {
            throw ExhibitError.environment("the private key does not belong to the certificate for \(certificate.subject)")
        }
        self.key = key
        self.certificate = certificate
    }

    /// Loads the key at `keyPath`, reading its passphrase from `EXHIBIT_PASSPHRASE_FILE` or the terminal.
    /// - Parameters:
    ///   - keyPath: the encrypted PKCS#8 key file.
    ///   - certificate: the certificate the key must belong to.
    ///   - environment: where `EXHIBIT_PASSPHRASE_FILE` is looked up.
    /// - Returns: the signer.
    /// - Throws: `ExhibitError.environment` for a missing key, no passphrase, a wrong passphrase or a key
    ///   that does not match `certificate`.
    public static func load(
        keyPath: String, certificate: Certificate,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> LedgerSigner {
        guard FileSystem.exists(keyPath) else {
            throw ExhibitError.environment("\(keyPath): the agency private key is missing; pass --key or set EXHIBIT_KEY")
        }
        var passphrase = try Passphrase.read(for: keyPath, environment: environment)
        defer { SecureMemory.wipe(&passphrase) }
        let key = try PrivateKey.load(path: keyPath, passphrase: passphrase)
        return try LedgerSigner(key: key, certificate: certificate)
    }

    /// A detached CMS signature over `bytes`, carrying the certificate unless `includeCertificate` is false.
    package func sign(_ bytes: [UInt8], includeCertificate: Bool = true) throws -> [UInt8] {
        try CMSSignature.sign(.bytes(bytes), key: key, certificate: certificate, includeCertificate: includeCertificate)
    }
}
