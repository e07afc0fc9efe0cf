import ExhibitCore
import Foundation

/// One stored ledger row as `verify` reads it.
struct StoredEntry: Sendable {
    let seq: Int
    /// The hash recorded beside the entry.
    let recorded: String
    /// The entry's stored bytes.
    let body: [UInt8]
}

/// A batch of stored entries hashed, decoded and checked for canonical form (`LedgerEntry.decodeCanonical`), the
/// work shared between both cores: it depends on nothing but each entry's bytes, so only what follows (chain,
/// tree, replay) has to go in ledger order. Memory is bounded by the batch size.
struct DecodedBatch {
    /// Entries per batch, at most.
    static let size = 512
    /// Stored bytes per batch, at most (give or take one entry): a registration's entries list a thousand files each,
    /// and decoded they weigh several times their bytes.
    static let byteBudget = 2 << 20

    /// Each entry's hash (hex), in order.
    let hashes: [String]
    /// Each entry decoded, or why it could not be.
    let entries: [Result<LedgerEntry, any Error>]

    init(_ batch: [StoredEntry]) {
        let results = DecodedResults(count: batch.count)
        let workers = batch.count < 64 ? 1 : 2
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for index in stride(from: worker, to: batch.count, by: workers) {
                let stored = batch[index]
                results.set(
                    index, hash: LedgerEntry.hash(of: stored.body),
                    entry: Result { try LedgerEntry.decodeCanonical(stored.body, sequence: stored.seq) })
            }
        }
        hashes = results.hashes
        entries = results.entries
    }
}

/// The slots the workers fill: each index is written by exactly one worker, and read only after
/// `concurrentPerform` has returned.
private final class DecodedResults: @unchecked Sendable {
    private let hashSlots: UnsafeMutableBufferPointer<String>
    private let entrySlots: UnsafeMutableBufferPointer<Result<LedgerEntry, any Error>>

    init(count: Int) {
        hashSlots = .allocate(capacity: count)
        hashSlots.initialize(repeating: "")
        entrySlots = .allocate(capacity: count)
        entrySlots.initialize(repeating: .failure(ExhibitError.environment("not decoded")))
    }

    deinit {
        hashSlots.deinitialize()
        hashSlots.deallocate()
        entrySlots.deinitialize()
        entrySlots.deallocate()
    }

    func set(_ index: Int, hash: String, entry: Result<LedgerEntry, any Error>) {
        hashSlots[index] = hash
        entrySlots[index] = entry
    }

    var hashes: [String] { Array(hashSlots) }
    var entries: [Result<LedgerEntry, any Error>] { Array(entrySlots) }
}
