import Foundation
import GRDB

/// A case store: `.exhibit/case.sqlite` (GRDB, WAL) with the custody ledger and the tables it
/// describes, and the content-addressed object store beside it.
public final class CaseStore: @unchecked Sendable {
    /// The `.exhibit` folder.
    public let directory: String
    /// The case.
    public let info: CaseInfo
    /// The agency certificate that signs this store's checkpoints.
    public let certificate: Certificate
    /// Read-only connections: reading commands never write to the database file.
    private let reader: DatabasePool
    /// The writing connection, opened by `lockForWriting()` once the database has passed its integrity check.
    private var writer: DatabasePool?
    let objects: ObjectStore

    private var databasePath: String { directory + "/" + StoreLocation.databaseName }

    /// `.exhibit/work`: private scratch space of the command holding the writer lock (bundle building and
    /// checking); whatever a killed command left there is removed by the next writer.
    var workDirectory: String { directory + "/work" }

    /// A new private folder under `workDirectory` (mode 0700).
    func makeWorkFolder(_ prefix: String) throws -> String {
        let path = "\(workDirectory)/\(prefix)-\(Hex.encode((0..<8).map { _ in UInt8.random(in: 0...255) }))"
        try FileSystem.makeDirectory(path, mode: 0o700)
        return path
    }

    private init(directory: String, reader: DatabasePool, writer: DatabasePool?, info: CaseInfo, certificate: Certificate) {
        self.directory = directory
        self.reader = reader
        self.writer = writer
        self.info = info
        self.certificate = certificate
        self.objects = ObjectStore(storeDirectory: directory)
    }

    /// Opens the store in `directory` (an `.exhibit` folder).
    /// - Throws: `.badInput` when it is not a store, `.verificationFailed` when the database is damaged,
    ///   `.environment` when it cannot be opened.
    public static func open(directory: String) throws -> CaseStore {
        let path = directory + "/" + StoreLocation.databaseName
        guard FileSystem.exists(path) else {
            throw ExhibitError.badInput("\(directory) is not an Exhibit case store (no \(StoreLocation.databaseName))")
        }
        let reader = try openDatabase(path, readOnly: true)
        let record = try read(reader, path) { db -> CaseInfoRecord? in
            guard try db.tableExists("case_info") else { return nil }
            return try CaseInfoRecord.fetchOne(db)
        }
        guard let record else {
            throw ExhibitError.verificationFailed("\(path) holds no case: the store is damaged or was never initialised")
        }
        let certificate = try Certificate(bytes: Array(record.certificatePEM.utf8), source: "\(path) (case certificate)")
        return CaseStore(directory: directory, reader: reader, writer: nil, info: CaseInfo(record), certificate: certificate)
    }

    /// Creates a store in `directory` and writes its first ledger entry (`opened`) and checkpoint.
    /// - Throws: `.badInput` when a store already exists there.
    public static func create(
        directory: String, caseRef: String, incident: String?, operation: String?, agency: String, oic: String,
        keyPath: String, signer: LedgerSigner, actor: Actor
    ) throws -> CaseStore {
        if StoreLocation.isStore(directory) {
            throw ExhibitError.badInput("\(directory) already holds a case store")
        }
        try FileSystem.makeDirectory(directory)
        let lock = try WriterLock(storeDirectory: directory)
        defer { withExtendedLifetime(lock) {} }
        let path = directory + "/" + StoreLocation.databaseName
        let writer = try openDatabase(path, readOnly: false)
        let reader = try openDatabase(path, readOnly: true)
        let id = UUID().uuidString.lowercased()
        let now = Timestamp.now()
        let record = CaseInfoRecord(
            id: id, caseRef: caseRef, incident: incident, operation: operation, agency: agency, oic: oic,
            keyPath: keyPath, certificatePEM: signer.certificate.pem,
            certificateFingerprint: signer.certificate.fingerprint, createdAt: now)
        let store = CaseStore(
            directory: directory, reader: reader, writer: writer, info: CaseInfo(record), certificate: signer.certificate)
        try store.objects.create()
        _ = try store.commit(signer: signer) { db, ledger in
            try record.insert(db)
            let details = CaseDetails(
                caseRef: caseRef, incident: incident, operation: operation, agency: agency, oic: oic,
                certificate: signer.certificate.fingerprint)
            try ledger.append(
                LedgerEntry(caseID: id, time: now, action: .opened, actor: actor, details: EntryDetails(caseRecord: details)))
        }
        return store
    }

    private static func openDatabase(_ path: String, readOnly: Bool) throws -> DatabasePool {
        var configuration = Configuration()
        configuration.readonly = readOnly
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(60)
        configuration.label = "case"
        do {
            let pool = try DatabasePool(path: path, configuration: configuration)
            if !readOnly { try Schema.migrator.migrate(pool) }
            return pool
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

    private static func read<T>(_ database: DatabasePool, _ path: String, _ body: (Database) throws -> T) throws -> T {
        do {
            return try database.read(body)
        } catch {
            throw describe(error, path)
        }
    }

    /// Runs a read-only query against a consistent snapshot.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try Self.read(reader, databasePath, body)
    }

    /// The writing connection; only valid while the writer lock is held.
    private func writingDatabase() throws -> DatabasePool {
        guard let writer else {
            throw ExhibitError.environment("internal error: the store was changed without taking its writer lock")
        }
        return writer
    }

    /// Appends entries while holding a database write transaction.
    final class LedgerAppender {
        let db: Database
        private let caseID: String
        private(set) var appended: [LedgerEntry] = []
        private var tail: (sequence: Int, hash: String)

        fileprivate init(db: Database, caseID: String) throws {
            self.db = db
            self.caseID = caseID
            if let last = try LedgerRow.order(Column("seq").desc).fetchOne(db) {
                tail = (last.seq, last.entryHash)
            } else {
                tail = (0, LedgerEntry.genesis)
            }
        }

        /// Appends one entry (numbering and chaining it) and applies it to the tables.
        /// - Returns: the entry as stored.
        @discardableResult
        func append(_ draft: LedgerEntry) throws -> LedgerEntry {
            var entry = draft
            entry.caseID = caseID
            entry.sequence = tail.sequence + 1
            entry.previous = tail.hash
            let bytes = try entry.canonicalBytes()
            let hash = LedgerEntry.hash(of: bytes)
            try LedgerRow(seq: entry.sequence, entryHash: hash, body: String(decoding: bytes, as: UTF8.self)).insert(db)
            try CustodyState.persist(entry, in: db)
            tail = (entry.sequence, hash)
            appended.append(entry)
            return entry
        }
    }

    /// Runs `build` in one write transaction, then signs a checkpoint over the whole ledger in the same
    /// transaction: the change, its ledger entries and the new checkpoint commit together or not at all.
    /// - Returns: the entries appended.
    func commit(signer: LedgerSigner, _ build: (Database, LedgerAppender) throws -> Void) throws -> [LedgerEntry] {
        let path = databasePath
        let caseID = info.id
        let database = try writingDatabase()
        do {
            return try database.write { db in
                let appender = try LedgerAppender(db: db, caseID: caseID)
                try build(db, appender)
                guard !appender.appended.isEmpty else { return [] }
                let hashes = try String.fetchAll(db, sql: "SELECT entry_hash FROM ledger ORDER BY seq")
                var frontier = MerkleTree.Frontier()
                for hash in hashes {
                    guard let bytes = Hex.decode(hash) else {
                        throw ExhibitError.verificationFailed("ledger entry hash \(hash) is malformed: run exhibit verify")
                    }
                    frontier.append(MerkleTree.leafHash(bytes))
                }
                let checkpoint = Checkpoint(
                    origin: Checkpoint.origin(caseID: caseID), size: frontier.size, root: frontier.root, time: Timestamp.now())
                let signature = try signer.sign(Array(checkpoint.body.utf8))
                try CheckpointRow(treeSize: checkpoint.size, note: checkpoint.body, signature: Data(signature)).insert(db)
                return appender.appended
            }
        } catch {
            throw Self.describe(error, path)
        }
    }

    /// Takes the writer lock, refuses a damaged database, and rolls back what an interrupted command left:
    /// objects claimed but never registered, and staging files. Hold the returned lock for the whole command.
    func lockForWriting() throws -> WriterLock {
        let lock = try WriterLock(storeDirectory: directory)
        let path = databasePath
        do {
            // Never build on a damaged database: a change would be recorded on top of pages that are lost.
            let integrity = try reader.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check") }
            guard integrity == ["ok"] else {
                let first = integrity.joined(separator: " ").split(whereSeparator: \.isNewline).joined(separator: " ")
                throw ExhibitError.verificationFailed(
                    "\(path) is damaged (\(first.prefix(200))); restore the store from a backup")
            }
            let database = try writer ?? Self.openDatabase(path, readOnly: false)
            writer = database
            let abandoned = try database.read { db in
                try String.fetchAll(
                    db, sql: "SELECT sha256 FROM pending_object WHERE sha256 NOT IN (SELECT sha256 FROM object)")
            }
            for hash in abandoned { objects.remove(hash) }
            _ = try database.write { db in try PendingObjectRow.deleteAll(db) }
        } catch {
            throw Self.describe(error, path)
        }
        objects.clearStaging()
        try? FileManager.default.removeItem(atPath: workDirectory)
        return lock
    }

    /// Records objects about to be moved into the object store, before they are moved, so a command
    /// killed between the move and its commit leaves nothing unaccounted for.
    func claimPending(_ hashes: [String]) throws {
        guard !hashes.isEmpty else { return }
        let now = Timestamp.now()
        let database = try writingDatabase()
        do {
            try database.write { db in
                for hash in hashes { try PendingObjectRow(sha256: hash, claimedAt: now).upsert(db) }
            }
        } catch {
            throw Self.describe(error, databasePath)
        }
    }
}
