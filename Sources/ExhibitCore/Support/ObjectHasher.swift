/// Re-hashes a stored object with SHA-256 (the object's identity), streaming in fixed-size reads.
package enum ObjectHasher {
    /// Size and SHA-256 of the file at `path`.
    /// - Throws: `ExhibitError` when it cannot be read.
    package static func sha256(path: String) throws -> (size: Int64, sha256: String) {
        let digest = try MessageDigest(.sha256)
        let size = try FileSource(path, sequential: true).forEachChunk { digest.update($0) }
        return (size, Hex.encode(digest.finalize()))
    }
}
