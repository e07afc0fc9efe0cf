import ExhibitCore

/// A receipt is recorded once: a second import of a receipt for the same bundle from the same signer is refused.
enum ReceiptReplay {
    /// The ledger entry that already recorded a receipt for `receipt`'s bundle signed by `signer` (a certificate
    /// fingerprint), if any.
    static func earlierImport(
        of receipt: Receipt, signer: String, in history: [(entry: LedgerEntry, hash: String)]
    ) -> Int? {
        history.first { item in
            guard item.entry.action == .receipt, let recorded = item.entry.details?.receipt else { return false }
            return recorded.bundleSHA256 == receipt.bundleSHA256 && recorded.receiverFingerprint == signer
        }?.entry.sequence
    }
}
