import ExhibitCore
import GRDB

/// An exhibit as `list` and `show` present it.
public struct ExhibitSummary: Sendable, Codable, Equatable {
    public var ref: String
    public var description: String
    public var category: String?
    public var seizedBy: String
    public var seizedFrom: String
    public var seizedAt: String?
    public var registeredAt: String
    public var registeredEntry: Int
    public var custodian: String
    public var location: String?
    public var fileCount: Int
    public var totalSize: Int64
    public var files: [ExhibitFileSummary]
}

/// One file of an exhibit, with its hashes.
public struct ExhibitFileSummary: Sendable, Codable, Equatable {
    public var name: String
    public var path: String
    public var size: Int64
    public var sha256: String
    public var sha1: String
    public var md5: String
    public var modified: String
    public var mime: String
}

/// Read-only questions about a case: its exhibits, their history, checkpoints and proofs.
public enum CaseQueries {
    /// Every exhibit, in registration order.
    /// - Parameters:
    ///   - store: the case store.
    ///   - listingFiles: when false, each summary's `files` is empty and only its count and total size are read
    ///     (counted by the database: a phone extraction's hundred thousand rows are not loaded to be counted).
    /// - Returns: the exhibits' summaries.
    /// - Throws: the database's errors.
    public static func exhibits(_ store: CaseStore, listingFiles: Bool = true) throws -> [ExhibitSummary] {
        try store.read { db in
            let exhibits = try ExhibitRow.order(Column("registered_seq"), Column("ref")).fetchAll(db)
            guard listingFiles else {
                let totals = try self.totals(db)
                return exhibits.map { row in
                    var exhibit = summary(row, files: [])
                    (exhibit.fileCount, exhibit.totalSize) = totals[row.ref] ?? (0, 0)
                    return exhibit
                }
            }
            let files = try self.files(db, ref: nil)
            return exhibits.map { row in summary(row, files: files[row.ref] ?? []) }
        }
    }

    /// Each exhibit's file count and total size, as `summary` counts them (a file's object size, every listed file).
    private static func totals(_ db: Database) throws -> [String: (count: Int, size: Int64)] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT f.exhibit_ref, count(*) AS files, sum(o.size) AS bytes
                FROM exhibit_file f JOIN object o ON o.sha256 = f.sha256 GROUP BY f.exhibit_ref
                """)
        var totals: [String: (count: Int, size: Int64)] = [:]
        for row in rows { totals[row["exhibit_ref"]] = (row["files"], row["bytes"]) }
        return totals
    }

    /// One exhibit.
    /// - Throws: `.badInput` when there is no such exhibit.
    public static func exhibit(_ store: CaseStore, ref: String) throws -> ExhibitSummary {
        try store.read { db in
            guard let row = try ExhibitRow.fetchOne(db, key: ref) else {
                throw ExhibitError.badInput("no exhibit \(ref) in case \(store.info.caseRef); exhibit list shows the references")
            }
            return summary(row, files: try files(db, ref: ref)[ref] ?? [])
        }
    }

    /// The files an exhibit was registered with, as its registration entries list them (`alsoIn` and archive origins
    /// included), a part of up to `RegistrationEntries.filesPerEntry` files at a time: any number of files in bounded
    /// memory.
    /// - Parameters:
    ///   - store: the case store.
    ///   - ref: the exhibit.
    ///   - entry: the number of its registration entry.
    ///   - body: called with each part, in order.
    /// - Throws: `.badInput` when `entry` does not register `ref`; `.verificationFailed` for an entry that cannot be
    ///   read; what `body` throws.
    public static func registeredFiles(
        _ store: CaseStore, ref: String, entry: Int, _ body: ([FileRecord]) throws -> Void
    ) throws {
        try store.read { db in
            let rows = try Row.fetchCursor(
                db, sql: "SELECT seq, body FROM ledger WHERE seq >= ? ORDER BY seq", arguments: [entry])
            while let row = try rows.next() {
                let seq: Int = row["seq"]
                let stored: String = row["body"]
                let decoded = try LedgerEntry.decodeCanonical(Array(stored.utf8), sequence: seq)
                if seq == entry, let exhibit = decoded.details?.exhibit, exhibit.ref == ref {
                    try body(exhibit.files)
                } else if seq > entry, let more = decoded.details?.exhibitFiles, more.ref == ref {
                    try body(more.files)
                } else if seq == entry {
                    throw ExhibitError.badInput("ledger entry \(entry) does not register \(ref)")
                } else {
                    return
                }
            }
        }
    }

    /// The files of one exhibit (or of all), in order, with their objects, by exhibit: one query.
    private static func files(_ db: Database, ref: String?) throws -> [String: [ExhibitFileSummary]] {
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT f.exhibit_ref, f.name, f.path, f.sha256, f.modified_at, f.mime, o.size, o.sha1, o.md5
                FROM exhibit_file f JOIN object o ON o.sha256 = f.sha256
                \(ref == nil ? "" : "WHERE f.exhibit_ref = ?") ORDER BY f.exhibit_ref, f.position
                """, arguments: StatementArguments(ref.map { [$0] } ?? []))
        var files: [String: [ExhibitFileSummary]] = [:]
        while let row = try rows.next() {
            files[row["exhibit_ref"], default: []].append(
                ExhibitFileSummary(
                    name: row["name"], path: row["path"], size: row["size"], sha256: row["sha256"], sha1: row["sha1"],
                    md5: row["md5"], modified: row["modified_at"], mime: row["mime"]))
        }
        return files
    }

    private static func summary(_ row: ExhibitRow, files: [ExhibitFileSummary]) -> ExhibitSummary {
        ExhibitSummary(
            ref: row.ref, description: row.description, category: row.category, seizedBy: row.seizedBy,
            seizedFrom: row.seizedFrom, seizedAt: row.seizedAt, registeredAt: row.registeredAt,
            registeredEntry: row.registeredSeq, custodian: row.custodian, location: row.location,
            fileCount: files.count, totalSize: files.reduce(0) { $0 + $1.size }, files: files)
    }

    /// The ledger, optionally only the entries naming `ref` (read through the index), each with its hash.
    /// - Throws: `.badInput` for an unknown exhibit, `.verificationFailed` for an unreadable entry.
    public static func history(_ store: CaseStore, ref: String? = nil) throws -> [(entry: LedgerEntry, hash: String)] {
        try store.read { db in
            if let ref, try !ExhibitRow.exists(db, key: ref) {
                throw ExhibitError.badInput("no exhibit \(ref) in case \(store.info.caseRef); exhibit list shows the references")
            }
            let rows =
                try ref.map { ref in
                    try LedgerRow.fetchCursor(
                        db, sql: "SELECT * FROM ledger WHERE seq IN (SELECT seq FROM ledger_exhibit WHERE ref = ?) ORDER BY seq",
                        arguments: [ref])
                } ?? LedgerRow.order(Column("seq")).fetchCursor(db)
            var result: [(LedgerEntry, String)] = []
            while let row = try rows.next() {
                let entry = try LedgerEntry.decodeCanonical(Array(row.body.utf8), sequence: row.seq)
                // The index also lists the parts of a registration; history shows the entries that name the exhibit.
                if let ref, !entry.exhibits.contains(ref) { continue }
                result.append((entry, row.entryHash))
            }
            return result
        }
    }

    /// The entries of some actions only (read through the action index), in order, each with its hash.
    /// - Throws: `.verificationFailed` for an unreadable entry.
    static func history(_ store: CaseStore, actions: Set<LedgerAction>) throws -> [(entry: LedgerEntry, hash: String)] {
        try store.read { db in
            let names = actions.map(\.rawValue).sorted()
            let placeholders = Array(repeating: "?", count: names.count).joined(separator: ", ")
            let rows = try LedgerRow.fetchCursor(
                db,
                sql: """
                    SELECT * FROM ledger WHERE seq IN (SELECT seq FROM ledger_action WHERE action IN (\(placeholders)))
                    ORDER BY seq
                    """, arguments: StatementArguments(names))
            var result: [(LedgerEntry, String)] = []
            while let row = try rows.next() {
                result.append((try LedgerEntry.decodeCanonical(Array(row.body.utf8), sequence: row.seq), row.entryHash))
            }
            return result
        }
    }

    /// The latest signed checkpoint.
    /// - Throws: `.verificationFailed` when there is none or it is malformed.
    public static func latestCheckpoint(_ store: CaseStore) throws -> SignedCheckpoint {
        try store.read { db in
            guard let row = try CheckpointRow.order(Column("tree_size").desc).fetchOne(db) else {
                throw ExhibitError.verificationFailed("the store has no signed checkpoint")
            }
            return SignedCheckpoint(checkpoint: try Checkpoint.parse(row.note), signature: Array(row.signature))
        }
    }

    /// A consistency proof from the ledger's first `size` entries to all of them, with both roots, from the stored
    /// Merkle tree.
    /// - Throws: `.badInput` when `size` is not between 1 and the ledger size.
    public static func consistencyProof(_ store: CaseStore, from size: Int, to target: Int? = nil) throws -> ConsistencyProof {
        try store.read { db in
            let current = try Int.fetchOne(db, sql: "SELECT MAX(seq) FROM ledger") ?? 0
            let total = target ?? current
            guard total <= current else {
                throw ExhibitError.badInput("--to-size must be at most the ledger size \(current)")
            }
            guard size >= 1, size <= total else {
                throw ExhibitError.badInput(
                    "--from-size must be between 1 and \(target == nil ? "the ledger size " : "--to-size ")\(total)")
            }
            let tree = LedgerProjection.tree(db, size: total)
            return ConsistencyProof(
                fromSize: size, toSize: total, fromRoot: try tree.root(ofFirst: size), toRoot: try tree.root(),
                proof: try tree.consistencyProof(from: size))
        }
    }
}

/// A consistency proof between two sizes of a case ledger.
public struct ConsistencyProof: Sendable, Equatable {
    public var fromSize: Int
    public var toSize: Int
    public var fromRoot: MerkleTree.Hash
    public var toRoot: MerkleTree.Hash
    public var proof: [MerkleTree.Hash]

    /// Checks the proof (RFC 9162 2.1.4.2).
    public func verify() throws {
        do {
            try MerkleProofVerifier.verifyConsistency(
                size1: UInt64(fromSize), size2: UInt64(toSize), root1: fromRoot, root2: toRoot, proof: proof)
        } catch {
            throw ExhibitError.verificationFailed("the consistency proof from \(fromSize) to \(toSize) fails: \(error)")
        }
    }
}
