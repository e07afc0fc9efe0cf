import ExhibitCore
import Foundation
import GRDB

/// What the next writer does about a command that died: outputs whose command committed are moved into place,
/// every other prepared output is deleted; objects claimed but never registered are removed; staging and work
/// folders are emptied. `StoreVerifier` reports the same leftovers (as warnings) until a writer has run.
enum StoreRecovery {
    /// Refuses to build on a damaged database: a change would be recorded on top of pages that are lost.
    /// - Throws: `.verificationFailed` naming the first problem `PRAGMA quick_check` reports.
    static func requireIntact(_ database: DatabasePool, path: String) throws {
        // A store of up to `fullCheckLimit` bytes is checked whole before every write (a fraction of a second). A
        // larger one (a long case) has its small tables checked whole, and its append-only tables (ledger, checkpoints,
        // Merkle nodes, files, objects) only where a write reads them: SQLite refuses a damaged page it touches, so no
        // write builds on one, and `verify` checks every page. Work per command stays flat as the case grows.
        let whole = ((try? FileSystem.size(of: path)) ?? 0) <= fullCheckLimit
        let integrity = try StoreDatabase.read(database, path) { db -> [String] in
            guard !whole else { return try String.fetchAll(db, sql: "PRAGMA quick_check") }
            var found: [String] = []
            let tables = try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            for table in tables where !appendOnly.contains(table) {
                found += try String.fetchAll(db, sql: "PRAGMA quick_check(\(table.quotedDatabaseIdentifier))").filter {
                    $0 != "ok"
                }
            }
            _ = try Row.fetchOne(db, sql: "SELECT * FROM ledger ORDER BY seq DESC LIMIT 1")
            _ = try Row.fetchOne(db, sql: "SELECT * FROM checkpoint ORDER BY tree_size DESC LIMIT 1")
            return found.isEmpty ? ["ok"] : found
        }
        guard integrity == ["ok"] else {
            let first = integrity.joined(separator: " ").split(whereSeparator: \.isNewline).joined(separator: " ")
            throw ExhibitError.verificationFailed("\(path) is damaged (\(first.prefix(200))); restore the store from a backup")
        }
    }

    /// Database files up to this size are checked whole before each write.
    static let fullCheckLimit: Int64 = 64 << 20

    /// The tables that grow with the case (with the ledger: its entries, their actions and exhibits, the Merkle nodes,
    /// checkpoints and their tokens; with the material: files, objects, the entries of loaded hash lists), checked by
    /// `verify` rather than before each write. A table left out makes every command slower as the case grows
    /// (`ledger_action` was: a transfer at a million entries took twice its time at a thousand).
    static let appendOnly: Set<String> = [
        "ledger", "ledger_action", "ledger_exhibit", "checkpoint", "checkpoint_token", "merkle_node", "exhibit_file",
        "object", "hash_list_entry",
    ]

    /// Rolls back, or completes, what interrupted commands left. Called with the writer lock held.
    static func recover(store: CaseStore, database: DatabasePool) throws {
        let path = store.databasePath
        do {
            let outputs = try database.read { db in try PendingOutputRow.fetchAll(db) }
            for output in outputs {
                let prepared = StoreWriter.PreparedOutput(
                    destination: output.destination, temporary: output.temporary,
                    kind: StoreWriter.PreparedOutput.Kind(rawValue: output.kind) ?? .file, recorded: true)
                if output.committedSeq != nil, FileSystem.exists(output.temporary) {
                    // The command was recorded: finish its rename. If something now stands at the destination,
                    // keep the record so `verify` goes on saying where the output is.
                    if StoreWriter.publish(prepared) != nil { continue }
                } else {
                    FileSystem.removeTree(output.temporary)
                }
                try database.write { db in _ = try PendingOutputRow.deleteOne(db, key: output.destination) }
            }
            try removeAbandonedObjects(store: store, database: database)
        } catch {
            throw StoreDatabase.describe(error, path)
        }
        store.objects.clearStaging()
        FileSystem.removeTree(store.workDirectory)
    }

    /// Objects claimed as pending and not registered: placed by a write that did not commit.
    static func abandonedObjects(_ db: Database) throws -> [String] {
        try String.fetchAll(
            db, sql: "SELECT DISTINCT sha256 FROM pending_object WHERE sha256 NOT IN (SELECT sha256 FROM object)")
    }

    /// Removes objects claimed as pending whose registration never committed, and the claims.
    static func removeAbandonedObjects(store: CaseStore, database: DatabasePool) throws {
        let abandoned = try database.read { db in try abandonedObjects(db) }
        for hash in abandoned { store.objects.remove(hash) }
        try database.write { db in try db.execute(sql: "DELETE FROM pending_object") }
    }

    /// What an interrupted command left that no writer has cleared yet, in words (for `verify`).
    static func leftovers(store: CaseStore, _ db: Database) throws -> [String] {
        var found: [String] = []
        for output in try PendingOutputRow.fetchAll(db) where FileSystem.exists(output.temporary) {
            if let seq = output.committedSeq {
                found.append(
                    "the output \(output.destination) recorded in ledger entry \(seq) is still at \(output.temporary); the next command moves it into place"
                )
            } else {
                found.append(
                    "\(output.temporary) was left by an interrupted command and is not recorded; the next command removes it")
            }
        }
        let staging = FileSystem.listDirectory(store.objects.staging)
        if !staging.isEmpty {
            found.append(
                "\(staging.count) staging file(s) in \(store.objects.staging) were left by an interrupted command; the next command removes them"
            )
        }
        if FileSystem.exists(store.workDirectory), !FileSystem.listDirectory(store.workDirectory).isEmpty {
            found.append(
                "\(store.workDirectory) holds scratch files of an interrupted command; the next command removes them")
        }
        return found
    }
}
