import ExhibitCore
import Foundation
import GRDB

/// `exhibit party add/list/import`: the case's people, whom redaction finds in text and treats by role.
public enum CaseParties {
    /// Checks and normalises details typed by a user.
    /// - Returns: the details with trimmed text and the date of birth as `yyyy-mm-dd`.
    /// - Throws: `ExhibitError.badInput` naming the field at fault.
    public static func details(
        name: String, role: String, aliases: [String], dob: String?, address: String?, phone: String?, email: String?
    ) throws -> PartyDetails {
        let name = try ExhibitFields.required(name, flag: "--name")
        guard let partyRole = PartyRole(rawValue: role) else {
            throw ExhibitError.badInput(
                "--role \(role) is not a role: use one of \(PartyRole.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let cleanAliases = try aliases.compactMap { try ExhibitFields.optional($0, flag: "--alias") }
        var birth: String?
        if let dob = try ExhibitFields.optional(dob, flag: "--dob") {
            guard let normalised = CalendarDate.normalise(dob) else {
                throw ExhibitError.badInput("--dob \(dob) is not a date such as 14/03/2013 or 2013-03-14")
            }
            birth = normalised
        }
        let email = try ExhibitFields.optional(email, flag: "--email")
        if let email, !email.contains("@") { throw ExhibitError.badInput("--email \(email) is not an e-mail address") }
        return PartyDetails(
            name: name, role: partyRole, aliases: cleanAliases, dob: birth,
            address: try ExhibitFields.optional(address, flag: "--address"),
            phone: try ExhibitFields.optional(phone, flag: "--phone"),
            email: email)
    }

    /// Records people, each as a `party-added` entry, in one commit.
    /// - Returns: the entries.
    /// - Throws: `.badInput` when a person with the same name and role is already recorded.
    public static func add(_ parties: [PartyDetails], store: CaseStore, signer: LedgerSigner, actor: Actor) throws
        -> [LedgerEntry]
    {
        try store.write(signer: signer) { writer in
            let existing = try writer.read { db in try Self.parties(db) }
            var seen = Set(existing.map { "\($0.role.rawValue)|\($0.name.lowercased())" })
            for party in parties where !seen.insert("\(party.role.rawValue)|\(party.name.lowercased())").inserted {
                throw ExhibitError.badInput("\(party.name) is already recorded as \(party.role.rawValue)")
            }
            return try writer.commit { ledger in
                for party in parties {
                    try ledger.append(
                        LedgerEntry(caseID: store.info.id, action: .partyAdded, actor: actor, details: EntryDetails(party: party))
                    )
                }
            }
        }
    }

    /// Reads a CSV file with the header `name,role,aliases,dob,address,phone,email` (aliases separated by `;`).
    /// - Returns: the parties, checked.
    /// - Throws: `.badInput` naming the file, line and problem.
    public static func readCSV(path: String) throws -> [PartyDetails] {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ExhibitError.badInput("\(path): no such file, or it is not UTF-8 text")
        }
        let rows: [CSVReader.Record]
        do {
            rows = try CSVReader.records(text)
        } catch CSVReader.Failure.unclosedQuote(let line) {
            throw ExhibitError.badInput("\(path):\(line): a quoted field opened on this line is never closed (a missing \")")
        }
        let expected = ["name", "role", "aliases", "dob", "address", "phone", "email"]
        guard let header = rows.first?.fields, header.map({ $0.lowercased() }) == expected else {
            throw ExhibitError.badInput("\(path):1: the header must be \(expected.joined(separator: ","))")
        }
        return try rows.dropFirst().compactMap { record in
            let row = record.fields
            if row.allSatisfy({ $0.isEmpty }) { return nil }
            guard row.count == expected.count else {
                throw ExhibitError.badInput("\(path):\(record.line): expected \(expected.count) fields, found \(row.count)")
            }
            do {
                return try details(
                    name: row[0], role: row[1], aliases: row[2].split(separator: ";").map(String.init), dob: row[3],
                    address: row[4], phone: row[5], email: row[6])
            } catch let error as ExhibitError {
                throw ExhibitError.badInput("\(path):\(record.line): \(error.message)")
            }
        }
    }

    /// Every party, in the order recorded, with its pseudonym.
    public static func list(_ store: CaseStore) throws -> [Party] {
        try store.read { db in try parties(db) }
    }

    /// The parties recorded in a store's tables, in order, with their pseudonyms.
    static func parties(_ db: Database) throws -> [Party] {
        Party.numbered(try PartyRow.order(Column("position")).fetchAll(db).map(\.details))
    }
}
