import ExhibitCore
import Foundation
import GRDB

/// A case store: `.exhibit/case.sqlite` (GRDB, WAL) with the custody ledger and the tables it
/// describes, and the content-addressed object store beside it.
///
/// A `CaseStore` holds only what does not change while it is open (the folder, the case, the certificate and a
/// read-only connection pool), so sharing it between threads is safe. Reading goes through `read`; the one
/// way to change the store is `write(signer:_:)`, which hands a `StoreWriter` to its closure.
public final class CaseStore: Sendable {
    /// The `.exhibit` folder.
    public let directory: String
    /// The case.
    public let info: CaseInfo
    /// The agency certificate that signs this store's checkpoints now: the one the case was opened with, or the
    /// one the latest `key-rotated` entry handed it over to.
    public let certificate: Certificate
    /// The certificate the case was opened with (pinned by the first ledger entry).
    public let openingCertificate: Certificate
    /// Read-only connections: reading commands never write to the database file.
    let reader: DatabasePool
    let objects: ObjectStore

    var databasePath: String { Path.join(directory, StoreLocation.databaseName) }

    /// `.exhibit/work`: private scratch space of the writer (bundle building and checking); whatever a killed
    /// command left there is removed by the next writer.
    var workDirectory: String { Path.join(directory, "work") }

    private init(
        directory: String, reader: DatabasePool, info: CaseInfo, certificate: Certificate, openingCertificate: Certificate
    ) {
        self.directory = directory
        self.reader = reader
        self.info = info
        self.certificate = certificate
        self.openingCertificate = openingCertificate
        self.objects = ObjectStore(storeDirectory: directory)
    }

    /// Opens the store in `directory` (an `.exhibit` folder), bringing a store written by an earlier release up
    /// to the current format first (under the writer lock).
    /// - Throws: `.badInput` when it is not a store or was written by a newer release, `.verificationFailed`
    ///   when the database is damaged, `.environment` when it cannot be opened.
    public static func open(directory: String) throws -> CaseStore {
        let path = Path.join(directory, StoreLocation.databaseName)
        guard FileSystem.exists(path) else {
            throw ExhibitError.badInput("\(directory) is not an Exhibit case store (no \(StoreLocation.databaseName))")
        }
        try StoreFormat.upgradeIfNeeded(directory: directory, databasePath: path)
        let reader = try StoreDatabase.open(path, readOnly: true)
        let record = try StoreDatabase.read(reader, path) { db -> CaseInfoRecord? in
            guard try db.tableExists("case_info") else { return nil }
            return try CaseInfoRecord.fetchOne(db)
        }
        guard let record else {
            throw ExhibitError.verificationFailed("\(path) holds no case: the store is damaged or was never initialised")
        }
        let opening = try Certificate(bytes: Array(record.certificatePEM.utf8), source: "\(path) (case certificate)")
        let current = try StoreDatabase.read(reader, path) { db in try handedOverCertificate(db) } ?? opening
        return CaseStore(
            directory: directory, reader: reader, info: CaseInfo(record), certificate: current, openingCertificate: opening)
    }

    /// The certificate the latest `key-rotated` entry hands the case over to, if any (`verify` checks the chain of
    /// handovers; this only finds its end).
    private static func handedOverCertificate(_ db: Database) throws -> Certificate? {
        guard try db.tableExists("ledger_action"),
            let body = try String.fetchOne(
                db,
                sql: "SELECT body FROM ledger WHERE seq = (SELECT MAX(seq) FROM ledger_action WHERE action = ?)",
                arguments: [LedgerAction.keyRotated.rawValue])
        else { return nil }
        guard let entry = try? JSONDecoder().decode(LedgerEntry.self, from: Data(body.utf8)),
            let rotation = entry.details?.keyRotation
        else {
            throw ExhibitError.verificationFailed("the latest key-rotated ledger entry is malformed: the store is damaged")
        }
        return try Certificate(bytes: Array(rotation.certificate.utf8), source: "ledger entry \(entry.sequence) (key-rotated)")
    }

    /// Creates a store in `directory` and writes its first ledger entry (`opened`) and checkpoint.
    /// - Throws: `.badInput` when a store already exists there; nothing is left behind when creation fails.
    public static func create(
        directory: String, caseRef: String, incident: String?, operation: String?, agency: String, oic: String,
        keyPath: String, signer: LedgerSigner, actor: Actor
    ) throws -> CaseStore {
        if StoreLocation.isStore(directory) {
            throw ExhibitError.badInput("\(directory) already holds a case store")
        }
        if FileSystem.exists(directory), !FileSystem.isEmptyDirectory(directory) {
            throw ExhibitError.badInput("\(directory) already exists and is not an empty folder; it cannot become a case store")
        }
        // The store is built in a hidden folder beside its final place and renamed into it only when whole.
        let parent = Path.parent(directory)
        try FileSystem.makeDirectory(parent, mode: 0o755)
        let building = Path.join(parent, ".\(Path.name(directory)).creating-\(Hex.encode(try SecureRandom.bytes(6)))")
        try FileSystem.makeDirectory(building)
        var finished = false
        defer { if !finished { FileSystem.removeTree(building) } }
        let path = Path.join(building, StoreLocation.databaseName)
        let id = UUID().uuidString.lowercased()
        let now = Timestamp.now()
        let record = CaseInfoRecord(
            id: id, caseRef: caseRef, incident: incident, operation: operation, agency: agency, oic: oic,
            keyPath: keyPath, certificatePEM: signer.certificate.pem,
            certificateFingerprint: signer.certificate.fingerprint, createdAt: now)
        do {
            let database = try StoreDatabase.open(path, readOnly: false)
            try database.write { db in try record.insert(db) }
            try database.close()
        } catch {
            throw StoreDatabase.describe(error, path)
        }
        let reader = try StoreDatabase.open(path, readOnly: true)
        let draft = CaseStore(
            directory: building, reader: reader, info: CaseInfo(record), certificate: signer.certificate,
            openingCertificate: signer.certificate)
        try draft.objects.create()
        try draft.write(signer: signer) { writer in
            let details = CaseDetails(
                caseRef: caseRef, incident: incident, operation: operation, agency: agency, oic: oic,
                certificate: signer.certificate.fingerprint)
            _ = try writer.commit { ledger in
                try ledger.append(
                    LedgerEntry(
                        caseID: id, time: now, action: .opened, actor: actor, details: EntryDetails(caseRecord: details)))
            }
        }
        try reader.close()
        try FileSystem.syncDirectory(building)
        if FileSystem.exists(directory) { rmdir(directory) }
        guard rename(building, directory) == 0 else { throw FileSystem.error(directory, "cannot create the case store") }
        finished = true
        try FileSystem.syncDirectory(parent)
        return try open(directory: directory)
    }

    /// Runs a read-only query against a consistent snapshot.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try StoreDatabase.read(reader, databasePath, body)
    }

    /// Runs `body` as the store's only writer, and is the one way to change a store.
    ///
    /// Takes the writer lock (waiting for another writer), refuses a damaged database, and rolls back or
    /// completes what an interrupted command left (`StoreRecovery`). `body` gets a `StoreWriter` that alone can
    /// stage files, admit objects, prepare output files and commit ledger entries. When `body` throws, or the
    /// process is interrupted by SIGINT, SIGTERM or SIGHUP, everything it staged, admitted or prepared is
    /// removed and nothing is recorded; a SIGKILL is rolled back by the next writer in the same way.
    /// - Parameters:
    ///   - signer: the agency key that signs the checkpoint of every commit.
    ///   - body: the change.
    /// - Returns: what `body` returns.
    /// - Throws: what `body` throws, or the store's own errors (damaged database, lock, disk).
    @discardableResult
    public func write<T>(signer: LedgerSigner, _ body: (StoreWriter) throws -> T) throws -> T {
        let lock = try WriterLock(storeDirectory: directory)
        defer { withExtendedLifetime(lock) {} }
        let database = try StoreDatabase.open(databasePath, readOnly: false)
        defer { try? database.close() }
        try StoreRecovery.requireIntact(database, path: databasePath)
        try StoreRecovery.recover(store: self, database: database)
        let writer = StoreWriter(store: self, database: database, signer: signer)
        let registration = Interruption.register { writer.abandon() }
        defer { Interruption.unregister(registration) }
        do {
            let result = try body(writer)
            try writer.finish()
            return result
        } catch {
            writer.abandon()
            throw StoreDatabase.describe(error, databasePath)
        }
    }
}
