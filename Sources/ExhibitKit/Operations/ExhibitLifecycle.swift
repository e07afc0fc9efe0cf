import ExhibitCore
import GRDB

/// `exhibit classify`, `seal`, `unseal` and `return`: the exhibit lifecycle, each a ledger entry committed
/// with a new signed checkpoint (the pattern of `ContinuityEvent`). `exhibit destroy` is `ExhibitDestruction`.
public enum ExhibitLifecycle {
    /// Classifies an exhibit, or other material, for the unused-material schedules.
    /// - Parameters:
    ///   - ref: an exhibit reference, or a reference for material that is not an exhibit of this store.
    ///   - use: used or unused.
    ///   - sensitive: listed on the sensitive schedule (MG6D) instead of MG6C; unused material only.
    ///   - reason: why (required when sensitive).
    ///   - description: what the material is (required the first time material that is not an exhibit is classified).
    ///   - store: the case store.
    ///   - signer: the agency key.
    ///   - actor: who classifies.
    /// - Returns: the `classified` entry.
    /// - Throws: `.badInput` for contradictory flags, a missing reason or description.
    public static func classify(
        ref: String, use: MaterialUse, sensitive: Bool, reason: String?, description: String?, store: CaseStore,
        signer: LedgerSigner, actor: Actor
    ) throws -> LedgerEntry {
        try ExhibitFields.checkReference(ref)
        let reason = try ExhibitFields.optional(reason, flag: "--reason")
        let description = try ExhibitFields.optional(description, flag: "--description")
        if sensitive, use == .used {
            throw ExhibitError.badInput("--sensitive applies to unused material only (MG6D); drop --used or --sensitive")
        }
        if sensitive, reason == nil { throw ExhibitError.badInput("--sensitive needs --reason: why the material is sensitive") }
        return try store.write(signer: signer) { writer in
            let (isExhibit, isMaterial) = try writer.read { db in
                (try ExhibitRow.exists(db, key: ref), try MaterialRow.exists(db, key: ref))
            }
            if isExhibit, description != nil {
                throw ExhibitError.badInput("\(ref) is an exhibit: its description is the registered one; drop --description")
            }
            if !isExhibit, !isMaterial, description == nil {
                throw ExhibitError.badInput(
                    "\(ref) is not an exhibit of case \(store.info.caseRef); to schedule other material, give --description")
            }
            let details = ClassificationDetails(
                ref: ref, use: use, sensitive: sensitive, description: isMaterial ? nil : description)
            return try writer.commitOne(
                LedgerEntry(
                    caseID: store.info.id, action: .classified, actor: actor, exhibits: [ref], reason: reason,
                    details: EntryDetails(classification: details)))
        }
    }

    /// Records that an exhibit was sealed with a numbered seal.
    /// - Returns: the `sealed` entry.
    public static func seal(
        ref: String, number: String, location: String?, store: CaseStore, signer: LedgerSigner, actor: Actor
    ) throws -> LedgerEntry {
        let number = try ExhibitFields.required(number, flag: "--seal")
        let location = try ExhibitFields.optional(location, flag: "--location")
        return try record(ref: ref, store: store, signer: signer) { _ in
            LedgerEntry(
                caseID: store.info.id, action: .sealed, actor: actor, exhibits: [ref], location: location,
                details: EntryDetails(seal: SealDetails(number: number)))
        }
    }

    /// Records that a seal was broken, and why.
    /// - Returns: the `unsealed` entry.
    public static func unseal(
        ref: String, number: String, reason: String, location: String?, store: CaseStore, signer: LedgerSigner, actor: Actor
    ) throws -> LedgerEntry {
        let number = try ExhibitFields.required(number, flag: "--seal")
        let reason = try ExhibitFields.required(reason, flag: "--reason")
        let location = try ExhibitFields.optional(location, flag: "--location")
        return try record(ref: ref, store: store, signer: signer) { _ in
            LedgerEntry(
                caseID: store.info.id, action: .unsealed, actor: actor, exhibits: [ref], reason: reason, location: location,
                details: EntryDetails(seal: SealDetails(number: number)))
        }
    }

    /// Records that an exhibit was returned to someone outside the investigation (its owner, usually).
    /// - Returns: the `returned` entry.
    public static func giveBack(
        ref: String, to recipient: String, reason: String?, location: String?, store: CaseStore, signer: LedgerSigner,
        actor: Actor
    ) throws -> LedgerEntry {
        let recipient = try ExhibitFields.required(recipient, flag: "--to")
        let reason = try ExhibitFields.optional(reason, flag: "--reason")
        let location = try ExhibitFields.optional(location, flag: "--location")
        return try record(ref: ref, store: store, signer: signer) { exhibit in
            LedgerEntry(
                caseID: store.info.id, action: .returned, actor: actor, exhibits: [ref], reason: reason, location: location,
                details: EntryDetails(transfer: TransferDetails(from: exhibit.custodian, to: recipient)))
        }
    }

    /// Looks up a live exhibit under the writer lock, builds its entry and commits it.
    static func record(
        ref: String, store: CaseStore, signer: LedgerSigner, makeEntry: (ExhibitRow) throws -> LedgerEntry
    ) throws -> LedgerEntry {
        try ContinuityEvent.record(ref: ref, store: store, signer: signer, makeEntry: makeEntry)
    }
}
