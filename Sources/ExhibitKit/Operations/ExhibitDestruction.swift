import ExhibitCore
import Foundation
import GRDB

/// `exhibit destroy REF --reason TEXT --authority WHO`: records the destruction of an exhibit, then erases
/// from the object store every object of it (its files and their redacted copies) that no other exhibit
/// still holds. The ledger keeps the hashes, and `verify` accepts the absence of exactly these objects.
public enum ExhibitDestruction {
    /// What a destruction did.
    public struct Result: Sendable, Codable {
        /// The `destroyed` entry.
        public var entry: LedgerEntry
        /// Objects erased from the store.
        public var erased: [String]
        /// Objects kept because another exhibit holds them.
        public var retained: [String]
    }

    /// Destroys an exhibit. Run again on a destroyed exhibit, it finishes erasing what an interrupted run left.
    /// - Returns: the entry and the objects erased and retained.
    /// - Throws: `.badInput` for an unknown exhibit, blank fields, or an exhibit already destroyed and erased.
    public static func destroy(
        ref: String, reason: String, authority: String, store: CaseStore, signer: LedgerSigner, actor: Actor
    ) throws -> Result {
        let reason = try ExhibitFields.required(reason, flag: "--reason")
        let authority = try ExhibitFields.required(authority, flag: "--authority")
        return try store.write(signer: signer) { writer in
            if let earlier = try writer.read({ db in try DestroyedExhibitRow.fetchOne(db, key: ref) }) {
                return try finish(ref: ref, earlier: earlier, writer: writer)
            }
            let plan = try writer.read { db in try Self.plan(ref: ref, db: db, caseRef: store.info.caseRef) }
            let details = DestructionDetails(authority: authority, erased: plan.erased, retained: plan.retained)
            let entry = try writer.commitOne(
                LedgerEntry(
                    caseID: store.info.id, action: .destroyed, actor: actor, exhibits: [ref],
                    objects: (plan.erased + plan.retained).sorted(), reason: reason, details: EntryDetails(destruction: details)))
            try erase(plan.erased, store: store)
            return Result(entry: entry, erased: plan.erased, retained: plan.retained)
        }
    }

    /// The exhibit's objects, split into those to erase and those another live exhibit still holds.
    private static func plan(ref: String, db: Database, caseRef: String) throws -> (erased: [String], retained: [String]) {
        guard try ExhibitRow.exists(db, key: ref) else {
            throw ExhibitError.badInput("no exhibit \(ref) in case \(caseRef); exhibit list shows the references")
        }
        var own = Set(try String.fetchAll(db, sql: "SELECT sha256 FROM exhibit_file WHERE exhibit_ref = ?", arguments: [ref]))
        own.formUnion(try String.fetchAll(db, sql: "SELECT derived FROM derivation WHERE exhibit_ref = ?", arguments: [ref]))
        let held = Set(
            try String.fetchAll(
                db,
                sql: """
                    SELECT sha256 FROM exhibit_file WHERE exhibit_ref <> ?1
                      AND exhibit_ref NOT IN (SELECT ref FROM destroyed_exhibit)
                    UNION SELECT derived FROM derivation WHERE exhibit_ref <> ?1
                      AND exhibit_ref NOT IN (SELECT ref FROM destroyed_exhibit)
                    """, arguments: [ref]))
        return (own.subtracting(held).sorted(), own.intersection(held).sorted())
    }

    /// Erases what an earlier, interrupted destruction left in the store.
    private static func finish(ref: String, earlier: DestroyedExhibitRow, writer: StoreWriter) throws -> Result {
        let store = writer.store
        let (row, leftovers) = try writer.read { db -> (LedgerRow?, [String]) in
            let hashes = try String.fetchAll(
                db, sql: "SELECT sha256 FROM destroyed_object WHERE seq = ?", arguments: [earlier.seq])
            return (try LedgerRow.fetchOne(db, key: earlier.seq), hashes.filter { store.objects.contains($0) })
        }
        guard !leftovers.isEmpty, let row else {
            throw ExhibitError.badInput("\(ref) was already destroyed (ledger entry \(earlier.seq)) and nothing of it is left")
        }
        let entry = try LedgerEntry.decodeCanonical(Array(row.body.utf8), sequence: row.seq)
        try erase(leftovers, store: store)
        return Result(entry: entry, erased: leftovers, retained: entry.details?.destruction?.retained ?? [])
    }

    /// Removes objects and flushes their folders.
    private static func erase(_ hashes: [String], store: CaseStore) throws {
        var folders = Set<String>()
        for hash in hashes {
            store.objects.remove(hash)
            guard !store.objects.contains(hash) else {
                throw FileSystem.error(store.objects.path(hash), "cannot erase the destroyed object")
            }
            folders.insert("\(store.objects.root)/\(hash.prefix(2))")
        }
        for folder in folders.sorted() { try FileSystem.syncDirectory(folder) }
    }
}
