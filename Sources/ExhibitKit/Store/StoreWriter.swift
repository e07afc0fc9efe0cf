import ExhibitCore
import Foundation
import GRDB

/// The one way to change a case store, handed out by `CaseStore.write(signer:_:)` while it holds the writer
/// lock. It alone can stage files, admit objects, prepare output files outside the store and commit ledger
/// entries, and it keeps the store's crash-safety rule in one place:
///
/// 1. copies are staged in `.exhibit/tmp` and flushed (a received bag's files, extracted and hashed by the command
///    into its own work folder on the store's file system, are staged where they are: `admit(extracted:)`);
/// 2. new objects are claimed as pending, renamed into `objects/` and their folders flushed (a large intake stages
///    and moves a part at a time and flushes once, after the last part and before the commit: `durable: false`);
/// 3. outputs (a bundle, a report, a receipt, a redaction folder) are written to a temporary name beside their
///    destination, recorded as pending before they are created;
/// 4. `commit` records the entries, the tables they change and a newly signed checkpoint in one transaction, and
///    marks the prepared outputs as belonging to it;
/// 5. after the closure returns, the outputs are renamed into place and the pending records cleared.
///
/// When the closure throws, or the process is interrupted, `abandon` removes whatever the command staged,
/// placed or prepared and not committed; after a SIGKILL the next writer does the same (`StoreRecovery`), and
/// completes the rename of outputs whose commit happened.
///
/// Its mutable state is guarded by one lock (also taken by an interruption), so it may be used from the
/// signal-handling thread: that is what its `Sendable` conformance promises.
public final class StoreWriter: @unchecked Sendable {
    /// The store being changed.
    public let store: CaseStore
    private let database: DatabasePool
    private let signer: LedgerSigner
    private let lock = NSRecursiveLock()
    private var outputs: [PreparedOutput] = []
    private var workFolders: [String] = []
    private var committedAt: Int?
    private var abandoned = false

    init(store: CaseStore, database: DatabasePool, signer: LedgerSigner) {
        self.store = store
        self.database = database
        self.signer = signer
    }

    /// An output being prepared beside its destination.
    public struct PreparedOutput: Sendable, Equatable {
        /// What the output is.
        public enum Kind: String, Sendable {
            case file
            case folder
        }

        /// The final path.
        public let destination: String
        /// The temporary path to write (a hidden name in the destination's folder).
        public let temporary: String
        /// A file or a folder.
        public let kind: Kind
        /// False for an output the command writes without recording anything (the report of a rejected bundle,
        /// a report of a bundle that is checked but not imported): it is published even without a commit.
        public let recorded: Bool
    }

    /// Reads through the writing connection (which sees everything committed so far).
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try StoreDatabase.read(database, store.databasePath, body)
    }

    /// A new private folder under `.exhibit/work` (mode 0700), removed when the write ends.
    /// - Throws: `.environment` when it cannot be created.
    public func makeWorkFolder(_ prefix: String) throws -> String {
        try lock.withLock {
            let path = Path.join(store.workDirectory, "\(prefix)-\(Hex.encode(try SecureRandom.bytes(8)))")
            try FileSystem.makeDirectory(path, mode: 0o700)
            workFolders.append(path)
            return path
        }
    }

    /// Copies files into staging (each read once, three hashes on the way) and makes the copies durable.
    /// - Parameters:
    ///   - candidates: the files.
    ///   - adopt: the files are this command's own, in one of its work folders: they are hashed where they are and
    ///     linked into staging, not copied (`FileIntake.stage`).
    ///   - durable: false for one part of a large intake: the copies are flushed by `syncObjects()` after the last
    ///     part is admitted (one flush for all of them), and must be before anything is committed.
    ///   - screen: refuses a file by its first bytes (`FileIntake.stage`).
    ///   - progress: called with bytes done and bytes in all.
    /// - Returns: one staged file per candidate not refused, in order, and the refusals.
    /// - Throws: the first error; nothing staged is left.
    func stage(
        _ candidates: [IntakeCandidate], adopt: Bool = false, durable: Bool = true, screen: ContentScreen? = nil,
        progress: ((Int64, Int64) -> Void)? = nil
    ) throws -> StagedPart {
        let staged = try FileIntake.stage(
            candidates, staging: store.objects.staging, adopt: adopt, screen: screen, progress: progress)
        guard durable else { return staged }
        do {
            try FileIntake.flush(staged.files, staging: store.objects.staging)
        } catch {
            for file in staged.files { unlink(file.stagingPath) }
            throw error
        }
        return staged
    }

    /// Takes files this command extracted and hashed itself (a checked bag in one of its work folders) into the
    /// object store as they are: made read-only, claimed and moved into place from the work folder
    /// (`FileIntake.adopt(extracted:)`, `admit`). Nothing is read or copied again; the files are gone from the work
    /// folder afterwards (their content is at `store.objects.path`). Like `admit(_:durable: false)`, it takes one part
    /// of an intake: the caller makes the whole intake durable with `syncObjects` at its end.
    /// - Returns: one staged file per extracted file, in order.
    /// - Throws: the first error; what was moved is claimed as pending, so a failed command leaves nothing unaccounted.
    func admit(extracted files: [FileIntake.Extracted]) throws -> [StagedFile] {
        let staged = try FileIntake.adopt(extracted: files)
        _ = try admit(staged, durable: false)
        return staged
    }

    /// Moves flushed staging copies into the object store, each content once: new objects are claimed as pending
    /// first (so a crash before the commit leaves nothing unaccounted for), renamed into place and their folders
    /// flushed. Copies of content already held are discarded.
    /// - Parameters:
    ///   - staged: the staged files.
    ///   - durable: false for one part of a large intake (see `stage`): the folders are flushed by `syncObjects()`.
    /// - Returns: how many objects were new.
    /// - Throws: `.environment` when the command was interrupted, an object cannot be moved or the disk refuses.
    func admit(_ staged: [StagedFile], durable: Bool = true) throws -> Int {
        try lock.withLock {
            guard !abandoned else { throw ExhibitError.environment("the command was interrupted; nothing was recorded") }
            let held = try store.objectsHeld(Set(staged.map(\.digests.sha256)))
            var fresh: [String: String] = [:]
            for file in staged where !held.contains(file.digests.sha256) && fresh[file.digests.sha256] == nil {
                fresh[file.digests.sha256] = file.stagingPath
            }
            let now = Timestamp.now()
            try database.write { db in
                try db.cachedStatement(
                    sql: """
                        INSERT INTO \(PendingObjectRow.databaseTableName) (sha256, claimed_at)
                        SELECT value, ? FROM json_each(?)
                        """
                ).execute(arguments: [now, try SQLList.json(fresh.keys.sorted())])
            }
            var touched = Set<String>()
            var placed = 0
            for (hash, path) in fresh.sorted(by: { $0.key < $1.key }) {
                let place = try store.objects.place(staged: path, as: hash)
                touched.insert(place.folder)
                if place.new { placed += 1 }
            }
            // Not durable: flushed with the rest of the intake by `syncObjects()`.
            if durable, touched.count > 8 {
                try FileSystem.syncFileSystem(containing: store.objects.root)
            } else if durable {
                for folder in touched.sorted() { try FileSystem.syncDirectory(folder) }
            }
            // Copies of content already held (or met twice) are discarded; the others were moved.
            let moved = Set(fresh.values)
            for file in staged where !moved.contains(file.stagingPath) { unlink(file.stagingPath) }
            return placed
        }
    }

    /// Makes every copy staged and admitted with `durable: false` durable, with their names in the object store:
    /// one flush of the file system for the whole intake, or of each object and its folder when there are few.
    /// - Parameter few: the objects of the intake when there are at most 8 of them, else nil.
    /// - Throws: `.environment` when the disk refuses.
    func syncObjects(_ few: [String]?) throws {
        guard let few, few.count <= 8 else {
            try FileSystem.syncFileSystem(containing: store.objects.root)
            return
        }
        for hash in Set(few) { try FileSystem.syncFile(store.objects.path(hash), what: "the object") }
        for folder in Set(few.map { Path.parent(store.objects.path($0)) }).sorted() { try FileSystem.syncDirectory(folder) }
    }

    /// Records an output before it is created and returns where to write it: a hidden temporary name in the
    /// destination's folder, renamed to `destination` only after the command has committed (or, for an
    /// unrecorded output, when the command ends without error).
    /// - Parameters:
    ///   - destination: the absolute final path, checked by the caller (`OutputPath`).
    ///   - kind: a file or a folder (the folder is created, mode 0755).
    ///   - recorded: false for an output whose command records nothing.
    /// - Returns: the output, with the temporary path to write.
    /// - Throws: `.environment` when the folder cannot be written.
    public func prepareOutput(_ destination: String, kind: PreparedOutput.Kind, recorded: Bool = true) throws
        -> PreparedOutput
    {
        try lock.withLock {
            let folder = Path.parent(destination)
            try FileSystem.makeDirectory(folder, mode: 0o755)
            let temporary = Path.join(
                folder, ".\(Path.name(destination)).exhibit-\(Hex.encode(try SecureRandom.bytes(6))).part")
            let output = PreparedOutput(destination: destination, temporary: temporary, kind: kind, recorded: recorded)
            try database.write { db in
                try PendingOutputRow(
                    destination: destination, temporary: temporary, kind: kind.rawValue, claimedAt: Timestamp.now(),
                    committedSeq: nil
                ).upsert(db)
            }
            outputs.append(output)
            if kind == .folder { try FileSystem.makeDirectory(temporary, mode: 0o755) }
            return output
        }
    }

    /// Writes a prepared file output's whole content to its temporary path and flushes it.
    /// - Throws: `.environment` when the disk refuses; the temporary file is removed by `abandon` then.
    public func write(_ bytes: [UInt8], to output: PreparedOutput) throws {
        let descriptor = try FileSystem.createFile(output.temporary, mode: 0o644)
        defer { close(descriptor) }
        try FileSystem.writeAll(descriptor, bytes, path: output.temporary)
        guard fsync(descriptor) == 0 else { throw FileSystem.error(output.temporary, "cannot flush") }
    }

    /// Records entries: runs `build` in one write transaction with the entries it appends, the tables they change,
    /// the objects they register (no longer pending), the prepared outputs (now belonging to the last entry) and a
    /// newly signed checkpoint over the whole ledger. All of it commits together or not at all.
    /// - Returns: the entries appended (those appended with `keep: false` left out).
    /// - Throws: what `build` throws, or the database's errors; nothing is recorded then.
    @discardableResult
    public func commit(_ build: (LedgerAppender) throws -> Void) throws -> [LedgerEntry] {
        try lock.withLock {
            guard !abandoned else { throw ExhibitError.environment("the command was interrupted; nothing was recorded") }
            let caseID = store.info.id
            let signer = self.signer
            let recordedOutputs = outputs.filter(\.recorded).map(\.destination)
            let entries = try database.write { db -> (kept: [LedgerEntry], last: Int?) in
                // A registration of 100,000 files inserts rows under two indexes keyed by digest (random order): with
                // SQLite's default 2 MB cache each page is written out many times within the transaction. 8 MB for
                // the commit (add of 100,000 files about 7% faster, 2.6 MB more at peak), the connection's own after.
                let cacheSize = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
                try db.execute(sql: "PRAGMA cache_size = -8000")
                defer { try? db.execute(sql: "PRAGMA cache_size = \(cacheSize)") }
                let appender = try LedgerAppender(db: db, caseID: caseID)
                try build(appender)
                try appender.finish()
                guard let last = appender.lastAppended else { return ([], nil) }
                try db.execute(sql: "DELETE FROM pending_object WHERE sha256 IN (SELECT sha256 FROM object)")
                for destination in recordedOutputs {
                    try db.execute(
                        sql: "UPDATE pending_output SET committed_seq = ? WHERE destination = ?", arguments: [last, destination])
                }
                try LedgerCheckpoints.sign(db, caseID: caseID, signer: signer)
                return (appender.appended, last)
            }
            if let last = entries.last { committedAt = last }
            return entries.kept
        }
    }

    /// Entries numbered and chained ahead of their commit, with the checkpoint that will cover them signed already:
    /// a bundle can carry them (and their proofs) before they are recorded. `LedgerAppender.append(_:drafts:)` with
    /// the same drafts in the next commit records exactly these bytes and stores this checkpoint. Their bytes wait in a
    /// work file, not in memory (a phone extraction's redaction is a hundred entries of a thousand files).
    public struct PreparedEntries: Sendable {
        /// What a custody extract reads of an entry: its number, action, exhibits and actor.
        public struct Head: Sendable {
            public let sequence: Int
            public let action: LedgerAction
            public let exhibits: [String]
            public let actor: Actor
        }

        /// Each entry as it will be stored, in order.
        public let heads: [Head]
        /// Their hashes (hex), in order.
        public let hashes: [String]
        /// The work file holding their canonical bytes, an entry a line (canonical JSON has no raw line feed).
        public let bodyFile: String
        /// The ledger size they extend.
        public let baseSize: Int
        /// The checkpoint over the ledger with them, and its signature.
        public let checkpoint: Checkpoint
        public let signature: [UInt8]

        /// Calls `body` with each entry's index and canonical bytes, in order, one entry held at a time.
        /// - Throws: `.environment` when the work file is not as `prepare` wrote it; what `body` throws.
        public func forEachBody(_ body: (Int, [UInt8]) throws -> Void) throws {
            let reader = LineReader(try FileSource(bodyFile, sequential: true), name: bodyFile, maxLineBytes: Int.max)
            let altered = ExhibitError.environment(
                "\(bodyFile) no longer holds the prepared ledger entries; nothing was recorded")
            var index = 0
            while let line = try reader.next() {
                guard index < hashes.count, LedgerEntry.hash(of: line) == hashes[index] else { throw altered }
                try body(index, line)
                index += 1
            }
            guard index == hashes.count else { throw altered }
        }
    }

    /// Numbers, chains and encodes `drafts` as the next entries of the ledger, writes their bytes to `bodyFile` (a new
    /// file in one of this command's work folders), and signs the checkpoint over the ledger they will make. Nothing is
    /// recorded until a commit appends them (`LedgerAppender.append(_:drafts:)`, given the same drafts again).
    /// - Throws: `.verificationFailed` for a malformed stored hash; `.environment` when the work file cannot be
    ///   written; the signer's errors.
    public func prepare(_ drafts: some Sequence<LedgerEntry>, bodyFile: String) throws -> PreparedEntries {
        try lock.withLock {
            let caseID = store.info.id
            let (size, last, stored) = try read { db in
                let tail = try Row.fetchOne(db, sql: "SELECT seq, entry_hash FROM ledger ORDER BY seq DESC LIMIT 1")
                let size: Int = tail?["seq"] ?? 0
                return (size, tail?["entry_hash"] as String?, try LedgerProjection.tree(db, size: size).frontier())
            }
            var frontier = stored
            var previous = last ?? LedgerEntry.genesis
            var heads: [PreparedEntries.Head] = []
            var newHashes: [String] = []
            let bodies = try HashingFileSink(creating: bodyFile)
            for draft in drafts {
                var entry = draft
                entry.caseID = caseID
                entry.sequence = size + heads.count + 1
                entry.previous = previous
                let bytes = try entry.canonicalBytes()
                let hash = LedgerEntry.hash(of: bytes)
                frontier.append(MerkleTree.leafHash(Hex.decode(hash) ?? []))
                heads.append(.init(sequence: entry.sequence, action: entry.action, exhibits: entry.exhibits, actor: entry.actor))
                try (bytes + [0x0A]).withUnsafeBytes { try bodies.write($0) }
                newHashes.append(hash)
                previous = hash
            }
            _ = try bodies.finish(flush: false)
            let checkpoint = Checkpoint(
                origin: Checkpoint.origin(caseID: caseID), size: frontier.size, root: frontier.root, time: Timestamp.now())
            return PreparedEntries(
                heads: heads, hashes: newHashes, bodyFile: bodyFile, baseSize: size, checkpoint: checkpoint,
                signature: try signer.sign(Array(checkpoint.body.utf8)))
        }
    }

    /// Writes rows the ledger does not determine (the RFC 3161 tokens over checkpoints, `CheckpointTokens`) in one
    /// transaction of their own: no entry, no checkpoint.
    /// - Throws: what `body` throws, or the database's errors; nothing is written then.
    func writeOutsideLedger(_ body: (Database) throws -> Void) throws {
        try lock.withLock {
            guard !abandoned else { throw ExhibitError.environment("the command was interrupted; nothing was recorded") }
            try database.write { db in try body(db) }
        }
    }

    /// Records one entry (`commit` with a single append).
    /// - Returns: the entry as stored.
    public func commitOne(_ entry: LedgerEntry) throws -> LedgerEntry {
        guard let stored = try commit({ ledger in try ledger.append(entry) }).first else {
            throw ExhibitError.environment("the change was not recorded")
        }
        return stored
    }

    /// Ends a write that succeeded: moves the outputs into place (recorded ones only if the command committed),
    /// flushes their folders, and clears staging, work folders and objects placed but never registered.
    /// - Throws: `.environment` when an output cannot be moved into place (the message says where it is).
    func finish() throws {
        try lock.withLock {
            var failure: ExhibitError?
            for output in outputs {
                if output.recorded, committedAt == nil {
                    FileSystem.removeTree(output.temporary)
                } else if let problem = Self.publish(output) {
                    failure = failure ?? problem
                    continue
                }
                _ = try? database.write { db in try PendingOutputRow.deleteOne(db, key: output.destination) }
            }
            outputs = []
            clearScratch()
            try StoreRecovery.removeAbandonedObjects(store: store, database: database)
            if let failure { throw failure }
        }
    }

    /// Undoes what this write staged, placed or prepared and did not commit; an output whose commit happened is
    /// moved into place instead (the command is complete). Safe to call more than once and from the interruption
    /// handler; touches only files (the next writer clears the pending records).
    func abandon() {
        lock.withLock {
            abandoned = true
            for output in outputs {
                if output.recorded, committedAt != nil {
                    _ = Self.publish(output)
                } else {
                    FileSystem.removeTree(output.temporary)
                }
            }
            outputs = []
            if committedAt == nil {
                // The objects this write placed are those claimed and not registered (claims are committed before the
                // objects are moved into place); the next writer clears the claims.
                let claimed = try? database.read { db in try StoreRecovery.abandonedObjects(db) }
                for hash in claimed ?? [] { store.objects.remove(hash) }
            }
            clearScratch()
        }
    }

    private func clearScratch() {
        store.objects.clearStaging()
        for folder in workFolders { FileSystem.removeTree(folder) }
        workFolders = []
    }

    /// Renames one output into place (never over an existing file; an empty folder at a folder destination is
    /// replaced) and flushes its folder; nil on success, else the error to report.
    static func publish(_ output: PreparedOutput) -> ExhibitError? {
        if output.kind == .folder, FileSystem.isEmptyDirectory(output.destination) { rmdir(output.destination) }
        guard FileSystem.renameNoReplace(output.temporary, output.destination) else {
            return FileSystem.error(
                output.destination, "cannot move the finished output into place (it is at \(output.temporary))")
        }
        try? FileSystem.syncDirectory(Path.parent(output.destination))
        return nil
    }
}
