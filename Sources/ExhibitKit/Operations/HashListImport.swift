import ExhibitCore
import Foundation
import GRDB

/// `exhibit hashset import FILE --name NAME`: takes a known-image hash list into the store, records it in the
/// ledger (name, counts, the file's SHA-256; never the digests) and rescans every exhibit already held (received
/// ones too), recording the files found on it, all in one commit.
public enum HashListImport {
    /// What was imported and found.
    public struct Result: Sendable, Codable {
        public var name: String
        public var entries: Int
        public var fileSHA256: String
        public var entry: Int
        public var matches: [HashMatchRecord]
    }

    /// Imports a hash list.
    /// - Throws: `.badInput` for a missing or malformed file (naming the line), an empty name or a name already
    ///   used; `.environment` when the store cannot be written.
    public static func run(_ store: CaseStore, path: String, name: String, signer: LedgerSigner, actor: Actor) throws
        -> Result
    {
        let name = try ExhibitFields.required(name, flag: "--name")
        try FileSystem.requireRegularFile(path, what: "hash list")
        let bytes = try FileSystem.read(path, limit: 1 << 30)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ExhibitError.badInput("\(path): the hash list is not UTF-8 text")
        }
        let list = try HashListFile.parse(text, source: path)
        let fileSHA256 = Hex.encode(MessageDigest.sha256(bytes))
        let counts = list.counts
        return try store.write(signer: signer) { writer in
            var found: [HashMatchRecord] = []
            var sequence = 0
            try writer.commit { ledger in
                if let held = try HashListRow.fetchOne(ledger.db, key: name) {
                    throw ExhibitError.badInput(
                        "a hash list named \(name) was already imported (ledger entry \(held.importedSeq)); choose another --name"
                    )
                }
                let entry = try ledger.append(
                    LedgerEntry(
                        caseID: store.info.id, action: .hashListImported, actor: actor,
                        reason: "hash list \(name) imported",
                        details: EntryDetails(
                            hashList: HashListDetails(
                                name: name, entries: list.entries.count, md5: counts[.md5] ?? 0, sha1: counts[.sha1] ?? 0,
                                sha256: counts[.sha256] ?? 0, fileSHA256: fileSHA256))))
                sequence = entry.sequence
                try HashListRow(name: name, fileSHA256: fileSHA256, entries: list.entries.count, importedSeq: entry.sequence)
                    .insert(ledger.db)
                for item in list.entries {
                    try HashListEntryRow(
                        list: name, algorithm: item.algorithm.rawValue, digest: item.digest, category: item.category
                    )
                    .insert(ledger.db)
                }
                found = try HashListScan.matches(
                    HashListMatches(list: name, file: list), files: HashListScan.heldFiles(ledger.db))
                if let match = HashListScan.entry(
                    found, caseID: store.info.id, actor: actor, why: "on import of hash list \(name)")
                {
                    try ledger.append(match)
                }
            }
            return Result(name: name, entries: list.entries.count, fileSHA256: fileSHA256, entry: sequence, matches: found)
        }
    }
}

/// Finding the files of exhibits that are on a hash list, and the `hash-matched` entry that records them.
enum HashListScan {
    /// A file of an exhibit with its digests.
    struct HeldFile {
        var ref: String
        var path: String
        var digests: FileDigests
    }

    /// Every file of every exhibit the store holds, with its digests.
    static func heldFiles(_ db: Database) throws -> [HeldFile] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT f.exhibit_ref, f.path, o.sha256, o.sha1, o.md5, o.size FROM exhibit_file f
                JOIN object o ON o.sha256 = f.sha256 ORDER BY f.exhibit_ref, f.position
                """)
        return rows.map { row in
            HeldFile(
                ref: row["exhibit_ref"], path: row["path"],
                digests: FileDigests(size: row["size"], sha256: row["sha256"], sha1: row["sha1"], md5: row["md5"]))
        }
    }

    /// The files of the exhibits the entries register (`registered`, `received`, `registered-files`).
    static func registeredFiles(_ entries: [LedgerEntry]) -> [HeldFile] {
        entries.flatMap { entry -> [HeldFile] in
            if let exhibit = entry.details?.exhibit {
                return exhibit.files.map { HeldFile(ref: exhibit.ref, path: $0.path, digests: $0.digests) }
            }
            if let more = entry.details?.exhibitFiles {
                return more.files.map { HeldFile(ref: more.ref, path: $0.path, digests: $0.digests) }
            }
            return []
        }
    }

    /// The files on a list.
    static func matches(_ lists: HashListMatches, files: [HeldFile]) throws -> [HashMatchRecord] {
        guard !lists.isEmpty else { return [] }
        return files.compactMap { file in
            lists.blocks(file.digests).map {
                HashMatchRecord(
                    ref: file.ref, file: file.path, sha256: file.digests.sha256, list: $0.list, category: $0.category,
                    algorithm: $0.algorithm)
            }
        }
    }

    /// The `hash-matched` entry for `found`, or nil when nothing was found.
    static func entry(_ found: [HashMatchRecord], caseID: String, actor: Actor, why: String) -> LedgerEntry? {
        guard !found.isEmpty else { return nil }
        return LedgerEntry(
            caseID: caseID, action: .hashMatched, actor: actor, exhibits: Array(Set(found.map(\.ref))).sorted(),
            objects: Array(Set(found.map(\.sha256))).sorted(),
            reason: "\(found.count) file(s) found on a known-image hash list \(why)", details: EntryDetails(hashMatches: found))
    }

    /// The intake check inside the commit that registers files (`add`, `receive --import`), part by part for a large
    /// exhibit: each part's files are checked against the lists the store holds as its entry is appended, and one
    /// `hash-matched` entry for all that were found follows the last.
    struct IntakeScreen {
        private let lists: HashListMatches
        private var found: [HashMatchRecord] = []

        /// Loads the lists the store holds, inside the commit.
        init(_ ledger: LedgerAppender) throws { lists = try HashListMatches.load(ledger.db) }

        /// Checks one part's files.
        mutating func check(_ files: [HeldFile]) throws { found += try matches(lists, files: files) }

        /// Appends the `hash-matched` entry for the files found, if any.
        func record(_ ledger: LedgerAppender, actor: Actor) throws {
            guard let entry = entry(found, caseID: ledger.caseID, actor: actor, why: "on intake") else { return }
            try ledger.append(entry)
        }
    }
}
