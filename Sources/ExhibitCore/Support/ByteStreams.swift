import Foundation

/// Somewhere bytes are written in order: a file, a digest, a cipher, an archive entry.
protocol ByteSink: AnyObject {
    /// Writes every byte or throws.
    func write(_ bytes: UnsafeRawBufferPointer) throws
}

/// Somewhere bytes are read from in order; `read` returns 0 at the end.
package protocol ByteSource: AnyObject {
    /// Fills up to `buffer.count` bytes and returns how many; 0 at the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

extension ByteSource {
    /// Reads to the end in chunks of up to `chunkSize` bytes, handing each to `body`.
    /// - Returns: how many bytes were read.
    @discardableResult
    package func forEachChunk(chunkSize: Int = 1 << 20, _ body: (UnsafeRawBufferPointer) throws -> Void) throws -> Int64 {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 64)
        defer { buffer.deallocate() }
        var total: Int64 = 0
        while true {
            let count = try read(into: buffer)
            if count == 0 { return total }
            try body(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            total += Int64(count)
        }
    }
}

/// Passes bytes on to a closure, hashing them (SHA-256) on the way.
final class DigestingSink: ByteSink {
    private let next: (UnsafeRawBufferPointer) throws -> Void
    private let digest: MessageDigest

    init(_ next: @escaping (UnsafeRawBufferPointer) throws -> Void) throws {
        self.next = next
        self.digest = try MessageDigest(.sha256)
    }

    package func write(_ bytes: UnsafeRawBufferPointer) throws {
        digest.update(bytes)
        try next(bytes)
    }

    /// The SHA-256 (hex) of everything written.
    func finish() -> String { Hex.encode(digest.finalize()) }
}

/// A file written through a descriptor in 1 MiB writes, with a running SHA-256 of everything written; write-back
/// is started as it goes so the final flush does not wait for all of it.
package final class HashingFileSink: ByteSink {
    package let path: String
    private let descriptor: Int32
    private let digest: MessageDigest
    private var buffer: [UInt8] = []
    private var flushedUpTo: Int64 = 0
    package private(set) var count: Int64 = 0
    private static let bufferSize = 1 << 20

    /// Creates `path` (which must not exist).
    package init(creating path: String, mode: mode_t = 0o600) throws {
        let descriptor = try FileSystem.createFile(path, mode: mode)
        self.path = path
        self.descriptor = descriptor
        self.digest = try MessageDigest(.sha256)
        buffer.reserveCapacity(Self.bufferSize)
    }

    deinit { close(descriptor) }

    package func write(_ bytes: UnsafeRawBufferPointer) throws {
        digest.update(bytes)
        count += Int64(bytes.count)
        if buffer.count + bytes.count > Self.bufferSize { try drain() }
        if bytes.count >= Self.bufferSize {
            try FileSystem.writeAll(descriptor, bytes, path: path)
        } else {
            buffer += bytes
        }
    }

    private func drain() throws {
        guard !buffer.isEmpty else { return }
        try FileSystem.writeAll(descriptor, buffer, path: path)
        buffer.removeAll(keepingCapacity: true)
        if count - flushedUpTo >= 16 << 20 {
            FileSystem.startWriteBack(descriptor, from: flushedUpTo, length: count - flushedUpTo)
            flushedUpTo = count
        }
    }

    /// Writes what is buffered, flushes to disk (unless `flush` is false: a scratch file read back at once) and
    /// returns the SHA-256 (hex) of everything written.
    package func finish(flush: Bool = true) throws -> String {
        try drain()
        guard !flush || fsync(descriptor) == 0 else { throw FileSystem.error(path, "cannot flush") }
        return Hex.encode(digest.finalize())
    }
}

/// Counts bytes and discards them (to learn the size of an archive before writing it).
final class CountingSink: ByteSink {
    private(set) var count: Int64 = 0
    package func write(_ bytes: UnsafeRawBufferPointer) throws { count += Int64(bytes.count) }
}

/// A file read through a descriptor.
package final class FileSource: ByteSource {
    private let descriptor: Int32
    private let path: String

    /// Opens `path` for reading (never following a final symbolic link).
    /// - Parameters:
    ///   - path: the file.
    ///   - sequential: tell the kernel the file is read once from start to end (read-ahead).
    /// - Throws: `ExhibitError` when it cannot be opened.
    package init(_ path: String, sequential: Bool = false) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else { throw FileSystem.error(path, "cannot open") }
        if sequential { posix_fadvise(descriptor, 0, 0, POSIX_FADV_SEQUENTIAL) }
        self.descriptor = descriptor
        self.path = path
    }

    deinit { close(descriptor) }

    package func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let count = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            if errno != EINTR { throw FileSystem.error(path, "cannot read") }
        }
    }
}

/// A byte range of a file, read with `pread` (the file's position is not used): the ciphertext inside a bundle, read
/// where it is instead of from a copy.
package final class FileRegionSource: ByteSource {
    private let descriptor: Int32
    private let path: String
    private var offset: Int64
    private let end: Int64

    /// Opens `path` (never following a final symbolic link) to read `range`.
    /// - Throws: `ExhibitError` when it cannot be opened.
    package init(_ path: String, range: Range<Int64>) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else { throw FileSystem.error(path, "cannot open") }
        posix_fadvise(descriptor, off_t(range.lowerBound), off_t(range.count), POSIX_FADV_SEQUENTIAL)
        self.descriptor = descriptor
        self.path = path
        offset = range.lowerBound
        end = range.upperBound
    }

    deinit { close(descriptor) }

    /// Reads the next bytes of the range; 0 at its end.
    /// - Throws: `ExhibitError` when the file cannot be read or ends before the range does.
    package func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let wanted = Int(min(Int64(buffer.count), end - offset))
        guard wanted > 0 else { return 0 }
        while true {
            let count = pread(descriptor, buffer.baseAddress, wanted, off_t(offset))
            if count > 0 {
                offset += Int64(count)
                return count
            }
            if count == 0 { throw ExhibitError.verificationFailed("\(path) is shorter than it was when it was checked") }
            if errno != EINTR { throw FileSystem.error(path, "cannot read") }
        }
    }
}

/// Passes reads through, hashing (SHA-256) every byte read.
package final class HashingSource: ByteSource {
    private let source: ByteSource
    private let digest: MessageDigest

    package init(_ source: ByteSource) throws {
        self.source = source
        self.digest = try MessageDigest(.sha256)
    }

    package func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = try source.read(into: buffer)
        digest.update(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        return count
    }

    /// The SHA-256 (hex) of everything read; call once, after the source is read to its end.
    package func finish() -> String { Hex.encode(digest.finalize()) }
}
