extension BundleCheck {
    /// What the check establishes, in plain words, for the people who read the report (`title` is the technical name).
    public var plainTitle: String {
        switch self {
        case .outerArchive: return "The file is a complete, well-formed bundle"
        case .outerSignature: return "The sender's signature on the outside is genuine"
        case .outerManifests: return "Nothing on the outside was changed after it was signed"
        case .decryption: return "It was encrypted for you, and opened without any sign of tampering"
        case .safeExtraction: return "Its contents unpacked safely (no file could escape or overwrite anything)"
        case .innerSignature: return "The sender's signature on the contents is genuine"
        case .innerManifests: return "Every shared file is exactly as the sender listed it"
        case .recipient: return "It is addressed to your agency"
        case .custody: return "The sender's custody record for these items is intact"
        case .policy: return "The sharing policy it was made under travelled with it, unchanged"
        }
    }
}
