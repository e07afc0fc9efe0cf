import Foundation

/// Re-hashes a stored object with SHA-256 (the object's identity), streaming in fixed-size reads.
enum ObjectHasher {
    /// Size and SHA-256 of the file at `path`.
    static func sha256(path: String) throws -> (size: Int64, sha256: String) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else { throw FileSystem.error(path, "cannot open") }
        defer { close(descriptor) }
        posix_fadvise(descriptor, 0, 0, POSIX_FADV_SEQUENTIAL)
        let digest = try MessageDigest(.sha256)
        let capacity = 1 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 64)
        defer { buffer.deallocate() }
        var size: Int64 = 0
        while true {
            let count = read(descriptor, buffer.baseAddress, capacity)
            if count < 0 {
                if errno == EINTR { continue }
                throw FileSystem.error(path, "cannot read")
            }
            if count == 0 { break }
            digest.update(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            size += Int64(count)
        }
        return (size, Hex.encode(digest.finalize()))
    }
}
