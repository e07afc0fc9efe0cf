/// What a policy does with a likely name of a person nobody registered (`unregistered-people`).
public enum UnregisteredPeopleAction: String, Sendable, CaseIterable, Codable {
    /// Replaced by `[NAME]`.
    case redact
    /// Replaced by a consistent pseudonym, `[PERSON-1]`, one per name.
    case pseudonymise
    /// Kept in the text and listed in the preview, so the officer can register the person.
    case flag
}
