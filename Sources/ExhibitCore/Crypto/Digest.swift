internal import CExhibitOpenSSL
import Foundation

/// A hash algorithm Exhibit computes through OpenSSL EVP.
public enum DigestAlgorithm: String, Sendable, CaseIterable, Codable {
    case sha256
    case sha1
    case md5

    /// Length of the digest in bytes.
    public var byteCount: Int {
        switch self {
        case .sha256: return 32
        case .sha1: return 20
        case .md5: return 16
        }
    }

    /// The algorithm as OpenSSL provides it, fetched once per process (`FetchedAlgorithms`).
    var evp: OpaquePointer? {
        switch self {
        case .sha256: return FetchedAlgorithms.shared.sha256
        case .sha1: return FetchedAlgorithms.shared.sha1
        case .md5: return FetchedAlgorithms.shared.md5
        }
    }
}

/// The digest algorithms fetched from OpenSSL's providers once (`EVP_MD_fetch`) and kept for the process's life.
/// OpenSSL 3 looks a legacy handle such as `EVP_sha256()` up in its provider store again on every initialisation,
/// which for a 4 KiB file of a phone extraction costs about a fifth of hashing it; a legacy handle is the fallback
/// when fetching fails.
private struct FetchedAlgorithms: @unchecked Sendable {
    // Fetched algorithms are immutable and may be shared between threads (OpenSSL's threading rules).
    let sha256: OpaquePointer?
    let sha1: OpaquePointer?
    let md5: OpaquePointer?

    static let shared = FetchedAlgorithms()

    private init() {
        sha256 = EVP_MD_fetch(nil, "SHA2-256", nil) ?? EVP_sha256()
        sha1 = EVP_MD_fetch(nil, "SHA1", nil) ?? EVP_sha1()
        md5 = EVP_MD_fetch(nil, "MD5", nil) ?? EVP_md5()
    }
}

/// A streaming message digest: owns an `EVP_MD_CTX` and frees it in `deinit`.
///
/// Not thread-safe; each instance is used from one thread at a time (the intake pipeline hands a
/// context to exactly one queue).
public final class MessageDigest: @unchecked Sendable {
    private let context: OpaquePointer
    /// The algorithm this digest computes.
    public let algorithm: DigestAlgorithm

    /// Starts a digest (`EVP_DigestInit_ex2`).
    /// - Throws: `ExhibitError.environment` when OpenSSL cannot provide the algorithm.
    public init(_ algorithm: DigestAlgorithm) throws {
        guard let context = EVP_MD_CTX_new() else {
            throw OpenSSLErrorQueue.error(.environment, "cannot allocate a digest context")
        }
        self.context = context
        self.algorithm = algorithm
        // A failure here frees the context in `deinit`.
        try restart()
    }

    /// Starts the digest (again) from nothing, keeping its context (for the next of many small inputs).
    /// - Throws: `ExhibitError.environment` when OpenSSL cannot provide the algorithm.
    public func restart() throws {
        guard EVP_DigestInit_ex2(context, algorithm.evp, nil) == 1 else {
            throw OpenSSLErrorQueue.error(.environment, "OpenSSL cannot compute \(algorithm.rawValue)")
        }
    }

    deinit { EVP_MD_CTX_free(context) }

    /// Adds bytes (`EVP_DigestUpdate`).
    public func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        EVP_DigestUpdate(context, base, bytes.count)
    }

    /// Adds bytes.
    public func update<Bytes: ContiguousBytes>(_ bytes: Bytes) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Finishes the digest (`EVP_DigestFinal_ex`); the instance must not be updated afterwards.
    public func finalize() -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        EVP_DigestFinal_ex(context, &out, &length)
        return Array(out.prefix(Int(length)))
    }

    /// One-shot digest of a byte string.
    public static func hash<Bytes: ContiguousBytes>(_ algorithm: DigestAlgorithm, _ bytes: Bytes) -> [UInt8] {
        bytes.withUnsafeBytes { buffer in
            var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
            var length: UInt32 = 0
            EVP_Digest(buffer.baseAddress, buffer.count, &out, &length, algorithm.evp, nil)
            return Array(out.prefix(Int(length)))
        }
    }

    /// SHA-256 of a byte string.
    public static func sha256<Bytes: ContiguousBytes>(_ bytes: Bytes) -> [UInt8] { hash(.sha256, bytes) }

    /// SHA-256 of a string's UTF-8 bytes, as lower-case hex.
    public static func sha256Hex(_ text: String) -> String { Hex.encode(sha256(Array(text.utf8))) }
}

/// Constant-time comparison of secrets and digests (`CRYPTO_memcmp`).
public enum ConstantTime {
    /// True when both byte strings have the same length and contents; the time taken does not
    /// depend on where they differ.
    public static func equal(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        if lhs.isEmpty { return true }
        return lhs.withUnsafeBytes { left in
            rhs.withUnsafeBytes { right in
                CRYPTO_memcmp(left.baseAddress, right.baseAddress, lhs.count) == 0
            }
        }
    }
}

/// Cryptographically secure random bytes (`RAND_bytes`).
public enum SecureRandom {
    /// `count` random bytes.
    /// - Throws: `ExhibitError.environment` when the generator fails.
    public static func bytes(_ count: Int) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        guard RAND_bytes(&out, Int32(count)) == 1 else {
            throw OpenSSLErrorQueue.error(.environment, "the random number generator failed")
        }
        return out
    }
}

/// Wiping secrets from memory (`OPENSSL_cleanse`, which the compiler cannot optimise away).
public enum SecureMemory {
    /// Overwrites every byte with zero.
    public static func wipe(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress else { return }
            OPENSSL_cleanse(base, raw.count)
        }
    }
}
