import ExhibitCore
import GRDB

/// A SQLite database a command keeps its working rows in (a run's items, a received bag's entries) instead of memory:
/// made in one of its private work folders and gone with it, so nothing is journalled or flushed, and its one
/// connection holds the file's lock from first use to last instead of taking it again for every statement.
enum ScratchDatabase {
    /// Makes a new scratch database at `path`.
    /// - Parameters:
    ///   - path: the database file, in a private work folder.
    ///   - cacheKiB: the page cache to keep in memory.
    ///   - openTransactions: whether a transaction may stay open from one access to the next (committed by the
    ///     caller every so many rows).
    /// - Returns: its one connection.
    /// - Throws: `.environment` when it cannot be made.
    static func make(_ path: String, cacheKiB: Int, openTransactions: Bool = false) throws -> DatabaseQueue {
        do {
            var configuration = Configuration()
            configuration.allowsUnsafeTransactions = openTransactions
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            try queue.writeWithoutTransaction { db in
                try db.execute(
                    sql: """
                        PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA locking_mode = EXCLUSIVE;
                        PRAGMA cache_size = -\(cacheKiB)
                        """)
            }
            return queue
        } catch {
            throw ExhibitError.environment("\(path): cannot make a scratch database: \(error)")
        }
    }
}
