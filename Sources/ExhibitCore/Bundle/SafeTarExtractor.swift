internal import CExhibitArchive
import Foundation

/// Extracts a tar from an untrusted stream into a staging folder, accepting only what a bundle may hold:
/// regular files and directories with clean relative paths. Everything else — `..` or absolute paths,
/// symbolic and hard links, devices, FIFOs, sparse files, duplicate paths, over-long names, too many
/// entries or bytes — stops the extraction with an error; the caller deletes the staging folder.
package enum SafeTarExtractor {
    /// Caps on what one archive may hold.
    package struct Limits {
        /// The most entries any archive may declare or hold, whatever its sender says.
        package static let entryCeiling = 10_000_000
        /// Entries allowed when the sender declared none (bundles written before the declaration existed).
        package static let undeclaredEntries = 20_000

        package var entries: Int
        package var bytes: Int64
        package var pathBytes: Int
        package var componentBytes: Int
        /// The largest single file, by path (relative to the archive).
        package var fileBytes: (String) -> Int64

        /// Caps: `entries` entries, `bytes` bytes in all, paths of `pathBytes` and names of `componentBytes` bytes.
        package init(
            entries: Int = Limits.undeclaredEntries, bytes: Int64 = 64 << 30, pathBytes: Int = 1024, componentBytes: Int = 255,
            fileBytes: @escaping (String) -> Int64 = { _ in Int64.max }
        ) {
            self.entries = min(max(entries, 0), Limits.entryCeiling)
            self.bytes = bytes
            self.pathBytes = pathBytes
            self.componentBytes = componentBytes
            self.fileBytes = fileBytes
        }
    }

    /// One extracted entry.
    package struct Entry: Equatable {
        package var path: String
        package var size: Int64
        package var isDirectory: Bool
        /// SHA-256 of the content, computed while it was written (files only).
        package var sha256: String?
        /// The header's modification time (seconds since 1970).
        package var modified: Int64 = 0
        /// For the files `extract` was asked to digest in full: all three digests, computed while it was written.
        package var digests: FileDigests? = nil
        /// With `digests`: the media type its name and first bytes suggest (`MediaType.guess`).
        package var mediaType: String? = nil

        /// Creates an entry from every stored property.
        package init(
            path: String, size: Int64, isDirectory: Bool, sha256: String?, modified: Int64 = 0, digests: FileDigests? = nil,
            mediaType: String? = nil
        ) {
            self.path = path
            self.size = size
            self.isDirectory = isDirectory
            self.sha256 = sha256
            self.modified = modified
            self.digests = digests
            self.mediaType = mediaType
        }
    }

    /// Holds the source and the first error it raised, for libarchive's read callback. Reads alternate between
    /// two buffers, so the last two reads stay intact: libarchive may have read past the end-of-archive marker
    /// into them, and those bytes must be checked too.
    private final class Context {
        let source: ByteSource
        private let buffers = [
            UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16),
            UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16),
        ]
        private var starts: [Int64] = [0, 0]
        private var counts = [0, 0]
        private var current = 1
        /// Bytes handed to libarchive so far.
        private(set) var delivered: Int64 = 0
        var failure: (any Error)?
        init(_ source: ByteSource) { self.source = source }

        deinit { for buffer in buffers { buffer.deallocate() } }

        /// Fills the other buffer; returns its base address and length.
        func next() throws -> (UnsafeRawPointer?, Int) {
            current = 1 - current
            let count = try source.read(into: buffers[current])
            starts[current] = delivered
            counts[current] = count
            delivered += Int64(count)
            return (UnsafeRawPointer(buffers[current].baseAddress), count)
        }

        /// True when every byte delivered from `offset` on is zero; nil when those bytes are no longer held.
        func zerosDelivered(from offset: Int64) -> Bool? {
            let older = 1 - current
            let held = counts[older] > 0 ? starts[older] : starts[current]
            guard offset >= held || offset >= delivered else { return nil }
            for index in [older, current] where counts[index] > 0 {
                let begin = max(0, Int(offset - starts[index]))
                guard begin < counts[index] else { continue }
                if buffers[index][begin..<counts[index]].contains(where: { $0 != 0 }) { return false }
            }
            return true
        }
    }

    /// Extracts `source` into `folder` (which must exist and be empty).
    /// - Parameters:
    ///   - source: the tar stream.
    ///   - folder: the staging folder.
    ///   - name: the archive's name, for messages.
    ///   - limits: caps.
    ///   - digestInFull: the files (by path in the archive) whose SHA-1, MD5 and media type are computed too, as
    ///     they are written (the files that will be taken into a store, which then need not read them again).
    ///   - leaveInPlace: the files (by path in the archive) that are checked and hashed but not written: their
    ///     content is read later where it is, inside the archive (a bundle's ciphertext).
    /// - Returns: the entries, in archive order, and the offset of the end-of-archive marker.
    /// - Throws: `ExhibitError.verificationFailed` naming the entry and the rule it breaks.
    package static func extract(
        from source: ByteSource, into folder: String, name: String, limits: Limits = Limits(),
        digestInFull: (String) -> Bool = { _ in false }, leaveInPlace: (String) -> Bool = { _ in false }
    ) throws -> (entries: [Entry], end: Int64) {
        let list = ExtractedEntryList()
        let end = try extract(
            from: source, into: folder, name: name, limits: limits, digestInFull: digestInFull, leaveInPlace: leaveInPlace,
            recordingIn: list)
        return (list.entries, end)
    }

    /// Extracts `source` into `folder` as `extract(from:into:name:limits:digestInFull:leaveInPlace:)` does, recording
    /// each entry in `entries` as it is written instead of holding them (an archive of a million files).
    /// - Returns: the offset of the end-of-archive marker.
    /// - Throws: `ExhibitError.verificationFailed` naming the entry and the rule it breaks; what `entries` throws.
    package static func extract(
        from source: ByteSource, into folder: String, name: String, limits: Limits = Limits(),
        digestInFull: (String) -> Bool = { _ in false }, leaveInPlace: (String) -> Bool = { _ in false },
        recordingIn entries: some ExtractedEntries
    ) throws -> Int64 {
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
                    let (base, count) = try context.next()
                    buffer.pointee = base
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

        var count = 0
        var end: Int64 = 0
        var total: Int64 = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        // Folders and files are made, and written, on a second thread; it has stopped whenever this returns.
        let writer = ExtractedFileWriter()
        defer { try? writer.finish() }
        while true {
            var entry: OpaquePointer?
            // Names are converted through the thread's locale: UTF-8, so a pax UTF-8 path reads as written.
            let status = UTF8Locale.run { archive_read_next_header(archive, &entry) }
            if status == ARCHIVE_EOF {
                end = archive_read_header_position(archive)
                break
            }
            guard status == ARCHIVE_OK, let entry else { throw try failure("unreadable entry") }
            guard count < limits.entries else {
                throw ExhibitError.verificationFailed("\(name) holds more than \(limits.entries) entries")
            }
            // The name's bytes as stored (Exhibit writes them unconverted), which must be UTF-8: never normalised,
            // so NFC and NFD names stay distinct, as they are on disk.
            guard let raw = archive_entry_pathname(entry), let rawPath = String(validatingCString: raw) else {
                throw ExhibitError.verificationFailed("\(name): an entry has no UTF-8 path")
            }
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
            // By bytes: Swift's String equality would take an NFC and an NFD spelling of one name for the same path.
            guard try entries.claim(path) else {
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
            var digests: FileDigests?
            var mediaType: String?
            if isDirectory {
                try writer.makeFolder(target)
            } else {
                let written = !leaveInPlace(path)
                if written { try writer.open(target) }
                let digester = digestInFull(path) ? try FileDigester() : nil
                let digest = digester == nil ? try MessageDigest(.sha256) : nil
                var remaining = size
                while true {
                    let count = buffer.withUnsafeMutableBytes { archive_read_data(archive, $0.baseAddress, $0.count) }
                    if count == 0 { break }
                    guard count > 0, Int64(count) <= remaining else { throw try failure("\(rawPath) is truncated or damaged") }
                    try buffer.withUnsafeBytes {
                        let chunk = UnsafeRawBufferPointer(rebasing: $0[0..<count])
                        digester?.update(chunk)
                        digest?.update(chunk)
                        if written { try writer.write(chunk) }
                    }
                    remaining -= Int64(count)
                }
                guard remaining == 0 else {
                    throw ExhibitError.verificationFailed("\(name): \(rawPath) is shorter than its declared size")
                }
                if written { try writer.close() }
                if let digester {
                    digests = digester.finish()
                    mediaType = digester.mediaType(name: Path.name(path))
                    hash = digests?.sha256
                } else {
                    hash = digest.map { Hex.encode($0.finalize()) }
                }
            }
            try entries.record(
                Entry(
                    path: path, size: size, isDirectory: isDirectory, sha256: hash, modified: Int64(archive_entry_mtime(entry)),
                    digests: digests, mediaType: mediaType))
            count += 1
        }
        try writer.finish()
        if let error = context.failure { throw error }
        // After the end marker only zero padding may follow: anything else was added or altered. That includes
        // what libarchive already read past the marker, and everything the source still holds.
        let trailing = ExhibitError.verificationFailed("\(name) has data after its end-of-archive marker")
        guard let zeros = context.zerosDelivered(from: end) else {
            throw ExhibitError.verificationFailed("\(name): the bytes after its end-of-archive marker cannot be checked")
        }
        guard zeros else { throw trailing }
        try source.forEachChunk(chunkSize: 1 << 16) { chunk in
            guard !chunk.contains(where: { $0 != 0 }) else { throw trailing }
        }
        return end
    }

    /// Finds the one bag folder extracted entries must all be in, and makes them relative to it, in place (the
    /// folder's own entry removed): an archive of many entries is not held twice.
    /// - Returns: the bag folder's name.
    /// - Throws: `.verificationFailed` when there is not exactly one top folder.
    package static func bag(_ entries: inout [Entry], name: String) throws -> String {
        let refused = ExhibitError.verificationFailed("\(name) must hold exactly one bag folder")
        guard let top = entries.firstIndex(where: { $0.isDirectory && !$0.path.utf8.contains(UInt8(ascii: "/")) }) else {
            throw refused
        }
        let bagName = entries[top].path
        let prefix = bagName.utf8.count + 1
        for index in entries.indices where index != top {
            let path = entries[index].path.utf8
            guard path.count > prefix, path.starts(with: bagName.utf8),
                path[path.index(path.startIndex, offsetBy: prefix - 1)] == UInt8(ascii: "/")
            else { throw refused }
            entries[index].path = String(decoding: path.dropFirst(prefix), as: UTF8.self)
        }
        entries.remove(at: top)
        return bagName
    }

    /// A relative path of clean components, or an error naming the rule broken. Components are split on `/`
    /// bytes, as the filesystem splits them (not on Characters: `/` followed by a combining mark is one Character).
    package static func clean(_ raw: String, name: String, limits: Limits) throws -> String {
        var bytes = Array(raw.utf8)
        guard bytes.count <= limits.pathBytes else {
            throw ExhibitError.verificationFailed("\(name): an entry's path is longer than \(limits.pathBytes) bytes")
        }
        let slash = UInt8(ascii: "/")
        guard bytes.first != slash else { throw ExhibitError.verificationFailed("\(name): \(raw) is an absolute path") }
        if bytes.last == slash { bytes.removeLast() }
        for component in bytes.split(separator: slash, omittingEmptySubsequences: false) {
            guard !component.isEmpty, !component.elementsEqual([0x2E]), !component.elementsEqual([0x2E, 0x2E]) else {
                throw ExhibitError.verificationFailed("\(name): \(raw) leaves its folder (empty, . or .. component)")
            }
            guard component.count <= limits.componentBytes else {
                throw ExhibitError.verificationFailed(
                    "\(name): a name in \(raw.prefix(80))… is longer than \(limits.componentBytes) bytes")
            }
            let text = String(decoding: component, as: UTF8.self)
            guard !text.unicodeScalars.contains(where: { $0.value < 0x20 || $0 == "\\" || (0x7F...0x9F).contains($0.value) })
            else {
                throw ExhibitError.verificationFailed("\(name): \(raw) contains control characters or a backslash")
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
