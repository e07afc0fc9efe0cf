import ExhibitCore
import GRDB

/// A scratch database for `verify`: the store's projected tables, empty, to replay the ledger into, with the store's
/// database attached read-only as `store`. The tables only the store keeps (the ledger, checkpoints, pending work)
/// are not created, so their plain names read the store's.
struct ReplayDatabase {
    private let queue: DatabaseQueue

    /// The tables the store keeps that a replay does not build.
    private static let storeOnly = ["case_info", "ledger", "checkpoint", "pending_object", "pending_output", "checkpoint_token"]

    /// Creates the scratch database at `path` and attaches the store's database at `store`.
    /// - Throws: the database's errors.
    init(path: String, store: String) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false
        configuration.label = "replay"
        queue = try DatabaseQueue(path: path, configuration: configuration)
        try queue.writeWithoutTransaction { db in
            // Scratch data: lost with the folder if the process dies, so nothing is flushed. An 8 MB cache keeps verify
            // under the 64 MB bound (with 16 MB it peaked at 66.9 MB on a 100,000-file store) at the same speed.
            try db.execute(sql: "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -8000")
        }
        try Schema.migrator.migrate(queue)
        try queue.writeWithoutTransaction { db in
            for table in Self.storeOnly { try db.execute(sql: "DROP TABLE IF EXISTS \(table)") }
            try db.execute(sql: "ATTACH DATABASE ? AS store", arguments: [store])
        }
    }

    /// Records the object store's listing in the temporary table `listed_object` (one `sha256` column), outside the
    /// snapshot `read` takes, so that the listing is the older of the two.
    /// - Parameter list: lists the objects, passing each name to the function it is given, and returns what else it
    ///   found (`ObjectStore.inventory`).
    /// - Returns: what `list` returns.
    /// - Throws: what `list` throws, or the database's errors.
    func recordListing(_ list: ((String) throws -> Void) throws -> [String]) throws -> [String] {
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "CREATE TEMP TABLE listed_object (sha256 TEXT PRIMARY KEY) WITHOUT ROWID")
            let insert = try db.makeStatement(sql: "INSERT OR IGNORE INTO temp.listed_object (sha256) VALUES (?)")
            var others: [String] = []
            try db.inTransaction {
                others = try list { try insert.execute(arguments: [$0]) }
                return .commit
            }
            return others
        }
    }

    /// Runs `body` in one transaction: the store's snapshot is fixed at its first read and kept until the end.
    /// - Throws: what `body` throws, or the database's errors.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        var result: T?
        try queue.writeWithoutTransaction { db in
            try db.inTransaction(.deferred) {
                result = try body(db)
                return .rollback
            }
        }
        guard let result else { throw ExhibitError.environment("the verification did not run") }
        return result
    }
}
