import ExhibitCore
import GRDB

/// Opening the case database and mapping its errors to the documented categories.
enum StoreDatabase {
    /// Opens `path` with foreign keys on and a one-minute busy timeout; a writing pool also runs the migrations.
    /// - Throws: `ExhibitError` in the documented categories.
    static func open(_ path: String, readOnly: Bool) throws -> DatabasePool {
        var configuration = Configuration()
        configuration.readonly = readOnly
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(60)
        configuration.label = "case"
        do {
            let pool = try DatabasePool(path: path, configuration: configuration)
            if !readOnly {
                try Schema.migrator.migrate(pool)
                try pool.write { db in try StoreFormat.record(db) }
            }
            return pool
        } catch {
            throw describe(error, path)
        }
    }

    /// Runs a read against `database`, mapping its errors.
    static func read<T>(_ database: DatabasePool, _ path: String, _ body: (Database) throws -> T) throws -> T {
        do {
            return try database.read(body)
        } catch {
            throw describe(error, path)
        }
    }

    /// Maps a database error to the documented categories.
    static func describe(_ error: any Error, _ path: String) -> ExhibitError {
        if let exhibit = error as? ExhibitError { return exhibit }
        guard let database = error as? DatabaseError else {
            return .environment("\(path): \(error)")
        }
        let message = database.message ?? "\(database.resultCode)"
        switch database.resultCode.primaryResultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            return .verificationFailed("\(path) is damaged (\(message)); restore the store from a backup")
        case .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_CANTOPEN, .SQLITE_FULL, .SQLITE_IOERR, .SQLITE_BUSY, .SQLITE_LOCKED:
            return .environment("\(path): \(message)")
        default:
            return .badInput("\(path): \(message)")
        }
    }
}
