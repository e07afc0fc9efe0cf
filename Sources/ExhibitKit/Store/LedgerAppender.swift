import ExhibitCore
import Foundation
import GRDB

/// Appends entries inside the writer's commit transaction: numbers and chains each one, stores its canonical
/// bytes and hash, and applies it to the tables (`LedgerProjection`), exactly as a replay would.
public final class LedgerAppender {
    let db: Database
    /// The case the entries belong to.
    let caseID: String
    /// The entries appended so far in this transaction (those appended with `keep: false` left out).
    public private(set) var appended: [LedgerEntry] = []
    private var tail: (sequence: Int, hash: String)
    /// The ledger's size when the transaction began.
    private let base: Int
    private var projection: LedgerProjection

    init(db: Database, caseID: String) throws {
        self.db = db
        self.caseID = caseID
        projection = LedgerProjection(db: db)
        if let last = try LedgerRow.order(Column("seq").desc).fetchOne(db) {
            tail = (last.seq, last.entryHash)
        } else {
            tail = (0, LedgerEntry.genesis)
        }
        base = tail.sequence
    }

    /// Appends entries prepared ahead (`StoreWriter.prepare`), given the same drafts again, and stores the checkpoint
    /// signed over them. The entries are not kept in `appended`.
    /// - Throws: `.environment` when the ledger changed since they were prepared (it cannot while the writer lock
    ///   is held) or an entry would not be stored as prepared (other drafts, or more or fewer).
    public func append(_ prepared: StoreWriter.PreparedEntries, drafts: some Sequence<LedgerEntry>) throws {
        guard tail.sequence == prepared.baseSize else {
            throw ExhibitError.environment("the ledger changed while entries were prepared; nothing was recorded")
        }
        let changed = ExhibitError.environment("a prepared ledger entry changed before it was recorded; nothing was recorded")
        var count = 0
        for draft in drafts {
            guard count < prepared.hashes.count else { throw changed }
            let stored = try append(draft, keep: false)
            guard tail.hash == prepared.hashes[count], stored.sequence == prepared.heads[count].sequence else { throw changed }
            count += 1
        }
        guard count == prepared.hashes.count else { throw changed }
        try CheckpointRow(
            treeSize: prepared.checkpoint.size, note: prepared.checkpoint.body, signature: Data(prepared.signature)
        ).insert(db)
    }

    /// Appends one entry (numbering and chaining it) and applies it to the tables.
    /// - Parameters:
    ///   - draft: the entry.
    ///   - keep: false to leave it out of `appended` (the many entries of a large registration are not held in memory).
    /// - Returns: the entry as stored.
    /// - Throws: `.verificationFailed` when the entry contradicts the case (an exhibit registered twice, …).
    @discardableResult
    public func append(_ draft: LedgerEntry, keep: Bool = true) throws -> LedgerEntry {
        var entry = draft
        entry.caseID = caseID
        entry.sequence = tail.sequence + 1
        entry.previous = tail.hash
        let bytes = try entry.canonicalBytes()
        let hash = LedgerEntry.hash(of: bytes)
        try LedgerRow(seq: entry.sequence, entryHash: hash, body: String(decoding: bytes, as: UTF8.self)).insert(db)
        try projection.apply(entry, hash: hash)
        tail = (entry.sequence, hash)
        if keep { appended.append(entry) }
        return entry
    }

    /// Requires the entries appended to leave the case whole (every registration complete), before the commit.
    /// - Throws: `.verificationFailed` naming a registration whose files stop short.
    func finish() throws {
        try projection.finish()
    }

    /// The number of the last entry appended in this transaction, or nil when none was.
    var lastAppended: Int? { tail.sequence > base ? tail.sequence : nil }
}
