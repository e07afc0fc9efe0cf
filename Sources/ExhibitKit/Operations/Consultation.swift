import ExhibitCore

/// Consultation recording (DPA 2018 s.62): when the case's `record-consultation` setting is on, `show`,
/// `redact --preview` and `report` take the writer lock and the agency key and append one `consulted`
/// entry each, after the answer is ready and before it is shown. When it is off they stay read-only.
public enum Consultation {
    /// Who consults and the key that signs the record; loaded only when consultation is recorded.
    public typealias Credentials = () throws -> (signer: LedgerSigner, actor: Actor)

    /// Computes a reading command's answer, recording the consultation first when the case says so.
    /// - Parameters:
    ///   - store: the case store.
    ///   - command: the command as the log should name it, e.g. `show` or `report continuity`.
    ///   - exhibits: the exhibits consulted (empty: the whole case).
    ///   - reason: the justification, when given.
    ///   - credentials: loads the key (asking for the passphrase) and resolves the actor.
    ///   - body: computes the answer; it runs under the writer lock when consultation is recorded.
    /// - Returns: the answer, and the `consulted` entry when one was recorded.
    /// - Throws: what `body` throws (then nothing is recorded), or why the entry could not be recorded
    ///   (then nothing may be shown).
    public static func consult<T>(
        _ store: CaseStore, command: String, exhibits: [String], reason: String?, credentials: Credentials,
        body: () throws -> T
    ) throws -> (value: T, entry: LedgerEntry?) {
        guard try CaseSettings.current(store).recordConsultation else { return (try body(), nil) }
        let reason = try ExhibitFields.optional(reason, flag: "--reason")
        let (signer, actor) = try credentials()
        return try store.write(signer: signer) { writer in
            let value = try body()
            let entry = try writer.commitOne(
                LedgerEntry(
                    caseID: store.info.id, action: .consulted, actor: actor, exhibits: exhibits, reason: reason,
                    details: EntryDetails(consultation: ConsultationDetails(command: command))))
            return (value, entry)
        }
    }
}
