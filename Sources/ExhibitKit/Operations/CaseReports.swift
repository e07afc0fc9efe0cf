import ExhibitCore

/// `exhibit report`: reads the ledger into a `CaseFile` (the reports themselves are pure, in `Reports/`),
/// and writes a report to a file that must not exist yet (temporary file beside it, fsync, rename).
public enum CaseReports {
    /// The case file of a store: every ledger entry, checked to be canonical, folded in order.
    /// - Throws: `.verificationFailed` for an entry that is not canonical.
    public static func caseFile(_ store: CaseStore) throws -> CaseFile {
        let history = try CaseQueries.history(store)
        return CaseFile(entries: history.map(\.entry), head: history.last?.hash)
    }

    /// Writes report bytes to `path`, refusing to replace an existing file.
    /// - Throws: `.badInput` when the file exists, `.environment` when it cannot be written.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        try FileSystem.writeAtomically(bytes, to: FileSystem.absolute(path), mode: 0o600, replace: false)
    }
}
