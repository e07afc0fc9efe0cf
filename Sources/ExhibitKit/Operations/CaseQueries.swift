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
    public static func exhibits(_ store: CaseStore) throws -> [ExhibitSummary] {
        try store.read { db in
            try ExhibitRow.order(Column("registered_seq"), Column("ref")).fetchAll(db).map { try summary($0, db) }
        }
    }

    /// One exhibit.
    /// - Throws: `.badInput` when there is no such exhibit.
    public static func exhibit(_ store: CaseStore, ref: String) throws -> ExhibitSummary {
        try store.read { db in
            guard let row = try ExhibitRow.fetchOne(db, key: ref) else {
                throw ExhibitError.badInput("no exhibit \(ref) in case \(store.info.caseRef); exhibit list shows the references")
            }
            return try summary(row, db)
        }
    }

    private static func summary(_ row: ExhibitRow, _ db: Database) throws -> ExhibitSummary {
        let files = try ExhibitFileRow.filter(Column("exhibit_ref") == row.ref).order(Column("position")).fetchAll(db)
        let summaries = try files.map { file -> ExhibitFileSummary in
            guard let object = try ObjectRow.fetchOne(db, key: file.sha256) else {
                throw ExhibitError.verificationFailed("object \(file.sha256) of \(row.ref) is missing from the database")
            }
            return ExhibitFileSummary(
                name: file.name, path: file.path, size: object.size, sha256: object.sha256, sha1: object.sha1,
                md5: object.md5, modified: file.modifiedAt, mime: file.mime)
        }
        return ExhibitSummary(
            ref: row.ref, description: row.description, category: row.category, seizedBy: row.seizedBy,
            seizedFrom: row.seizedFrom, seizedAt: row.seizedAt, registeredAt: row.registeredAt,
            registeredEntry: row.registeredSeq, custodian: row.custodian, location: row.location,
            fileCount: summaries.count, totalSize: summaries.reduce(0) { $0 + $1.size }, files: summaries)
    }

    /// The ledger, optionally only the entries naming `ref`, each with its hash.
    /// - Throws: `.badInput` for an unknown exhibit, `.verificationFailed` for an unreadable entry.
    public static func history(_ store: CaseStore, ref: String? = nil) throws -> [(entry: LedgerEntry, hash: String)] {
        try store.read { db in
            if let ref, try !ExhibitRow.exists(db, key: ref) {
                throw ExhibitError.badInput("no exhibit \(ref) in case \(store.info.caseRef); exhibit list shows the references")
            }
            var result: [(LedgerEntry, String)] = []
            for row in try LedgerRow.order(Column("seq")).fetchAll(db) {
                let entry = try LedgerEntry.decodeCanonical(Array(row.body.utf8), sequence: row.seq)
                if let ref, !entry.exhibits.contains(ref) { continue }
                result.append((entry, row.entryHash))
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

    /// A consistency proof from the ledger's first `size` entries to all of them, with both roots.
    /// - Throws: `.badInput` when `size` is not between 1 and the ledger size.
    public static func consistencyProof(_ store: CaseStore, from size: Int) throws -> ConsistencyProof {
        let leaves = try leafHashes(store)
        guard size >= 1, size <= leaves.count else {
            throw ExhibitError.badInput("--from-size must be between 1 and the ledger size \(leaves.count)")
        }
        return ConsistencyProof(
            fromSize: size, toSize: leaves.count, fromRoot: MerkleTree.root(Array(leaves.prefix(size))),
            toRoot: MerkleTree.root(leaves), proof: MerkleTree.consistencyProof(from: size, leaves: leaves))
    }

    /// The Merkle leaf hashes of every entry, in order.
    static func leafHashes(_ store: CaseStore) throws -> [MerkleTree.Hash] {
        try store.read { db in
            try String.fetchAll(db, sql: "SELECT entry_hash FROM ledger ORDER BY seq").map { hex in
                guard let bytes = Hex.decode(hex), bytes.count == 32 else {
                    throw ExhibitError.verificationFailed("a ledger entry hash is malformed; run exhibit verify")
                }
                return MerkleTree.leafHash(bytes)
            }
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
