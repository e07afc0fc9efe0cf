import ExhibitCore
import GRDB

/// `exhibit transfer`, `exhibit access` and `exhibit note`: continuity events on one exhibit, each a
/// ledger entry committed with a new signed checkpoint.
public enum ContinuityEvent {
    /// Hands an exhibit to someone else.
    /// - Returns: the `transferred` entry.
    /// - Throws: `.badInput` for an unknown exhibit, blank fields or a transfer to the current custodian.
    public static func transfer(
        ref: String, to recipient: String, reason: String, location: String?, store: CaseStore, signer: LedgerSigner,
        actor: Actor
    ) throws -> LedgerEntry {
        let recipient = try ExhibitFields.required(recipient, flag: "--to")
        let reason = try ExhibitFields.required(reason, flag: "--reason")
        let location = try ExhibitFields.optional(location, flag: "--location")
        return try record(ref: ref, store: store, signer: signer) { exhibit in
            guard exhibit.custodian != recipient else {
                throw ExhibitError.badInput("\(ref) is already in the custody of \(recipient)")
            }
            return LedgerEntry(
                caseID: store.info.id, action: .transferred, actor: actor, exhibits: [ref], reason: reason,
                location: location, details: EntryDetails(transfer: TransferDetails(from: exhibit.custodian, to: recipient)))
        }
    }

    /// Records that an exhibit was looked at or worked on.
    public static func access(
        ref: String, reason: String, location: String?, store: CaseStore, signer: LedgerSigner, actor: Actor
    ) throws -> LedgerEntry {
        let reason = try ExhibitFields.required(reason, flag: "--reason")
        let location = try ExhibitFields.optional(location, flag: "--location")
        return try record(ref: ref, store: store, signer: signer) { _ in
            LedgerEntry(
                caseID: store.info.id, action: .accessed, actor: actor, exhibits: [ref], reason: reason, location: location)
        }
    }

    /// Adds a note to an exhibit's continuity.
    public static func note(ref: String, text: String, store: CaseStore, signer: LedgerSigner, actor: Actor) throws -> LedgerEntry
    {
        let text = try ExhibitFields.required(text, flag: "--text")
        return try record(ref: ref, store: store, signer: signer) { _ in
            LedgerEntry(caseID: store.info.id, action: .note, actor: actor, exhibits: [ref], text: text)
        }
    }

    /// Looks up a live exhibit (registered and not destroyed) under the writer lock, builds its entry with
    /// `makeEntry` and commits it.
    /// - Throws: `.badInput` for an unknown or destroyed exhibit; what `makeEntry` throws.
    static func record(
        ref: String, store: CaseStore, signer: LedgerSigner, makeEntry: (ExhibitRow) throws -> LedgerEntry
    ) throws -> LedgerEntry {
        try store.write(signer: signer) { writer in
            let (exhibit, destroyed) = try writer.read { db in
                (try ExhibitRow.fetchOne(db, key: ref), try DestroyedExhibitRow.fetchOne(db, key: ref))
            }
            guard let exhibit else {
                throw ExhibitError.badInput("no exhibit \(ref) in case \(store.info.caseRef); exhibit list shows the references")
            }
            if let destroyed { throw ExhibitError.badInput("\(ref) was destroyed (ledger entry \(destroyed.seq))") }
            let entry = try makeEntry(exhibit)
            return try writer.commitOne(entry)
        }
    }
}
