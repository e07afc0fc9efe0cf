import Foundation
import GRDB
import Testing

@testable import ExhibitCore
@testable import ExhibitKit

/// Entries prepared ahead of their commit (an export's `redacted` entries) wait in a work file: they are read back
/// one at a time and checked against their hashes, and the commit records exactly them, given the same drafts again,
/// or nothing.
@Suite struct PreparedEntriesTests {
    /// A store in a temporary folder, with its signer.
    typealias Fixture = HostileBundleTests.Agency

    static func drafts(_ agency: Fixture, _ texts: [String]) -> [LedgerEntry] {
        texts.map {
            LedgerEntry(caseID: agency.store.info.id, time: "2026-12-07T10:00:00Z", action: .note, actor: agency.actor, text: $0)
        }
    }

    static func ledgerSize(_ agency: Fixture) throws -> Int {
        try agency.store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM ledger") ?? -1 }
    }

    static let texts = ["first line\nwith a line feed", "second", "third, «accented» é"]

    @Test func preparedEntriesAreReadBackInOrderAndRecordedAsPrepared() throws {
        let fixture = try Fixture("Northshire Police")
        let work = "\(fixture.folder)/bodies.jsonl"
        try fixture.store.write(signer: fixture.signer) { writer in
            let prepared = try writer.prepare(Self.drafts(fixture, Self.texts), bodyFile: work)
            #expect(prepared.heads.map(\.sequence) == [2, 3, 4])
            var read: [String] = []
            try prepared.forEachBody { index, bytes in
                #expect(LedgerEntry.hash(of: bytes) == prepared.hashes[index])
                read.append(String(decoding: bytes, as: UTF8.self))
            }
            #expect(read.count == 3)
            #expect(read[0].contains("first line\\nwith a line feed"))
            // As in an export: the entry recorded after them gets the commit's own checkpoint.
            _ = try writer.commit { ledger in
                try ledger.append(prepared, drafts: Self.drafts(fixture, Self.texts))
                try ledger.append(Self.drafts(fixture, ["exported"])[0])
            }
        }
        #expect(try Self.ledgerSize(fixture) == 5)
        #expect(StoreVerifier.verify(fixture.store).passed)
    }

    @Test func anAlteredWorkFileIsRefused() throws {
        let fixture = try Fixture("Northshire Police")
        let work = "\(fixture.folder)/bodies.jsonl"
        try fixture.store.write(signer: fixture.signer) { writer in
            let prepared = try writer.prepare(Self.drafts(fixture, Self.texts), bodyFile: work)
            var bytes = try Array(Data(contentsOf: URL(fileURLWithPath: work)))
            let at = try #require(bytes.firstIndex(of: UInt8(ascii: "s")))
            bytes[at] = UInt8(ascii: "S")
            try Data(bytes).write(to: URL(fileURLWithPath: work))
            #expect(throws: ExhibitError.self) { try prepared.forEachBody { _, _ in } }
            // A line cut off the end is refused too.
            try Data(bytes.prefix(through: try #require(bytes.firstIndex(of: 0x0A)))).write(to: URL(fileURLWithPath: work))
            var seen = 0
            #expect(throws: ExhibitError.self) { try prepared.forEachBody { _, _ in seen += 1 } }
        }
    }

    @Test func otherDraftsAtCommitRecordNothing() throws {
        let fixture = try Fixture("Northshire Police")
        for others in [["first line\nwith a line feed", "second", "third"], Array(Self.texts.prefix(2)), Self.texts + ["x"]] {
            let error = #expect(throws: ExhibitError.self) {
                try fixture.store.write(signer: fixture.signer) { writer in
                    let prepared = try writer.prepare(
                        Self.drafts(fixture, Self.texts), bodyFile: "\(fixture.folder)/bodies-\(UUID().uuidString).jsonl")
                    _ = try writer.commit { ledger in
                        try ledger.append(prepared, drafts: Self.drafts(fixture, others))
                        try ledger.append(Self.drafts(fixture, ["exported"])[0])
                    }
                }
            }
            #expect(error?.message.contains("prepared ledger entry changed") == true)
            #expect(try Self.ledgerSize(fixture) == 1)
        }
        #expect(StoreVerifier.verify(fixture.store).passed)
    }
}
