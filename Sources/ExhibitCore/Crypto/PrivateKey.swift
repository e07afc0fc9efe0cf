internal import CExhibitOpenSSL
import Foundation

/// An agency's private key: owns an `EVP_PKEY` and frees it in `deinit`.
///
/// At rest a key is always encrypted PKCS#8 (scrypt N=16384 r=8 p=1, AES-256-CBC), the format
/// `openssl pkcs8 -topk8 -scrypt` writes and `openssl pkey -passin file:F` reads. The key material is never
/// printed or logged; `description` names only the algorithm.
public final class PrivateKey: @unchecked Sendable, CustomStringConvertible {
    let pkey: OpaquePointer

    init(adopting pkey: OpaquePointer) { self.pkey = pkey }

    deinit { EVP_PKEY_free(pkey) }

    /// Generates a new key (`EVP_PKEY_keygen` through `EVP_PKEY_CTX_new_from_name`).
    /// - Throws: `ExhibitError.environment` when OpenSSL fails.
    public static func generate(_ algorithm: KeyAlgorithm) throws -> PrivateKey {
        let name = algorithm.isEllipticCurve ? "EC" : "RSA"
        guard let context = EVP_PKEY_CTX_new_from_name(nil, name, nil) else {
            throw OpenSSLErrorQueue.error(.environment, "OpenSSL cannot generate \(name) keys")
        }
        defer { EVP_PKEY_CTX_free(context) }
        guard EVP_PKEY_keygen_init(context) == 1 else {
            throw OpenSSLErrorQueue.error(.environment, "cannot start key generation")
        }
        let configured: Int32
        switch algorithm {
        case .p256: configured = EVP_PKEY_CTX_set_group_name(context, "P-256")
        case .p384: configured = EVP_PKEY_CTX_set_group_name(context, "P-384")
        case .rsa3072: configured = EVP_PKEY_CTX_set_rsa_keygen_bits(context, 3072)
        }
        guard configured == 1 else {
            throw OpenSSLErrorQueue.error(.environment, "cannot configure \(algorithm.rawValue) key generation")
        }
        var generated: OpaquePointer?
        guard EVP_PKEY_generate(context, &generated) == 1, let generated else {
            throw OpenSSLErrorQueue.error(.environment, "key generation failed")
        }
        return PrivateKey(adopting: generated)
    }

    /// The algorithm of this key, when it is one Exhibit supports.
    public var algorithm: KeyAlgorithm? {
        switch EVP_PKEY_get_base_id(pkey) {
        case EVP_PKEY_RSA: return EVP_PKEY_get_bits(pkey) >= 3072 ? .rsa3072 : nil
        case EVP_PKEY_EC:
            switch EVP_PKEY_get_bits(pkey) {
            case 256: return .p256
            case 384: return .p384
            default: return nil
            }
        default: return nil
        }
    }

    /// True for RSA keys (which sign with RSA-PSS and decrypt with RSA-OAEP).
    var isRSA: Bool { EVP_PKEY_get_base_id(pkey) == EVP_PKEY_RSA }

    /// The digest that goes with this key's size for signatures.
    var signatureDigest: OpaquePointer? { algorithm == .p384 ? EVP_sha384() : EVP_sha256() }

    public var description: String { "PrivateKey(\(algorithm?.rawValue ?? "unsupported"))" }

    /// The key as encrypted PKCS#8 PEM (`PKCS5_pbe2_set_scrypt`, `PKCS8_set0_pbe`, `PEM_write_bio_PKCS8`).
    /// - Parameter passphrase: the passphrase bytes (not stored).
    /// - Returns: the PEM text as bytes.
    /// - Throws: `ExhibitError.environment` when OpenSSL fails, `.badInput` for an empty passphrase.
    public func encryptedPEM(passphrase: [UInt8]) throws -> [UInt8] {
        guard !passphrase.isEmpty else { throw ExhibitError.badInput("the passphrase is empty") }
        guard let info = EVP_PKEY2PKCS8(pkey) else {
            throw OpenSSLErrorQueue.error(.environment, "cannot encode the private key")
        }
        defer { PKCS8_PRIV_KEY_INFO_free(info) }
        guard let pbe = PKCS5_pbe2_set_scrypt(EVP_aes_256_cbc(), nil, 0, nil, 16384, 8, 1) else {
            throw OpenSSLErrorQueue.error(.environment, "cannot set up scrypt key encryption")
        }
        let sealed = passphrase.withUnsafeBytes { raw in
            PKCS8_set0_pbe(raw.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(raw.count), info, pbe)
        }
        guard let sealed else {
            X509_ALGOR_free(pbe)
            throw OpenSSLErrorQueue.error(.environment, "cannot encrypt the private key")
        }
        defer { X509_SIG_free(sealed) }
        let out = try OwnedBIO.memory()
        guard PEM_write_bio_PKCS8(out.bio, sealed) == 1 else {
            throw OpenSSLErrorQueue.error(.environment, "cannot write the private key")
        }
        return out.contents()
    }

    /// Reads an encrypted PKCS#8 PEM key (`PEM_read_bio_PrivateKey`).
    ///
    /// Refuses unencrypted keys and key files other users can read: a key at rest is always encrypted
    /// and private.
    /// - Parameters:
    ///   - path: the key file.
    ///   - passphrase: the passphrase bytes; zeroed by the caller afterwards.
    /// - Returns: the key.
    /// - Throws: `ExhibitError.environment` for an unreadable, unencrypted or exposed file, or a wrong passphrase.
    public static func load(path: String, passphrase: [UInt8]) throws -> PrivateKey {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw ExhibitError.environment("\(path): \(String(cString: strerror(errno)))")
        }
        guard info.st_mode & 0o077 == 0 else {
            throw ExhibitError.environment(
                "\(path): permissions \(String(info.st_mode & 0o777, radix: 8)) are too open for a private key; run chmod 600 \(path)"
            )
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ExhibitError.environment("\(path): cannot read the private key")
        }
        let text = String(decoding: data, as: UTF8.self)
        guard text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----") else {
            throw ExhibitError.environment(
                "\(path) is not an encrypted PKCS#8 private key; encrypt it with openssl pkcs8 -topk8 -scrypt")
        }
        let input = try OwnedBIO.reading(Array(data))
        OpenSSLErrorQueue.clear()
        var terminated = passphrase + [0]
        defer { SecureMemory.wipe(&terminated) }
        let loaded = terminated.withUnsafeMutableBytes { raw in
            PEM_read_bio_PrivateKey(input.bio, nil, nil, raw.baseAddress)
        }
        guard let loaded else {
            OpenSSLErrorQueue.clear()
            throw ExhibitError.environment("\(path): wrong passphrase, or the key file is damaged")
        }
        return PrivateKey(adopting: loaded)
    }
}
