import Foundation

/// Somewhere bytes are written in order: a file, a digest, a cipher, an archive entry.
protocol ByteSink: AnyObject {
    /// Writes every byte or throws.
    func write(_ bytes: UnsafeRawBufferPointer) throws
}

/// Somewhere bytes are read from in order; `read` returns 0 at the end.
protocol ByteSource: AnyObject {
    /// Fills up to `buffer.count` bytes and returns how many; 0 at the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// A file written through a descriptor, with a running SHA-256 of everything written.
final class HashingFileSink: ByteSink {
    let path: String
    private let descriptor: Int32
    private let digest: MessageDigest
    private(set) var count: Int64 = 0

    /// Creates `path` (which must not exist).
    init(creating path: String, mode: mode_t = 0o600) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode)
        guard descriptor >= 0 else { throw FileSystem.error(path, "cannot create") }
        self.path = path
        self.descriptor = descriptor
        self.digest = try MessageDigest(.sha256)
    }

    deinit { close(descriptor) }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        try FileSystem.writeAll(descriptor, bytes, path: path)
        digest.update(bytes)
        count += Int64(bytes.count)
    }

    /// Flushes to disk and returns the SHA-256 (hex) of everything written.
    func finish() throws -> String {
        guard fsync(descriptor) == 0 else { throw FileSystem.error(path, "cannot flush") }
        return Hex.encode(digest.finalize())
    }
}

/// Counts bytes and discards them (to learn the size of an archive before writing it).
final class CountingSink: ByteSink {
    private(set) var count: Int64 = 0
    func write(_ bytes: UnsafeRawBufferPointer) throws { count += Int64(bytes.count) }
}

/// A file read through a descriptor.
final class FileSource: ByteSource {
    private let descriptor: Int32
    private let path: String

    init(_ path: String) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else { throw FileSystem.error(path, "cannot open") }
        self.descriptor = descriptor
        self.path = path
    }

    deinit { close(descriptor) }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let count = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            if errno != EINTR { throw FileSystem.error(path, "cannot read") }
        }
    }
}
