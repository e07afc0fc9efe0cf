import ExhibitCore

/// Recording a verification run in the ledger (`exhibit verify --record`).
public enum StoreVerification {
    /// Appends a `verified` entry with the report's outcome.
    public static func record(_ report: VerificationReport, store: CaseStore, signer: LedgerSigner, actor: Actor) throws {
        let details = VerificationDetails(
            passed: report.passed, entries: report.entries, objects: report.objects, problems: report.problems)
        try store.write(signer: signer) { writer in
            try writer.commitOne(
                LedgerEntry(caseID: store.info.id, action: .verified, actor: actor, details: EntryDetails(verification: details)))
        }
    }
}
