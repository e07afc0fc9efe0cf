/// What the ledger says the case holds: exhibits, their files, custody and the stored objects. Built by
/// applying entries in order; the database tables are a copy of it, written by the same `apply` when an
/// entry is appended and compared against a fresh replay by `verify`.
struct CustodyState: Sendable {
    /// The case as opened.
    var caseDetails: CaseDetails?
    /// Exhibits by reference.
    var exhibits: [String: ExhibitRow] = [:]
    /// Files of each exhibit, in order.
    var files: [String: [ExhibitFileRow]] = [:]
    /// Stored objects by SHA-256.
    var objects: [String: ObjectRow] = [:]

    /// Applies one entry.
    /// - Throws: `ExhibitError.verificationFailed` when the entry contradicts the state (an exhibit
    ///   registered twice, a transfer of an unknown exhibit, a case opened twice).
    mutating func apply(_ entry: LedgerEntry) throws {
        let label = "ledger entry \(entry.sequence) (\(entry.action.rawValue))"
        switch entry.action {
        case .opened:
            guard caseDetails == nil, let details = entry.details?.caseRecord else {
                throw ExhibitError.verificationFailed("\(label) opens a case that is already open, or has no case details")
            }
            caseDetails = details
        case .registered:
            guard let exhibit = entry.details?.exhibit else {
                throw ExhibitError.verificationFailed("\(label) has no exhibit details")
            }
            guard exhibits[exhibit.ref] == nil else {
                throw ExhibitError.verificationFailed("\(label) registers \(exhibit.ref) a second time")
            }
            exhibits[exhibit.ref] = ExhibitRow(
                ref: exhibit.ref, description: exhibit.description, category: exhibit.category,
                seizedBy: exhibit.seizedBy, seizedFrom: exhibit.seizedFrom, seizedAt: exhibit.seizedAt,
                registeredSeq: entry.sequence, registeredAt: entry.time, custodian: entry.actor.name, location: entry.location)
            files[exhibit.ref] = exhibit.files.enumerated().map { position, file in
                ExhibitFileRow(
                    exhibitRef: exhibit.ref, position: position, name: file.name, path: file.path, sha256: file.sha256,
                    modifiedAt: file.modified, mime: file.mime)
            }
            for file in exhibit.files where objects[file.sha256] == nil {
                objects[file.sha256] = ObjectRow(
                    sha256: file.sha256, size: file.size, sha1: file.sha1, md5: file.md5, storedSeq: entry.sequence)
            }
        case .transferred:
            guard let transfer = entry.details?.transfer else {
                throw ExhibitError.verificationFailed("\(label) has no transfer details")
            }
            for ref in entry.exhibits {
                guard var exhibit = exhibits[ref] else {
                    throw ExhibitError.verificationFailed("\(label) transfers \(ref), which was never registered")
                }
                exhibit.custodian = transfer.to
                if let location = entry.location { exhibit.location = location }
                exhibits[ref] = exhibit
            }
        case .accessed, .note, .marked, .redacted, .exported:
            for ref in entry.exhibits where exhibits[ref] == nil {
                throw ExhibitError.verificationFailed("\(label) names \(ref), which was never registered")
            }
        case .verified, .partyAdded, .partnerAdded, .partnerRemoved, .received, .receipt:
            break
        }
    }
}
