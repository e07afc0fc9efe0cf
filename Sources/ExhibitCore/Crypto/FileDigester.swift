/// The size, SHA-256, SHA-1 and MD5 of one file, and what its first bytes say its type is, computed from its bytes
/// as they pass once, chunk after chunk (a file being read, copied or extracted). One file at a time (`restart()` for
/// the next), one thread.
public final class FileDigester {
    private let sha256: MessageDigest
    private let sha1: MessageDigest
    private let md5: MessageDigest
    private var size: Int64 = 0
    /// The first bytes, however the chunks fall: what `MediaType.guess` looks at.
    private var head: [UInt8] = []
    private static let headBytes = 64

    /// Starts the three digests.
    /// - Throws: `ExhibitError.environment` when OpenSSL cannot provide one.
    public init() throws {
        sha256 = try MessageDigest(.sha256)
        sha1 = try MessageDigest(.sha1)
        md5 = try MessageDigest(.md5)
    }

    /// Adds the next bytes of the file.
    public func update(_ chunk: UnsafeRawBufferPointer) {
        if head.count < Self.headBytes { head.append(contentsOf: chunk.prefix(Self.headBytes - head.count)) }
        sha256.update(chunk)
        sha1.update(chunk)
        md5.update(chunk)
        size += Int64(chunk.count)
    }

    /// Starts again for the next file, keeping the digest contexts.
    /// - Throws: `ExhibitError.environment` when OpenSSL refuses.
    public func restart() throws {
        try sha256.restart()
        try sha1.restart()
        try md5.restart()
        size = 0
        head.removeAll(keepingCapacity: true)
    }

    /// Finishes the digests; the instance must not be updated afterwards, unless `restart()` is called.
    public func finish() -> FileDigests {
        FileDigests(
            size: size, sha256: Hex.encode(sha256.finalize()), sha1: Hex.encode(sha1.finalize()), md5: Hex.encode(md5.finalize()))
    }

    /// The media type a file of this name with the bytes seen so far has (`MediaType.guess`).
    public func mediaType(name: String) -> String {
        head.withUnsafeBytes { MediaType.guess(name: name, head: $0) }
    }
}
