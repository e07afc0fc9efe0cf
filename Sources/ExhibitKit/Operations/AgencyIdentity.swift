import ExhibitCore
import Foundation

/// `exhibit keys`: an agency's identity on disk, `NAME.key` (encrypted PKCS#8, mode 0600) and
/// `NAME.crt` (PEM X.509).
public enum AgencyIdentity {
    /// What `generate` wrote.
    public struct Generated: Sendable, Codable {
        public var key: String
        public var certificate: String
        public var fingerprint: String
        public var algorithm: String
        public var subject: String
        public var notAfter: String
    }

    /// Generates a key pair and a self-signed trial certificate.
    /// - Parameters:
    ///   - agency: the agency's name (certificate O and CN).
    ///   - algorithm: key type.
    ///   - outputPrefix: `DIR/name`; writes `DIR/name.key` and `DIR/name.crt`, never over existing files.
    ///   - days: validity of the certificate.
    ///   - passphrase: encrypts the key.
    /// - Returns: the paths written and the certificate's particulars.
    /// - Throws: `.badInput` when either file exists; `.environment` when they cannot be written.
    public static func generate(
        agency: String, algorithm: KeyAlgorithm, outputPrefix: String, days: Int, passphrase: [UInt8]
    ) throws -> Generated {
        guard (1...3650).contains(days) else { throw ExhibitError.badInput("--days must be between 1 and 3650") }
        let keyPath = outputPrefix + ".key"
        let certificatePath = outputPrefix + ".crt"
        for path in [keyPath, certificatePath] where FileSystem.exists(path) {
            throw ExhibitError.badInput("\(path) already exists; refusing to overwrite an agency identity")
        }
        let folder = Path.parent(outputPrefix)
        if !folder.isEmpty { try FileSystem.makeDirectory(folder) }
        let key = try PrivateKey.generate(algorithm)
        let certificate = try CertificateIssuer.selfSigned(key: key, agency: agency, days: days)
        var pem = try key.encryptedPEM(passphrase: passphrase)
        defer { SecureMemory.wipe(&pem) }
        try FileSystem.writeAtomically(pem, to: keyPath, mode: 0o600, replace: false)
        do {
            try FileSystem.writeAtomically(Array(certificate.pem.utf8), to: certificatePath, mode: 0o644, replace: false)
        } catch {
            unlink(keyPath)
            throw error
        }
        return Generated(
            key: keyPath, certificate: certificatePath, fingerprint: certificate.fingerprint, algorithm: algorithm.rawValue,
            subject: certificate.subject, notAfter: certificate.notAfter.map(Timestamp.format) ?? "")
    }

    /// Writes a PKCS#10 request for an agency CA, signed with the key at `keyPath`.
    public static func signingRequest(keyPath: String, agency: String, output: String, passphrase: [UInt8]) throws {
        let key = try PrivateKey.load(path: keyPath, passphrase: passphrase)
        let request = try CertificateIssuer.signingRequest(key: key, agency: agency)
        try FileSystem.writeAtomically(Array(request.utf8), to: output, mode: 0o644, replace: false)
    }

    /// A certificate's particulars, as `keys show` prints them.
    public struct Description: Sendable, Codable {
        public var subject: String
        public var issuer: String
        public var serial: String
        public var notBefore: String
        public var notAfter: String
        public var fingerprint: String
        public var fingerprintDisplay: String
        public var publicKey: String
        public var keyUsage: [String]
        public var selfSigned: Bool
        public var validNow: Bool
    }

    /// Describes a certificate file.
    public static func describe(path: String) throws -> Description {
        let certificate = try Certificate.load(path: path)
        return Description(
            subject: certificate.subject, issuer: certificate.issuer, serial: certificate.serialNumber,
            notBefore: certificate.notBefore.map(Timestamp.format) ?? "",
            notAfter: certificate.notAfter.map(Timestamp.format) ?? "",
            fingerprint: certificate.fingerprint, fingerprintDisplay: certificate.displayFingerprint,
            publicKey: certificate.publicKeyDescription, keyUsage: certificate.keyUsageNames,
            selfSigned: certificate.isSelfSigned, validNow: certificate.isValid(at: Date()))
    }
}
