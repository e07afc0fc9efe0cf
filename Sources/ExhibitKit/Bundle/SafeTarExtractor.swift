import CExhibitArchive
import Foundation

/// Extracts a tar from an untrusted stream into a staging folder, accepting only what a bundle may hold:
/// regular files and directories with clean relative paths. Everything else — `..` or absolute paths,
/// symbolic and hard links, devices, FIFOs, sparse files, duplicate paths, over-long names, too many
/// entries or bytes — stops the extraction with an error; the caller deletes the staging folder.
enum SafeTarExtractor {
    /// Caps on what one archive may hold.
    struct Limits {
        var entries = 20_000
        var bytes: Int64 = 64 << 30
        var pathBytes = 1024
        var componentBytes = 255
        /// The largest single file, by path (relative to the archive).
        var fileBytes: (String) -> Int64 = { _ in Int64.max }
    }

    /// One extracted entry.
    struct Entry: Equatable {
        var path: String
        var size: Int64
        var isDirectory: Bool
        /// SHA-256 of the content, computed while it was written (files only).
        var sha256: String?
    }

    /// Holds the source and the first error it raised, for libarchive's read callback.
    private final class Context {
        let source: ByteSource
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var failure: (any Error)?
        init(_ source: ByteSource) { self.source = source }
    }

    /// Extracts `source` into `folder` (which must exist and be empty).
    /// - Parameters:
    ///   - source: the tar stream.
    ///   - folder: the staging folder.
    ///   - name: the archive's name, for messages.
    ///   - limits: caps.
    /// - Returns: the entries, in archive order, and the offset of the end-of-archive marker.
    /// - Throws: `ExhibitError.verificationFailed` naming the entry and the rule it breaks.
    static func extract(from source: ByteSource, into folder: String, name: String, limits: Limits = Limits()) throws -> (
        entries: [Entry], end: Int64
    ) {
        guard let archive = archive_read_new() else { throw ExhibitError.environment("cannot start reading a tar archive") }
        defer { archive_read_free(archive) }
        archive_read_support_format_tar(archive)
        let context = Context(source)
        let opened = archive_read_open(
            archive, Unmanaged.passUnretained(context).toOpaque(), nil,
            { _, client, buffer in
                guard let client, let buffer else { return -1 }
                let context = Unmanaged<Context>.fromOpaque(client).takeUnretainedValue()
                do {
                    let count = try context.buffer.withUnsafeMutableBytes { try context.source.read(into: $0) }
                    context.buffer.withUnsafeBytes { buffer.pointee = $0.baseAddress }
                    return count
                } catch {
                    context.failure = error
                    return -1
                }
            }, nil)
        func failure(_ what: String) throws -> ExhibitError {
            if let error = context.failure { throw error }
            let reason = archive_error_string(archive).map { String(cString: $0) } ?? "malformed"
            return ExhibitError.verificationFailed("\(name): \(what): \(reason)")
        }
        guard opened == ARCHIVE_OK else { throw try failure("not a tar archive") }

        var entries: [Entry] = []
        var end: Int64 = 0
        var seen = Set<String>()
        var total: Int64 = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            var entry: OpaquePointer?
            let status = archive_read_next_header(archive, &entry)
            if status == ARCHIVE_EOF {
                end = archive_read_header_position(archive)
                break
            }
            guard status == ARCHIVE_OK, let entry else { throw try failure("unreadable entry") }
            guard entries.count < limits.entries else {
                throw ExhibitError.verificationFailed("\(name) holds more than \(limits.entries) entries")
            }
            guard let raw = archive_entry_pathname_utf8(entry) else {
                throw ExhibitError.verificationFailed("\(name): an entry has no UTF-8 path")
            }
            let rawPath = String(cString: raw)
            let type = archive_entry_filetype(entry)
            let isDirectory = type == TarEntryType.directory
            let path = try clean(rawPath, name: name, limits: limits)
            guard archive_entry_hardlink(entry) == nil else {
                throw ExhibitError.verificationFailed("\(name): \(rawPath) is a hard link")
            }
            guard isDirectory || type == TarEntryType.regular else {
                let kind =
                    type == TarEntryType.symbolicLink
                    ? "a symbolic link"
                    : type == TarEntryType.fifo
                        ? "a FIFO"
                        : (type == TarEntryType.characterDevice || type == TarEntryType.blockDevice)
                            ? "a device" : "not a regular file or folder"
                throw ExhibitError.verificationFailed("\(name): \(rawPath) is \(kind)")
            }
            guard archive_entry_sparse_count(entry) == 0 else {
                throw ExhibitError.verificationFailed("\(name): \(rawPath) is a sparse file")
            }
            guard seen.insert(path).inserted else {
                throw ExhibitError.verificationFailed("\(name): \(rawPath) appears twice")
            }
            let size = isDirectory ? 0 : Int64(archive_entry_size(entry))
            guard isDirectory || archive_entry_size_is_set(entry) != 0, size >= 0 else {
                throw ExhibitError.verificationFailed("\(name): \(rawPath) has no size")
            }
            guard size <= limits.bytes - total, size <= limits.fileBytes(path) else {
                throw ExhibitError.verificationFailed(
                    "\(name): \(rawPath) declares \(size) bytes, more than the archive may hold")
            }
            total += size
            let target = "\(folder)/\(path)"
            var hash: String?
            if isDirectory {
                try FileSystem.makeDirectory(target)
            } else {
                try FileSystem.makeDirectory((target as NSString).deletingLastPathComponent)
                let descriptor = open(target, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
                guard descriptor >= 0 else { throw FileSystem.error(target, "cannot create") }
                defer { close(descriptor) }
                let digest = try MessageDigest(.sha256)
                var remaining = size
                while true {
                    let count = buffer.withUnsafeMutableBytes { archive_read_data(archive, $0.baseAddress, $0.count) }
                    if count == 0 { break }
                    guard count > 0, Int64(count) <= remaining else { throw try failure("\(rawPath) is truncated or damaged") }
                    try buffer.withUnsafeBytes {
                        let chunk = UnsafeRawBufferPointer(rebasing: $0[0..<count])
                        digest.update(chunk)
                        try FileSystem.writeAll(descriptor, chunk, path: target)
                    }
                    remaining -= Int64(count)
                }
                guard remaining == 0 else {
                    throw ExhibitError.verificationFailed("\(name): \(rawPath) is shorter than its declared size")
                }
                hash = Hex.encode(digest.finalize())
            }
            entries.append(Entry(path: path, size: size, isDirectory: isDirectory, sha256: hash))
        }
        if let error = context.failure { throw error }
        // After the end marker only zero padding may follow: anything else was added or altered.
        var tail = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = try tail.withUnsafeMutableBytes { try source.read(into: $0) }
            if count == 0 { break }
            guard tail[0..<count].allSatisfy({ $0 == 0 }) else {
                throw ExhibitError.verificationFailed("\(name) has data after its end-of-archive marker")
            }
        }
        return (entries, end)
    }

    /// A relative path of clean components, or an error naming the rule broken.
    static func clean(_ raw: String, name: String, limits: Limits) throws -> String {
        guard raw.utf8.count <= limits.pathBytes else {
            throw ExhibitError.verificationFailed("\(name): an entry's path is longer than \(limits.pathBytes) bytes")
        }
        guard !raw.hasPrefix("/") else { throw ExhibitError.verificationFailed("\(name): \(raw) is an absolute path") }
        let trimmed = raw.hasSuffix("/") ? String(raw.dropLast()) : raw
        let components = trimmed.split(separator: "/", omittingEmptySubsequences: false)
        for component in components {
            guard !component.isEmpty, component != ".", component != ".." else {
                throw ExhibitError.verificationFailed("\(name): \(raw) leaves its folder (empty, . or .. component)")
            }
            guard component.utf8.count <= limits.componentBytes else {
                throw ExhibitError.verificationFailed(
                    "\(name): a name in \(raw.prefix(80))… is longer than \(limits.componentBytes) bytes")
            }
            guard !component.unicodeScalars.contains(where: { $0.value < 0x20 || $0 == "\\" || $0.value == 0x7F }) else {
                throw ExhibitError.verificationFailed("\(name): \(raw) contains control characters or a backslash")
            }
        }
        return trimmed
    }
}
