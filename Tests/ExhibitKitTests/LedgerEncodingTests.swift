import Foundation
import Testing

@testable import ExhibitCore
@testable import ExhibitKit

/// The canonical entry encoding, checkpoints and the replay rules.
struct LedgerEncodingTests {
    static let actor = Actor(name: "DC 4521 Priya Shah", agency: "Northshire Police CAIU", role: "OIC", id: "4521")

    @Test func canonicalEncodingIsStableSortedAndOmitsAbsentFields() throws {
        var entry = LedgerEntry(
            caseID: "case-1", time: "2026-11-27T05:10:25.123Z", action: .note, actor: Self.actor, exhibits: ["JD/1"],
            text: "sealed / bag 12 — “quoted”")
        entry.sequence = 4
        let bytes = try entry.canonicalBytes()
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(!text.contains("\\/"), "slashes are not escaped")
        #expect(text.contains(#""exhibits":["JD/1"]"#))
        #expect(!text.contains("reason") && !text.contains("location") && !text.contains(" :"))
        #expect(try entry.canonicalBytes() == bytes)
        let decoded = try LedgerEntry.decodeCanonical(bytes, sequence: 4)
        #expect(decoded == entry)
        let keys = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]).keys.sorted()
        #expect(text.hasPrefix("{\"\(keys[0])\""))
    }

    @Test func nonCanonicalBytesAreRejected() throws {
        var entry = LedgerEntry(caseID: "c", time: "2026-11-27T05:10:25.123Z", action: .note, actor: Self.actor, text: "x")
        entry.sequence = 1
        let canonical = String(decoding: try entry.canonicalBytes(), as: UTF8.self)
        let spaced = canonical.replacingOccurrences(of: "\":", with: "\" :")
        #expect(throws: ExhibitError.self) { _ = try LedgerEntry.decodeCanonical(Array(spaced.utf8), sequence: 1) }
        #expect(throws: ExhibitError.self) { _ = try LedgerEntry.decodeCanonical(Array("not json".utf8), sequence: 1) }
    }

    @Test func checkpointBodyRoundTrips() throws {
        let checkpoint = Checkpoint(
            origin: Checkpoint.origin(caseID: "abc"), size: 12, root: MerkleTree.emptyRoot, time: "2026-11-27T05:10:25.123Z")
        #expect(
            checkpoint.body
                == "exhibit.case/abc\n12\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\ntime 2026-11-27T05:10:25.123Z\n")
        #expect(try Checkpoint.parse(checkpoint.body) == checkpoint)
        #expect(throws: ExhibitError.self) { _ = try Checkpoint.parse("exhibit.case/abc\n12\nshort\ntime x\n") }
        #expect(throws: ExhibitError.self) { _ = try Checkpoint.parse(checkpoint.body + "extra\n") }
    }

    @Test func timestampsAreNormalisedToUTCMilliseconds() {
        #expect(Timestamp.normalise("2026-11-20T14:30:00+01:00") == "2026-11-20T13:30:00.000Z")
        #expect(Timestamp.normalise("2026-11-20T14:30:00.5Z") == "2026-11-20T14:30:00.500Z")
        #expect(Timestamp.normalise("20/11/2026") == nil)
        #expect(Timestamp.format(seconds: 0, nanoseconds: 999_999_999) == "1970-01-01T00:00:00.999Z")
    }

    /// The digit-by-digit formatter writes what `String(format:)` wrote before it, for times across the years
    /// (before 1970, leap days, the last millisecond of 9999, and past it, where the old path is kept).
    @Test func timestampFormattingMatchesTheFormatString() {
        var times: [Int64] = [
            0, 999, -1, -1_000, -86_400_001, 951_782_400_123, 1_795_514_400_999, 253_402_300_799_999,
            253_402_300_800_000,
        ]
        var seed: UInt64 = 7
        for _ in 0..<2_000 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            times.append(Int64(seed >> 22) % 4_000_000_000_000 - 500_000_000_000)
        }
        for milliseconds in times {
            let seconds = milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000
            var time = time_t(seconds)
            var parts = tm()
            gmtime_r(&time, &parts)
            let expected = String(
                format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
                Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), Int(milliseconds - seconds * 1000))
            #expect(Timestamp.format(epochMilliseconds: milliseconds) == expected, "\(milliseconds)")
        }
    }

    @Test(
        arguments: [
            ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0], "x.bin", "image/png"),
            ([0xFF, 0xD8, 0xFF, 0xE0], "IMG_1.JPG", "image/jpeg"),
            (Array("%PDF-1.7".utf8), "a.pdf", "application/pdf"),
            (Array("hello there".utf8), "notes", "text/plain"),
            (Array("From: a@b\r\n".utf8), "mail.eml", "message/rfc822"),
            ([0, 1, 2, 3, 0, 0], "blob", "application/octet-stream"),
            ([0x50, 0x4B, 0x03, 0x04], "report.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ] as [([UInt8], String, String)])
    func mediaTypeSniffing(_ head: [UInt8], _ name: String, _ expected: String) {
        let guessed = head.withUnsafeBytes { MediaType.guess(name: name, head: $0) }
        #expect(guessed == expected)
    }
}
