import ExhibitCore

/// `exhibit event KIND --at TIME`: a procedural milestone of joint working, recorded as a ledger entry for
/// the joint-working clocks (`exhibit report clocks`).
public enum CaseMilestones {
    /// Records that a milestone happened at `at` (RFC 3339; default now).
    /// - Returns: the `milestone` entry.
    /// - Throws: `.badInput` for a malformed time or one in the future.
    public static func record(
        _ kind: MilestoneKind, at: String?, note: String?, store: CaseStore, signer: LedgerSigner, actor: Actor
    ) throws -> LedgerEntry {
        let now = Timestamp.now()
        let at = try ExhibitFields.time(at, flag: "--at") ?? now
        guard let when = Timestamp.parse(at), let recorded = Timestamp.parse(now), when <= recorded.addingTimeInterval(60) else {
            throw ExhibitError.badInput("--at \(at) is in the future; record a milestone once it has happened")
        }
        let note = try ExhibitFields.optional(note, flag: "--note")
        return try store.write(signer: signer) { writer in
            try writer.commitOne(
                LedgerEntry(
                    caseID: store.info.id, time: now, action: .milestone, actor: actor, text: note,
                    details: EntryDetails(milestone: MilestoneDetails(kind: kind, at: at))))
        }
    }
}
