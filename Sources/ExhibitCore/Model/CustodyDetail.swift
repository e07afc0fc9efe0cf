/// How much of the custody ledger a bundle carries.
public enum CustodyDetail: String, Sendable, CaseIterable, Codable {
    /// The entries themselves (who handled each exhibit, when, where, and the registered hashes).
    case full
    /// Only the entries' hashes, with inclusion proofs: the receiver can check them against the signed
    /// checkpoint, but learns nothing of their content.
    case hashes
}
