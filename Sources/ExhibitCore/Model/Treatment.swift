/// What happens to an exhibit's files.
public enum Treatment: String, Sendable, CaseIterable, Codable {
    /// The file travels as it is.
    case share
    /// The file travels redacted; a file type with no redactor is withheld.
    case redact
    /// Content withheld; hash, size, category and description travel.
    case hashOnly = "hash-only"
    /// Nothing travels but the fact of withholding and the reason.
    case withhold
}
