import ExhibitCore
import Foundation
import GRDB

/// Signing the checkpoint that closes every commit: the C2SP tlog-checkpoint body over the whole ledger's Merkle
/// root, signed (detached CMS, without the certificate) with the agency key and stored beside the entries it covers.
enum LedgerCheckpoints {
    /// Computes the root from the stored Merkle nodes and stores a newly signed checkpoint, inside the commit.
    /// - Throws: `.verificationFailed` for a damaged stored tree; the signer's errors.
    static func sign(_ db: Database, caseID: String, signer: LedgerSigner) throws {
        let size = try Int.fetchOne(db, sql: "SELECT MAX(seq) FROM ledger") ?? 0
        let root = try LedgerProjection.tree(db, size: size).root()
        let checkpoint = Checkpoint(origin: Checkpoint.origin(caseID: caseID), size: size, root: root, time: Timestamp.now())
        // The stored checkpoint does not carry the certificate (about 60% of a checkpoint's bytes): verify knows the
        // certificates that sign the ledger, and `checkpoint --out` writes it beside the signature for -certfile.
        // Checkpoints that travel (a bundle's, prepared by `StoreWriter.prepare`) carry it.
        let signature = try signer.sign(Array(checkpoint.body.utf8), includeCertificate: false)
        try CheckpointRow(treeSize: checkpoint.size, note: checkpoint.body, signature: Data(signature)).insert(db)
    }
}
