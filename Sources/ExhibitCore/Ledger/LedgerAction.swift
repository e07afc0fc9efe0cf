/// What a custody ledger entry records.
public enum LedgerAction: String, Codable, Sendable, CaseIterable {
    /// The case store was created.
    case opened
    /// Exhibits were registered (seized material taken in, hashed, copied).
    case registered
    /// More files of the exhibit registered just before (a registration too large for one entry).
    case registeredFiles = "registered-files"
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
    /// Material was classified for the unused-material schedules (used / unused, sensitive).
    case classified
    /// An exhibit was sealed in a numbered evidence bag.
    case sealed
    /// A seal was broken, with the reason.
    case unsealed
    /// An exhibit was returned to its owner or another person outside the investigation.
    case returned
    /// An exhibit was destroyed: its objects erased from the store, their hashes kept in the ledger.
    case destroyed
    /// A procedural milestone of joint working (referral, strategy discussion, notifications, decisions).
    case milestone
    /// A store setting was changed (consultation recording, end of the working day, protective marking).
    case setting
    /// The case was consulted by a reading command while consultation recording is on (DPA 2018 s.62).
    case consulted
    /// Copies of exhibits' files were taken out of the store into a folder (`extract`, `receive --out`): a
    /// disclosure, and the consultation record of the exhibits concerned.
    case extracted
    /// A known-image hash list was imported (name, counts, file digest; never the digests).
    case hashListImported = "hash-list-imported"
    /// Files of exhibits were found on a known-image hash list.
    case hashMatched = "hash-matched"
    /// A partner's certificate, CA or CRL was refreshed.
    case partnerUpdated = "partner-updated"
    /// A partner's signed checkpoint was witnessed on receipt of its bundle.
    case witnessed
    /// The agency's signing certificate was handed over to a new one (`keys rotate`): the entry's checkpoint is still
    /// signed by the outgoing key, later ones by the incoming key.
    case keyRotated = "key-rotated"
    /// The store's RFC 3161 time-stamp authority was named or changed (URL and certificate).
    case timestampAuthority = "timestamp-authority"
}
