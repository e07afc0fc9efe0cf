import Foundation
import GRDB
import Testing

@testable import ExhibitCore
@testable import ExhibitKit

/// `party import` is linear in its rows, proven by counting the database statements each appended party costs
/// (GRDB's trace), not by timing.
@Suite struct PartyImportScaleTests {
    /// The statements run while `count` parties are appended in one commit, as `CaseParties.add` appends them.
    static func statements(appending count: Int) throws -> [String] {
        let agency = try HostileBundleTests.Agency("Scale Agency")
        let parties = (0..<count).map {
            PartyDetails(
                name: "Person \($0)", role: .witness, aliases: [], dob: nil, address: nil, phone: nil, email: nil)
        }
        let seen = Seen()
        try agency.store.write(signer: agency.signer) { writer in
            _ = try writer.commit { ledger in
                ledger.db.trace { event in
                    if case .statement(let statement) = event { seen.sql.append(statement.sql) }
                }
                for party in parties {
                    try ledger.append(
                        LedgerEntry(
                            caseID: agency.store.info.id, action: .partyAdded, actor: agency.actor,
                            details: EntryDetails(party: party)))
                }
                ledger.db.trace(options: [], nil)
            }
        }
        let listed = try CaseParties.list(agency.store)
        #expect(listed.map(\.name) == parties.map(\.name))
        #expect(listed.map(\.position) == Array(1...count))
        return seen.sql
    }

    /// The statements seen by the trace.
    final class Seen: @unchecked Sendable { var sql: [String] = [] }

    @Test func eachAppendedPartyCostsTheSameFewStatements() throws {
        let small = try Self.statements(appending: 100)
        let large = try Self.statements(appending: 1000)
        // The statements per row do not grow with the size: 1000 rows cost at most ten times what 100 rows cost
        // (plus the same fixed commit), never more statements per row.
        let perRowSmall = Double(small.count) / 100
        let perRowLarge = Double(large.count) / 1000
        #expect(perRowLarge <= perRowSmall + 0.5, "\(small.count) statements for 100 rows, \(large.count) for 1000")
        #expect(perRowLarge <= 12, "\(perRowLarge) statements per party")
        // Before: every appended party read the whole party table (SELECT * FROM "party" ORDER BY "position").
        let wholeTable = large.filter { $0.contains("FROM \"party\"") && !$0.contains("WHERE") && !$0.contains("MAX(") }
        let reads = wholeTable.count
        #expect(reads == 0, "reads of every party, e.g. \(wholeTable.first ?? "")")
    }
}
