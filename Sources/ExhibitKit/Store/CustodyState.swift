import ExhibitCore

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
    /// The case's people, in the order they were recorded (position from 1).
    var parties: [PartyRow] = []
    /// Regions marked for burn-in, by ledger entry.
    var marks: [Int: MarkRow] = [:]
    /// Derived objects and their provenance.
    var derivations: [DerivationRow] = []
    /// Partner agencies by id.
    var partners: [String: PartnerRow] = [:]
    /// Store settings by name (the latest value of each).
    var settings: [String: SettingRow] = [:]
    /// Classified material that is not an exhibit, by reference.
    var materials: [String: MaterialRow] = [:]
    /// Destroyed exhibits by reference.
    var destroyedExhibits: [String: DestroyedExhibitRow] = [:]
    /// Objects erased from the object store, by SHA-256 (until the same content is stored again).
    var destroyedObjects: [String: DestroyedObjectRow] = [:]

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
        case .registered, .received:
            if entry.action == .received, entry.details?.receivedFrom == nil {
                throw ExhibitError.verificationFailed("\(label) does not say where the exhibit came from")
            }
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
            for file in exhibit.files { destroyedObjects.removeValue(forKey: file.sha256) }
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
        case .partyAdded:
            guard let party = entry.details?.party else { throw ExhibitError.verificationFailed("\(label) has no party details") }
            parties.append(
                PartyRow(
                    position: parties.count + 1, name: party.name, role: party.role.rawValue,
                    aliases: party.aliases.joined(separator: "\n"), dob: party.dob, address: party.address, phone: party.phone,
                    email: party.email, addedSeq: entry.sequence))
        case .marked:
            guard let mark = entry.details?.mark else { throw ExhibitError.verificationFailed("\(label) has no mark details") }
            try requireFile(mark.ref, mark.file, mark.sha256, label)
            marks[entry.sequence] = MarkRow(
                seq: entry.sequence, exhibitRef: mark.ref, file: mark.file, sha256: mark.sha256, x: mark.region.x,
                y: mark.region.y, width: mark.region.width, height: mark.region.height, reason: mark.reason)
        case .redacted:
            guard let redaction = entry.details?.redaction else {
                throw ExhibitError.verificationFailed("\(label) has no redaction details")
            }
            for item in redaction.items {
                try requireFile(item.ref, item.file, item.source, label)
                guard let derived = item.derived else { continue }
                destroyedObjects.removeValue(forKey: derived.sha256)
                if objects[derived.sha256] == nil {
                    objects[derived.sha256] = ObjectRow(
                        sha256: derived.sha256, size: derived.size, sha1: derived.sha1, md5: derived.md5,
                        storedSeq: entry.sequence)
                }
                derivations.append(
                    DerivationRow(
                        derived: derived.sha256, source: item.source, exhibitRef: item.ref, file: item.file,
                        policyID: redaction.policy.id, policyVersion: redaction.policy.version,
                        policySHA256: redaction.policy.sha256, rules: RedactionItem.encodeRules(item.rules), seq: entry.sequence))
            }
        case .partnerAdded:
            guard let partner = entry.details?.partner else {
                throw ExhibitError.verificationFailed("\(label) has no partner details")
            }
            guard partners[partner.id] == nil else {
                throw ExhibitError.verificationFailed("\(label) adds partner \(partner.id) twice")
            }
            partners[partner.id] = PartnerRow(
                id: partner.id, name: partner.name, certificatePEM: partner.certificate, fingerprint: partner.fingerprint,
                caPEM: partner.ca, crlPEM: partner.crl, addedSeq: entry.sequence)
        case .partnerRemoved:
            guard let id = entry.details?.fields?["id"], partners.removeValue(forKey: id) != nil else {
                throw ExhibitError.verificationFailed("\(label) removes a partner that was never added")
            }
        case .partnerUpdated:
            guard let partner = entry.details?.partner, let row = partners[partner.id] else {
                throw ExhibitError.verificationFailed("\(label) updates a partner that was never added")
            }
            partners[partner.id] = PartnerRow(
                id: partner.id, name: partner.name, certificatePEM: partner.certificate, fingerprint: partner.fingerprint,
                caPEM: partner.ca, crlPEM: partner.crl, addedSeq: row.addedSeq)
        case .accessed, .note, .exported, .hashMatched:
            for ref in entry.exhibits where exhibits[ref] == nil {
                throw ExhibitError.verificationFailed("\(label) names \(ref), which was never registered")
            }
        case .verified, .receipt, .hashListImported, .witnessed:
            break
        case .registeredFiles:
            throw ExhibitError.verificationFailed("\(label): continued registrations are not read by this projection")
        case .classified, .sealed, .unsealed, .returned, .destroyed, .milestone, .setting, .consulted:
            try applyLifecycle(entry, label: label)
        }
    }

    /// Requires `file` of exhibit `ref` to exist with content `sha256`.
    private func requireFile(_ ref: String, _ file: String, _ sha256: String, _ label: String) throws {
        guard exhibits[ref] != nil else {
            throw ExhibitError.verificationFailed("\(label) names \(ref), which was never registered")
        }
        guard (files[ref] ?? []).contains(where: { $0.path == file && $0.sha256 == sha256 }) else {
            throw ExhibitError.verificationFailed(
                "\(label) names file \(file) of \(ref) with content \(sha256), which \(ref) does not hold")
        }
    }
}
