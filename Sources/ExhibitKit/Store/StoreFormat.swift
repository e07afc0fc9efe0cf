import ExhibitCore
import GRDB

/// The store's format version, kept in SQLite's `user_version`: 1 for stores written by release 0.1.0 (whose
/// databases say 0), 2 since interrupted outputs are tracked (`pending_output`), 3 since the ledger's Merkle nodes and per-exhibit
/// index are kept (`merkle_node`, `ledger_exhibit`), 4 since known-image hash lists are kept (`hash_list`: a
/// release that cannot honour them must not open the store), 5 since entries are indexed by action (`ledger_action`), 6 since checkpoints carry RFC 3161 tokens (`timestamp_authority`, `checkpoint_token`). Opening an older store brings it
/// forward through the migrations (which only add); a store written by a newer release is refused rather than
/// misread. Ledger entries are never rewritten by an upgrade.
enum StoreFormat {
    /// The format this release writes.
    static let current = 6

    /// Records the current format (inside a migration's write).
    static func record(_ db: Database) throws {
        let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
        if version < current { try db.execute(sql: "PRAGMA user_version = \(current)") }
    }

    /// Brings the store at `databasePath` to the current format when it is older, under the writer lock.
    /// - Throws: `.badInput` for a store written by a newer release; the store's own errors otherwise.
    static func upgradeIfNeeded(directory: String, databasePath: String) throws {
        let reader = try StoreDatabase.open(databasePath, readOnly: true)
        defer { try? reader.close() }
        let (version, migrated) = try StoreDatabase.read(reader, databasePath) { db in
            (try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0, try Schema.migrator.hasCompletedMigrations(db))
        }
        guard version <= current else {
            throw ExhibitError.badInput(
                "\(directory) was written by a newer release of Exhibit (store format \(version); this release reads up to \(current)); upgrade Exhibit"
            )
        }
        guard !migrated || version < current else { return }
        let lock = try WriterLock(storeDirectory: directory)
        defer { withExtendedLifetime(lock) {} }
        let writer = try StoreDatabase.open(databasePath, readOnly: false)
        try writer.close()
    }
}
