import ExhibitCore
import Foundation
import GRDB

/// Signing the checkpoint that closes every commit: the C2SP tlog-checkpoint body over the whole ledger's Merkle
/// root, signed (detached CMS) with the agency key and stored beside the entries it covers.
enum LedgerCheckpoints {
    /// Computes the root over every entry hash and stores a newly signed checkpoint, inside the commit.
    /// - Throws: `.verificationFailed` for a malformed stored hash; the signer's errors.
    static func sign(_ db: Database, caseID: String, signer: LedgerSigner) throws {
        let frontier = try frontier(try String.fetchAll(db, sql: "SELECT entry_hash FROM ledger ORDER BY seq"))
        let checkpoint = Checkpoint(
            origin: Checkpoint.origin(caseID: caseID), size: frontier.size, root: frontier.root, time: Timestamp.now())
        let signature = try signer.sign(Array(checkpoint.body.utf8))
        try CheckpointRow(treeSize: checkpoint.size, note: checkpoint.body, signature: Data(signature)).insert(db)
    }

    /// The Merkle frontier over entry hashes (hex), in order.
    /// - Throws: `.verificationFailed` for a malformed hash.
    static func frontier(_ hashes: [String]) throws -> MerkleTree.Frontier {
        var frontier = MerkleTree.Frontier()
        for hash in hashes {
            guard let bytes = Hex.decode(hash), bytes.count == 32 else {
                throw ExhibitError.verificationFailed("ledger entry hash \(hash) is malformed: run exhibit verify")
            }
            frontier.append(MerkleTree.leafHash(bytes))
        }
        return frontier
    }
}
