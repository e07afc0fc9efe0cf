import ExhibitCore
import Foundation
import GRDB

/// `exhibit backup` and `exhibit restore`: a consistent copy of a whole store (SQLite's online backup of the
/// database and every object the ledger accounts for, each re-hashed as it is copied), taken while writers wait,
/// verified as a store before it appears at its name. A long case must survive a lost disk.
public enum StoreBackup {
    /// What a backup or restore copied.
    public struct Result: Sendable, Codable, Equatable {
        /// The copy's `.exhibit` folder.
        public var folder: String
        public var entries: Int
        public var objects: Int
        public var bytes: Int64
    }

    /// Copies `store` into `destination` (a folder that does not exist or is empty, outside the store).
    /// - Throws: `.verificationFailed` when an object does not match its name or the copy does not verify;
    ///   `.environment` when copying fails. Nothing is left at `destination` then.
    public static func backup(_ store: CaseStore, to destination: String) throws -> Result {
        let lock = try WriterLock(storeDirectory: store.directory)
        defer { withExtendedLifetime(lock) {} }
        // Only the objects the ledger accounts for are copied: an interrupted command's leftovers stay behind.
        return try copy(store, to: destination)
    }

    /// Restores the backup at `source` (an `.exhibit` folder, or the folder holding one) as a new store at
    /// `destination`, after verifying the backup; the restored store is verified again before it appears.
    /// - Throws: `.badInput` when `destination` exists; `.verificationFailed` when the backup does not verify.
    public static func restore(from source: String, to destination: String) throws -> Result {
        guard !FileSystem.exists(destination) || FileSystem.isEmptyDirectory(destination) else {
            throw ExhibitError.badInput("\(destination) already exists; restore makes a new store and never overwrites one")
        }
        let backup = try CaseStore.open(directory: source)
        let report = StoreVerifier.verify(backup)
        guard report.passed else {
            throw ExhibitError.verificationFailed(
                "the backup in \(source) does not verify (\(report.problems.first ?? "")); nothing was restored")
        }
        return try copy(backup, to: destination)
    }

    /// Copies a store to a temporary folder beside `destination`, verifies the copy, and renames it into place.
    private static func copy(_ store: CaseStore, to destination: String) throws -> Result {
        let parent = Path.parent(destination)
        try FileSystem.makeDirectoryTree(parent)
        let building = Path.join(parent, ".\(Path.name(destination)).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).part")
        try FileSystem.makeDirectory(building)
        var finished = false
        let registration = Interruption.register { FileSystem.removeTree(building) }
        defer {
            Interruption.unregister(registration)
            if !finished { FileSystem.removeTree(building) }
        }
        let target = ObjectStore(storeDirectory: building)
        try target.create()
        let objects = try copyDatabase(store, to: Path.join(building, StoreLocation.databaseName))
        var bytes: Int64 = 0
        for start in stride(from: 0, to: objects.count, by: 256) {
            let batch = Array(objects[start..<min(start + 256, objects.count)])
            let copied = Parallel.map(batch) { hash in
                Swift.Result { try copyObject(hash, from: store.objects, to: target) }
            }
            for result in copied { bytes += try result.get() }
        }
        for byte in 0...255 { try FileSystem.syncDirectory(target.root + "/" + Hex.encode([UInt8(byte)])) }
        let entries: Int
        do {
            let copy = try CaseStore.open(directory: building)
            let report = StoreVerifier.verify(copy)
            guard report.passed else {
                throw ExhibitError.verificationFailed(
                    "the copy does not verify (\(report.problems.first ?? "")); nothing was written to \(destination)")
            }
            entries = report.entries
        }
        if FileSystem.isEmptyDirectory(destination) { rmdir(destination) }
        guard FileSystem.renameNoReplace(building, destination) else {
            throw errno == EEXIST
                ? ExhibitError.badInput("\(destination) already exists; refusing to overwrite it")
                : FileSystem.error(destination, "cannot move the copy into place")
        }
        finished = true
        try FileSystem.syncDirectory(parent)
        return Result(folder: destination, entries: entries, objects: objects.count, bytes: bytes)
    }

    /// SQLite's online backup of the store's database into `path`, flushed; returns the objects it accounts for
    /// (those not erased by a recorded destruction).
    private static func copyDatabase(_ store: CaseStore, to path: String) throws -> [String] {
        do {
            let copy = try DatabaseQueue(path: path)
            try store.reader.backup(to: copy)
            let objects = try copy.read { db in
                try String.fetchAll(
                    db, sql: "SELECT sha256 FROM object WHERE sha256 NOT IN (SELECT sha256 FROM destroyed_object) ORDER BY sha256"
                )
            }
            try copy.close()
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            if descriptor >= 0 {
                fsync(descriptor)
                close(descriptor)
            }
            return objects
        } catch {
            throw StoreDatabase.describe(error, path)
        }
    }

    /// Copies one object, hashing it on the way; a copy whose content does not match its name is refused.
    private static func copyObject(_ hash: String, from source: ObjectStore, to target: ObjectStore) throws -> Int64 {
        let staged = Path.join(target.staging, hash)
        let size: Int64
        do {
            let copy = try HashingFileSink(creating: staged, mode: 0o444)
            size = try FileSource(source.path(hash), sequential: true).forEachChunk { try copy.write($0) }
            guard try copy.finish() == hash else {
                throw ExhibitError.verificationFailed(
                    "object \(hash) in the store no longer has its hash; run exhibit verify (nothing was copied)")
            }
        }
        _ = try target.place(staged: staged, as: hash)
        return size
    }
}
