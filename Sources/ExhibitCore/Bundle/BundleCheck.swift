/// The checks a receiver makes, in the order it makes them (BUNDLE-FORMAT.md, "Rules a receiver must keep"),
/// each with a stable id for `--json`, receipts and scripts.
public enum BundleCheck: String, Sendable, CaseIterable, Codable {
    /// Regular files and folders only, nothing after the end marker, only the outer bag's files.
    case outerArchive = "outer-archive"
    /// The tag manifest is signed by a registered partner whose certificate is valid (and not revoked).
    case outerSignature = "outer-signature"
    /// The ciphertext and envelope match the signed manifests.
    case outerManifests = "outer-manifests"
    /// Decrypted with our key, the AES-GCM tag checked after the whole ciphertext was read.
    case decryption
    /// The inner archive holds only clean regular files and folders, within the caps.
    case safeExtraction = "safe-extraction"
    /// The evidence bag is signed by the same sender.
    case innerSignature = "inner-signature"
    /// Every file matches the inner manifests and the item manifest.
    case innerManifests = "inner-manifests"
    /// The bundle names this agency as its recipient.
    case recipient
    /// The custody extract's checkpoint, entry hashes and inclusion proofs.
    case custody
    /// The policy travelled with the hash the bag declares.
    case policy

    /// The check's name as printed.
    public var title: String {
        switch self {
        case .outerArchive: return "outer archive"
        case .outerSignature: return "sender signature (outer)"
        case .outerManifests: return "outer manifests"
        case .decryption: return "decryption and GCM tag"
        case .safeExtraction: return "safe extraction"
        case .innerSignature: return "sender signature (inner)"
        case .innerManifests: return "inner manifests"
        case .recipient: return "recipient"
        case .custody: return "custody extract"
        case .policy: return "policy"
        }
    }
}
