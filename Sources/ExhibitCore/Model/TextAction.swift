/// What happens to an identifier or a person's details found in text.
public enum TextAction: String, Sendable, CaseIterable, Codable {
    /// Replaced by a label such as `[PHONE]`.
    case redact
    /// Replaced by a consistent pseudonym such as `[CHILD-1]` or `[PHONE-2]`.
    case pseudonymise
    /// Partly hidden, keeping the last characters: `*******0123`.
    case mask
    /// Left as it is.
    case keep
}
