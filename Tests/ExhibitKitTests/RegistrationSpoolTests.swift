import Foundation
import Testing

@testable import ExhibitCore
@testable import ExhibitKit

/// The pieces a large registration streams through: the spool of file records and the JSON written part by part.
@Suite struct RegistrationSpoolTests {
    static func record(_ index: Int, origin: Bool) -> FileRecord {
        let digest = String(repeating: String(index % 10), count: 64)
        return FileRecord(
            name: "msg-\(index) é.txt", path: "sdcard/DCIM/\(index / 100)/msg-\(index) é.txt",
            source: "/evidence/sdcard/\(index)",
            digests: FileDigests(size: Int64(index) << 20, sha256: digest, sha1: "a1", md5: ""),
            modified: "2026-11-20T14:30:00.\(index % 1000)Z", mime: index % 2 == 0 ? "text/plain" : "image/png", alsoIn: nil,
            extractedFrom: origin ? ArchiveOrigin(archive: "phone.zip", archiveSHA256: digest, member: "m/\(index)") : nil)
    }

    @Test func theSpoolGivesBackEveryRecordInOrderAcrossItsBlocks() throws {
        let folder = try PrivateFolder()
        let spool = try FileRecordSpool(in: folder.path)
        // Enough records to cross the 1 MiB write and read blocks several times, with and without archive origins.
        let records = (0..<9_000).map { Self.record($0, origin: $0 % 3 == 0) }
        for record in records { try spool.append(record) }
        #expect(spool.count == records.count)
        var read: [FileRecord] = []
        while case let part = try spool.next(1000), !part.isEmpty {
            #expect(part.count == 1000 || read.count + part.count == records.count)
            read += part
        }
        #expect(read == records)
        #expect(try spool.next(1000).isEmpty)
        #expect(throws: ExhibitError.self) { try spool.append(records[0]) }
    }

    @Test func anEmptySpoolReadsBackNothing() throws {
        let folder = try PrivateFolder()
        let spool = try FileRecordSpool(in: folder.path)
        #expect(try spool.next(10).isEmpty)
    }

    @Test func aSpoolCutShortIsReportedNotReadAsRecords() throws {
        let folder = try PrivateFolder()
        let spool = try FileRecordSpool(in: folder.path)
        for index in 0..<10 { try spool.append(Self.record(index, origin: true)) }
        _ = try spool.next(0)  // ends writing: the records are now in the file
        let path = Path.join(folder.path, "files.spool")
        let size = try FileSystem.size(of: path)
        #expect(truncate(path, off_t(size - 7)) == 0)
        #expect(throws: ExhibitError.self) { _ = try spool.next(100) }
    }

    struct Envelope: Encodable {
        var bytes: Int64
        var entry: Int
        var entryHash: String
        var files: [FileRecord]
        var refused: [RefusedPath]
        var storedObjects: Int
    }

    @Test(arguments: [0, 1, 3])
    func jsonWrittenPartByPartIsWhatTheEncoderWritesWhole(_ count: Int) throws {
        let files = (0..<count).map { Self.record($0, origin: $0 == 1) }
        let refused = count == 1 ? [] : [RefusedPath(path: "a/\"key\".pem", reason: "a PEM private key\nsecond line")]
        let whole = Envelope(bytes: 12, entry: 2, entryHash: "ab/cd", files: files, refused: refused, storedObjects: count)
        var text = ""
        var json = PrettyJSONWriter { text += $0 }
        try json.member("bytes", whole.bytes)
        try json.member("entry", whole.entry)
        try json.member("entryHash", whole.entryHash)
        try json.beginArray("files")
        for file in files { try json.element(file) }
        json.endArray()
        try json.member("refused", whole.refused)
        try json.member("storedObjects", whole.storedObjects)
        json.end()
        #expect(text == String(decoding: try JSONOutput.pretty(whole), as: UTF8.self))
    }

    /// An object whose one big array is filled in after it is encoded (an export's manifest and redaction report).
    struct Listing: Codable {
        var bundle: String
        var files: [FileRecord]
        /// Nested members of the same name must stay as they are.
        var nested: [String: [String]]
        var zeta: Int?
    }

    /// 1,100 elements: written in three batches.
    @Test(arguments: [0, 1, 3, 1100])
    func anArrayFilledInElementByElementIsWhatTheEncoderWritesWhole(_ count: Int) throws {
        let files = (0..<count).map { Self.record($0, origin: $0 == 2) }
        let whole = Listing(
            bundle: "EXB \"files\" : [\n", files: files, nested: ["files": [], "x": ["files"]], zeta: count == 1 ? nil : 7)
        var head = whole
        head.files = []
        var bytes: [UInt8] = []
        try PrettyJSONWriter.write(head, filling: "files", with: files, to: { bytes += $0 })
        #expect(String(decoding: bytes, as: UTF8.self) == String(decoding: try JSONOutput.pretty(whole), as: UTF8.self))
    }

    @Test func fillingAMemberThatIsNotThereIsRefused() throws {
        let whole = Listing(bundle: "b", files: [Self.record(1, origin: false)], nested: [:], zeta: nil)
        #expect(throws: ExhibitError.self) {
            try PrettyJSONWriter.write(whole, filling: "files", with: [Self.record(2, origin: false)], to: { _ in })
        }
        #expect(throws: ExhibitError.self) { try PrettyJSONWriter.write(whole, filling: "missing", with: [1], to: { _ in }) }
    }
}
