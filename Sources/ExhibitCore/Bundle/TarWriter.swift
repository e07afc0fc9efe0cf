internal import CExhibitArchive
import Foundation

/// Writes a POSIX pax tar (libarchive, `pax_restricted`, no compression) to a `ByteSink`, entry by entry.
/// Only regular files and directories are ever written. Call `finish()` to write the end marker.
final class TarWriter {
    private let archive: OpaquePointer
    private let context: Context
    private let modified: time_t
    private var finished = false

    /// Holds the sink and the first error it raised, for libarchive's write callback.
    private final class Context {
        let sink: ByteSink
        var failure: (any Error)?
        init(_ sink: ByteSink) { self.sink = sink }
    }

    /// The archive's block size: every archive ends padded with zeros to a whole number of blocks.
    static let blockBytes = 10240

    /// True when an archive holding `paths` needs `binaryNames` (one of them is not ASCII).
    static func needsBinaryNames(_ paths: some Sequence<String>) -> Bool { paths.contains { $0.utf8.contains { $0 >= 0x80 } } }

    /// Opens an archive on `sink`.
    /// - Parameters:
    ///   - sink: where the archive goes.
    ///   - modified: every entry's mtime (default: now).
    ///   - blocked: false to hand each header, content and padding write to the sink as it happens, with no
    ///     final block padding (a receiver re-serialising an archive to compare it skips content this way).
    ///   - binaryNames: write names as their exact bytes (every entry then carries a pax `hdrcharset=BINARY`
    ///     record); for an archive with a non-ASCII name, whose UTF-8 path libarchive would otherwise normalise to
    ///     NFC on the way in or out, so an NFD name would change.
    /// - Throws: `ExhibitError.environment` when libarchive cannot start.
    init(sink: ByteSink, modified: time_t? = nil, blocked: Bool = true, binaryNames: Bool = false) throws {
        guard let archive = archive_write_new() else { throw ExhibitError.environment("cannot start a tar archive") }
        self.archive = archive
        self.context = Context(sink)
        self.modified = modified ?? time(nil)
        archive_write_set_format_pax_restricted(archive)
        if binaryNames { archive_write_set_format_option(archive, "pax", "hdrcharset", "BINARY") }
        archive_write_set_bytes_per_block(archive, blocked ? Int32(Self.blockBytes) : 0)
        let status = archive_write_open2(
            archive, Unmanaged.passUnretained(context).toOpaque(), nil,
            { _, client, buffer, length in
                guard let client, let buffer else { return -1 }
                let context = Unmanaged<Context>.fromOpaque(client).takeUnretainedValue()
                do {
                    try context.sink.write(UnsafeRawBufferPointer(start: buffer, count: length))
                    return length
                } catch {
                    context.failure = error
                    return -1
                }
            }, nil, nil)
        guard status == ARCHIVE_OK else { throw try failure("cannot open the tar archive") }
    }

    deinit { archive_write_free(archive) }

    private func failure(_ what: String) throws -> ExhibitError {
        if let error = context.failure { throw error }
        let reason = archive_error_string(archive).map { String(cString: $0) } ?? "unknown error"
        return ExhibitError.environment("\(what): \(reason)")
    }

    private func header(_ path: String, type: UInt32, permissions: mode_t, size: Int64) throws {
        guard let entry = archive_entry_new() else { throw ExhibitError.environment("cannot allocate a tar entry") }
        defer { archive_entry_free(entry) }
        archive_entry_copy_pathname(entry, path)
        archive_entry_set_filetype(entry, type)
        archive_entry_set_perm(entry, permissions)
        archive_entry_set_size(entry, size)
        archive_entry_set_mtime(entry, modified, 0)
        // libarchive converts the name through the thread's locale: UTF-8 whatever the process's locale is.
        guard UTF8Locale.run({ archive_write_header(archive, entry) }) == ARCHIVE_OK else {
            throw try failure("cannot write the tar entry \(path)")
        }
    }

    /// Adds a directory.
    func addDirectory(_ path: String) throws {
        try header(path.hasSuffix("/") ? path : path + "/", type: TarEntryType.directory, permissions: 0o755, size: 0)
    }

    /// Adds a regular file whose content `body` writes through the given closure; exactly `size` bytes.
    func addFile(_ path: String, size: Int64, body: ((UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws {
        try header(path, type: TarEntryType.regular, permissions: 0o644, size: size)
        var written: Int64 = 0
        try body { chunk in
            guard let base = chunk.baseAddress, chunk.count > 0 else { return }
            let count = archive_write_data(archive, base, chunk.count)
            guard count == chunk.count else { throw try failure("cannot write \(path) into the tar archive") }
            written += Int64(count)
        }
        guard written == size else { throw ExhibitError.environment("\(path) changed size while it was archived") }
        guard archive_write_finish_entry(archive) == ARCHIVE_OK else { throw try failure("cannot finish \(path)") }
    }

    /// Adds a regular file from bytes in memory.
    func addFile(_ path: String, bytes: [UInt8]) throws {
        try addFile(path, size: Int64(bytes.count)) { write in try bytes.withUnsafeBytes { try write($0) } }
    }

    /// Adds a regular file copied from disk in 1 MiB reads.
    func addFile(_ path: String, from source: String, size: Int64) throws {
        let input = try FileSource(source)
        try addFile(path, size: size) { write in try input.forEachChunk(write) }
    }

    /// Adds a regular file of `size` zero bytes (to measure an archive without reading its content): libarchive
    /// pads an entry whose content was not written with zeros as it finishes it, from its own buffer.
    func addFile(_ path: String, zeros size: Int64) throws {
        try header(path, type: TarEntryType.regular, permissions: 0o644, size: size)
        guard archive_write_finish_entry(archive) == ARCHIVE_OK else { throw try failure("cannot finish \(path)") }
    }

    /// Writes the end-of-archive marker and flushes.
    func finish() throws {
        guard !finished else { return }
        finished = true
        guard archive_write_close(archive) == ARCHIVE_OK else { throw try failure("cannot finish the tar archive") }
    }
}
