import ExhibitCore
import Foundation

/// The file records of a registration too large to hold in memory, written to a private work file as the files
/// are staged and read back in order, part by part, when the ledger entries are built inside the commit.
///
/// The format is private to one command (it never outlives the write): per record, its strings as a 32-bit
/// length and UTF-8 bytes, its size as 64 bits, and a flag for the archive it was extracted from. `alsoIn` is not
/// kept: it is worked out when the entries are built.
final class FileRecordSpool {
    /// How many records were written.
    private(set) var count = 0
    private let path: String
    private var descriptor: Int32
    private var pending: [UInt8] = []
    private var reading = false
    private var buffer: [UInt8] = []
    private var start = 0
    private var ended = false

    /// Bytes gathered before each write, and read at a time.
    private static let blockSize = 1 << 20

    /// A new, empty spool file in `folder` (a work folder of the writer, removed when the write ends).
    /// - Throws: `.environment` when it cannot be created.
    init(in folder: String) throws {
        path = Path.join(folder, "files.spool")
        descriptor = try FileSystem.createFile(path, mode: 0o600)
    }

    deinit { if descriptor >= 0 { close(descriptor) } }

    /// Adds one record at the end.
    /// - Throws: `.environment` when the disk refuses; `.badInput` once reading has begun.
    func append(_ record: FileRecord) throws {
        guard !reading else { throw ExhibitError.environment("\(path): the spool is already being read") }
        for text in [
            record.name, record.path, record.source, record.sha256, record.sha1, record.md5, record.modified, record.mime,
        ] {
            put(text)
        }
        put(UInt64(bitPattern: record.size), bytes: 8)
        if let origin = record.extractedFrom {
            pending.append(1)
            put(origin.archive)
            put(origin.archiveSHA256)
            put(origin.member)
        } else {
            pending.append(0)
        }
        count += 1
        if pending.count >= Self.blockSize { try flush() }
    }

    /// The next records, up to `limit`, in the order written; empty at the end. The first call ends writing.
    /// - Throws: `.environment` when the file cannot be read or was cut short.
    func next(_ limit: Int) throws -> [FileRecord] {
        if !reading {
            try flush()
            close(descriptor)
            descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
            guard descriptor >= 0 else { throw FileSystem.error(path, "cannot read back") }
            reading = true
        }
        var records: [FileRecord] = []
        while records.count < limit, let record = try readRecord() { records.append(record) }
        return records
    }

    private func put(_ text: String) {
        let utf8 = text.utf8
        put(UInt64(utf8.count), bytes: 4)
        pending.append(contentsOf: utf8)
    }

    private func put(_ value: UInt64, bytes: Int) {
        for shift in stride(from: 0, to: bytes * 8, by: 8) { pending.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    private func flush() throws {
        guard !pending.isEmpty else { return }
        try FileSystem.writeAll(descriptor, pending, path: path)
        pending.removeAll(keepingCapacity: true)
    }

    private func readRecord() throws -> FileRecord? {
        guard try available(1) else { return nil }
        var fields: [String] = []
        for _ in 0..<8 { fields.append(try text()) }
        let size = Int64(bitPattern: try number(8))
        let origin: ArchiveOrigin? =
            try number(1) == 1 ? ArchiveOrigin(archive: try text(), archiveSHA256: try text(), member: try text()) : nil
        return FileRecord(
            name: fields[0], path: fields[1], source: fields[2],
            digests: FileDigests(size: size, sha256: fields[3], sha1: fields[4], md5: fields[5]), modified: fields[6],
            mime: fields[7], alsoIn: nil, extractedFrom: origin)
    }

    private func text() throws -> String {
        let length = Int(try number(4))
        try require(length)
        let text = String(decoding: buffer[start..<start + length], as: UTF8.self)
        start += length
        return text
    }

    private func number(_ bytes: Int) throws -> UInt64 {
        try require(bytes)
        var value: UInt64 = 0
        for index in 0..<bytes { value |= UInt64(buffer[start + index]) << UInt64(8 * index) }
        start += bytes
        return value
    }

    private func require(_ bytes: Int) throws {
        guard try available(bytes) else { throw cutShort() }
    }

    /// True when `bytes` more bytes are buffered, reading on from the file as needed; false at the file's end.
    private func available(_ bytes: Int) throws -> Bool {
        while buffer.count - start < bytes, !ended {
            buffer.removeFirst(start)
            start = 0
            let old = buffer.count
            buffer.append(contentsOf: repeatElement(0, count: max(Self.blockSize, bytes)))
            var got = -1
            while got < 0 {
                got = buffer.withUnsafeMutableBytes { raw in read(descriptor, raw.baseAddress.map { $0 + old }, raw.count - old) }
                if got < 0, errno != EINTR { throw FileSystem.error(path, "cannot read back") }
            }
            buffer.removeLast(buffer.count - old - got)
            ended = got == 0
        }
        return buffer.count - start >= bytes
    }

    private func cutShort() -> ExhibitError {
        .environment("\(path) was cut short while it was read back; nothing was registered")
    }
}
