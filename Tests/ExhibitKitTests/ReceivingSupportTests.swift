import Foundation
import Testing

@testable import ExhibitCore

/// The pure parts of the receiving side: safe names for extracted copies, the progress arithmetic, and the
/// ledger entry versions (1 without `tool`, 2 with it).
struct ReceivingSupportTests {
    @Test func hostileNamesStayInsideTheFolder() {
        var names = SafeNames(reserved: ["manifest-sha256.txt"])
        #expect(names.place(["JD-1", "..", "..", "etc", "passwd"], fallback: "file-1") == "JD-1/etc/passwd")
        #expect(names.place(["JD-1", "a\u{0}b\nc\u{1B}[31m.txt"], fallback: "file-2") == "JD-1/a_b_c_[31m.txt")
        #expect(names.place(["JD-1", "invoice\u{202E}fdp.exe"], fallback: "file-3") == "JD-1/invoice_fdp.exe")
        #expect(names.place(["JD-1", "back\\slash.txt"], fallback: "file-4") == "JD-1/back_slash.txt")
        #expect(names.place(["..", ".", ""], fallback: "file-5") == "file-5")
        #expect(names.place(["manifest-sha256.txt"], fallback: "file-6") == "manifest-sha256 (2).txt")
        let long = String(repeating: "x", count: 400) + ".jpg"
        let placed = names.place(["JD-1", long], fallback: "file-7")
        #expect(placed.hasSuffix(".jpg") && placed.utf8.count == "JD-1/".utf8.count + SafeNames.longestComponent)
    }

    @Test func collisionsAreNumberedAndFoldersNeverReplaceFiles() {
        var names = SafeNames()
        #expect(names.place(["A", "photo.jpg"], fallback: "f") == "A/photo.jpg")
        #expect(names.place(["A", "PHOTO.jpg"], fallback: "f") == "A/PHOTO (2).jpg")
        #expect(names.place(["A", "photo.jpg"], fallback: "f") == "A/photo (3).jpg")
        #expect(names.place(["A", "notes"], fallback: "f") == "A/notes")
        // A folder named like a file placed before goes beside it, and its files follow it.
        #expect(names.place(["A", "notes", "day1.txt"], fallback: "f") == "A/notes (2)/day1.txt")
        #expect(names.place(["A", "notes", "day2.txt"], fallback: "f") == "A/notes (2)/day2.txt")
        // A file named like a folder made before is numbered.
        #expect(names.place(["A"], fallback: "f") == "A (2)")
    }

    @Test func theMeterShowsRateAndTimeLeftAtMostTwiceASecond() {
        var meter = ProgressMeter("extracting", now: 100)
        #expect(meter.update(done: 0, total: 10_000_000, now: 100) == "extracting 0 bytes of 10.0 MB (0%)")
        #expect(meter.update(done: 1_000_000, total: 10_000_000, now: 100.2) == nil)
        #expect(
            meter.update(done: 2_000_000, total: 10_000_000, now: 101)
                == "extracting 2.0 MB of 10.0 MB (20%), 2.0 MB/s, 4 s left")
        #expect(meter.update(done: 3_000_000, total: 10_000_000, now: 101.4) == nil)
        // The last update is always shown.
        #expect(meter.update(done: 10_000_000, total: 10_000_000, now: 101.5) == "extracting 10.0 MB of 10.0 MB (100%), 6.7 MB/s")
        #expect(ProgressMeter.duration(3725) == "1 h 2 min")
        #expect(ProgressMeter.duration(125) == "2 min 5 s")
    }

    static let actor = Actor(name: "DC 4521 Priya Shah", agency: "Northshire Police CAIU", role: "OIC", id: "4521")

    @Test func newEntriesNameTheToolAndOldOnesStillRead() throws {
        var entry = LedgerEntry(caseID: "c", time: "2026-11-27T05:10:25.123Z", action: .note, actor: Self.actor, text: "x")
        entry.sequence = 1
        #expect(entry.version == 2 && entry.tool == ExhibitVersion.agent)
        let bytes = try entry.canonicalBytes()
        #expect(String(decoding: bytes, as: UTF8.self).contains(#""tool":"Exhibit "#))
        #expect(try LedgerEntry.decodeCanonical(bytes, sequence: 1) == entry)
        var old = entry
        old.version = 1
        old.tool = nil
        let oldBytes = try old.canonicalBytes()
        #expect(!String(decoding: oldBytes, as: UTF8.self).contains("tool"))
        #expect(try LedgerEntry.decodeCanonical(oldBytes, sequence: 1) == old)
        // A version 1 entry naming a tool, a version 2 entry without one, and an unknown version are refused.
        var mixed = entry
        mixed.version = 1
        #expect(throws: ExhibitError.self) { _ = try LedgerEntry.decodeCanonical(try mixed.canonicalBytes(), sequence: 1) }
        mixed = old
        mixed.version = 2
        #expect(throws: ExhibitError.self) { _ = try LedgerEntry.decodeCanonical(try mixed.canonicalBytes(), sequence: 1) }
        mixed = entry
        mixed.version = 3
        #expect(throws: ExhibitError.self) { _ = try LedgerEntry.decodeCanonical(try mixed.canonicalBytes(), sequence: 1) }
    }
}

/// Command-line times: RFC 3339 and the UK forms, read as Europe/London, clock changes refused.
struct TimeInputTests {
    @Test func ukFormsAreReadAsUKTimeAndSaySo() throws {
        #expect(
            try TimeInput.read("2026-11-18T17:05:00Z", flag: "--at") == .init(utc: "2026-11-18T17:05:00.000Z", explanation: nil))
        let winter = try TimeInput.read("18/11/2026 17:05", flag: "--at")
        #expect(winter.utc == "2026-11-18T17:05:00.000Z")
        #expect(winter.explanation == "--at 18/11/2026 17:05 read as 17:05 GMT, UK time (2026-11-18T17:05:00.000Z)")
        #expect(try TimeInput.read("1/7/2026 17:05:30", flag: "--at").utc == "2026-07-01T16:05:30.000Z")
        #expect(try TimeInput.read("18/11/2026", flag: "--at").utc == "2026-11-18T00:00:00.000Z")
        #expect(try TimeInput.read("01/07/2026", flag: "--at").utc == "2026-06-30T23:00:00.000Z")
    }

    @Test func timesThatDoNotExistOrHappenTwiceAreRefused() {
        for (text, message) in [
            ("29/03/2026 01:30", "did not happen"), ("25/10/2026 01:30", "happened twice"), ("31/02/2026", "not a date"),
            ("18/11/2026 25:00", "not a time"), ("2026/11/18", "not a time"), ("yesterday", "not a time"),
        ] {
            #expect {
                _ = try TimeInput.read(text, flag: "--at")
            } throws: { error in
                (error as? ExhibitError)?.message.contains(message) == true
            }
        }
    }
}
