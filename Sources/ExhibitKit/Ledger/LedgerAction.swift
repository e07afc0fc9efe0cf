/// What a custody ledger entry records.
public enum LedgerAction: String, Codable, Sendable, CaseIterable {
    /// The case store was created.
    case opened
    /// Exhibits were registered (seized material taken in, hashed, copied).
    case registered
    /// An exhibit was looked at or worked on.
    case accessed
    /// Custody passed to someone else.
    case transferred
    /// A free-text note about an exhibit.
    case note
    /// The store was verified and the result recorded.
    case verified
    /// A person of the case was recorded for redaction.
    case partyAdded = "party-added"
    /// A region of an image was marked for burn-in.
    case marked
    /// A redacted derivative was produced.
    case redacted
    /// A partner agency was registered or removed.
    case partnerAdded = "partner-added"
    case partnerRemoved = "partner-removed"
    /// A bundle left for a partner agency.
    case exported
    /// A bundle from a partner agency was received and imported.
    case received
    /// A partner's signed receipt was recorded.
    case receipt
}
