import Foundation
import GRDB
import Testing

@testable import ExhibitCore
@testable import ExhibitKit

/// A redaction run's items wait in a scratch database: written a part at a time with their output names claimed
/// once, read back whole in order, in parts, and (those that travel) in path order; a read that fails ends the pass
/// and is thrown by `requireIntact()`, never taken for the end of the items.
@Suite struct RunItemsTests {
    static func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("run-items-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Item `index`: every third withheld, every other one that travels redacted (with a derived copy).
    static func item(_ index: Int) -> RedactedItem {
        var item = RedactedItem(
            ref: "P/\(index % 2)", file: "sdcard/f\(index).txt", mediaType: "text/plain", category: "phone",
            sha256: String(format: "%064x", index), size: Int64(index), treatment: .share, reason: nil,
            rules: index % 5 == 0 ? ["card-number": 1] : [:], samples: [:], output: nil, derived: nil)
        if index % 7 == 0 {
            item.notes = ["tracked changes accepted"]
            item.sharedAs = "application/pdf"
            item.category = nil
        }
        switch index % 3 {
        case 0:
            item.treatment = .withhold
            item.reason = "the policy withholds it"
        case 1:
            item.treatment = .redact
            item.output = "P-\(index % 2)/z\(2_500 - index).txt"
            item.derived = FileDigests(size: 7, sha256: String(format: "%064x", 10_000 + index), sha1: "s", md5: "m")
        default:
            item.output = "P-\(index % 2)/a\(index).txt"
        }
        return item
    }

    static func filled(_ count: Int, in folder: String) throws -> RunItems {
        let writer = try RunItems.Writer(folder: folder)
        for start in stride(from: 0, to: count, by: 700) {
            try writer.writePart { _ in (start..<min(start + 700, count)).map(Self.item) }
        }
        return try writer.finish()
    }

    @Test func itemsComeBackInOrderInPartsAndByPath() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let count = 2_345
        let items = try Self.filled(count, in: folder)
        #expect(items.count == count)
        #expect(Array(items.all) == (0..<count).map(Self.item))
        // Read twice: the same items.
        #expect(Array(items.all).count == count)
        #expect(items.parts.map(\.count) == [1_000, 1_000, 345])
        let travelling = (0..<count).map(Self.item).filter { $0.output != nil }
        #expect(items.travellingCount == travelling.count)
        #expect(items.travellingBytes == travelling.reduce(Int64(0)) { $0 + ($1.derived?.size ?? $1.size) })
        #expect(Array(items.travelling(byPath: false)).map(\.output) == travelling.compactMap(\.output))
        let byPath = Array(items.travelling(byPath: true))
        #expect(byPath.map(\.output) == travelling.compactMap(\.output).sorted())
        // What is sent: the redacted copy when there is one, else the original.
        let first = try #require(byPath.first { $0.output == "P-1/z2499.txt" })
        #expect(first.derived && first.sha256 == String(format: "%064x", 10_001) && first.size == 7)
        let shared = try #require(byPath.first { $0.output == "P-0/a2.txt" })
        #expect(!shared.derived && shared.sha256 == String(format: "%064x", 2) && shared.size == 2)
        #expect(items.refs == ["P/0", "P/1"])
        try items.requireIntact()
    }

    @Test func anOutputNameIsClaimedOnce() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let writer = try RunItems.Writer(folder: folder)
        var claims: [Bool] = []
        try writer.writePart { claim in
            claims += [try claim("P-1/a.txt"), try claim("P-1/a.txt"), try claim("P-1/A.txt")]
            return []
        }
        try writer.writePart { claim in
            claims.append(try claim("P-1/a.txt"))
            // Canonically equivalent names are one name: café precomposed, then decomposed.
            claims += [try claim("P-1/caf\u{E9}.txt"), try claim("P-1/cafe\u{301}.txt")]
            return []
        }
        #expect(claims == [true, false, true, false, true, false])
        let items = try writer.finish()
        #expect(items.count == 0 && Array(items.all).isEmpty && Array(items.parts).isEmpty)
    }

    @Test func pathOrderIsTheOrderSwiftGivesTheNames() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let names = [
            "P/z.txt", "P/cafe\u{301}s.txt", "P/caf\u{E9}.txt", "P/cafez.txt", "P/\u{540D}.txt", "P/A.txt", "P/a b.txt",
            "P/\u{15B}wiadek.txt", "P/s\u{301}wiadka.txt", "P/\u{1F600}.txt", "P/~.txt",
        ]
        let writer = try RunItems.Writer(folder: folder)
        try writer.writePart { claim in
            try names.enumerated().map { index, name in
                let claimed = try claim(name)
                #expect(claimed)
                var item = Self.item(3 * index + 2)
                item.output = name
                return item
            }
        }
        let items = try writer.finish()
        #expect(Array(items.travelling(byPath: true)).map(\.output) == names.sorted())
        try items.requireIntact()
    }

    @Test func aDamagedItemEndsThePassAndIsThrown() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let items = try Self.filled(2_500, in: folder)
        // Item 1,500 is overwritten with bytes that are not an item (through the database's own connection: it holds
        // the file's lock, so no other connection can).
        #expect(throws: (any Error).self) {
            try DatabaseQueue(path: Path.join(folder, "items.sqlite")).write { db in
                try db.execute(sql: "UPDATE item SET extras = x'00ff' WHERE seq = 1500")
            }
        }
        try items.queue.write { db in try db.execute(sql: "UPDATE item SET extras = x'00ff' WHERE seq = 1500") }
        #expect(Array(items.all).count == 1_000)
        let error = #expect(throws: ExhibitError.self) { try items.requireIntact() }
        #expect(error?.category == .environment)
        #expect(error?.message.contains("cannot be read back") == true)
    }
}
