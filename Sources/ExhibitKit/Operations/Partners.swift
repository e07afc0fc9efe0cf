import ExhibitCore
import Foundation
import GRDB

/// `exhibit partners`: the agencies a case may share with and accept bundles from, each pinned by its
/// certificate's fingerprint, or checked against a CA (and CRL) when one is configured.
public enum Partners {
    /// A partner as listed.
    public struct Partner: Sendable, Codable, Equatable {
        public var id: String
        public var name: String
        public var subject: String
        public var fingerprint: String
        public var notAfter: String
        public var validNow: Bool
        public var canReceive: Bool
        public var ca: Bool
        public var crl: Bool
        /// The largest checkpoint of its ledgers witnessed here (issue 14), if any.
        public var lastWitnessed: WitnessedCheckpoint?
    }

    /// Registers a partner (a `partner-added` entry).
    /// - Throws: `.badInput` for an unreadable or expired certificate, a bad id, an id already used, or a
    ///   certificate that fails its CA/CRL check.
    public static func add(
        certificatePath: String, name: String, id: String, caPath: String?, crlPath: String?, store: CaseStore,
        signer: LedgerSigner,
        actor: Actor
    ) throws -> LedgerEntry {
        let name = try ExhibitFields.required(name, flag: "--name")
        guard !id.isEmpty, id.count <= 64, id.allSatisfy({ ($0.isLetter && $0.isLowercase) || $0.isNumber || $0 == "-" }) else {
            throw ExhibitError.badInput("--id \(id) is not valid: use lower-case letters, digits and hyphens, such as leeds-csc")
        }
        let certificate = try Certificate.load(path: certificatePath)
        guard certificate.isValid(at: Date()) else {
            throw ExhibitError.badInput(
                "\(certificatePath) is not valid now (valid \(certificate.notBefore.map(Timestamp.format) ?? "?") to \(certificate.notAfter.map(Timestamp.format) ?? "?"))"
            )
        }
        let ca = try caPath.map { path -> String in
            let certificates = try Certificate.loadAll(path: path)
            return certificates.map(\.pem).joined()
        }
        let crl = try crlPath.map { path -> String in
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8),
                text.contains("-----BEGIN X509 CRL-----")
            else { throw ExhibitError.badInput("\(path) is not a PEM certificate revocation list") }
            return text
        }
        if crl != nil, ca == nil { throw ExhibitError.badInput("--crl needs --ca: a revocation list is checked against its CA") }
        let details = PartnerDetails(
            id: id, name: name, certificate: certificate.pem, fingerprint: certificate.fingerprint, ca: ca, crl: crl)
        if let reason = try trust(for: row(details, sequence: 0), at: Date()).check(certificate) {
            throw ExhibitError.badInput("\(certificatePath) fails its CA check: \(reason)")
        }
        return try store.write(signer: signer) { writer in
            if try writer.read({ db in try PartnerRow.exists(db, key: id) }) {
                throw ExhibitError.badInput("partner \(id) is already registered; remove it first to replace its certificate")
            }
            return try writer.commitOne(
                LedgerEntry(caseID: store.info.id, action: .partnerAdded, actor: actor, details: EntryDetails(partner: details)))
        }
    }

    /// Removes a partner (a `partner-removed` entry).
    /// - Throws: `.badInput` when there is no such partner.
    public static func remove(id: String, store: CaseStore, signer: LedgerSigner, actor: Actor) throws -> LedgerEntry {
        try store.write(signer: signer) { writer in
            guard try writer.read({ db in try PartnerRow.exists(db, key: id) }) else {
                throw ExhibitError.badInput("no partner \(id); exhibit partners list shows them")
            }
            return try writer.commitOne(
                LedgerEntry(
                    caseID: store.info.id, action: .partnerRemoved, actor: actor, details: EntryDetails(fields: ["id": id])))
        }
    }

    /// Every partner.
    public static func list(_ store: CaseStore) throws -> [Partner] {
        let history = try CaseQueries.history(store, actions: [.witnessed])
        return try store.read { db in try PartnerRow.order(Column("id")).fetchAll(db) }.map { row in
            let certificate = try Certificate(bytes: Array(row.certificatePEM.utf8), source: "partner \(row.id)")
            return Partner(
                id: row.id, name: row.name, subject: certificate.subject, fingerprint: row.fingerprint,
                notAfter: certificate.notAfter.map(Timestamp.format) ?? "", validNow: certificate.isValid(at: Date()),
                canReceive: certificate.allowsEncryption, ca: row.caPEM != nil, crl: row.crlPEM != nil,
                lastWitnessed: Witnessing.latest(Witnessing.witnessed(history, partner: row.id)).map(witnessedCheckpoint))
        }
    }

    /// A partner's row.
    /// - Throws: `.badInput` when there is no such partner.
    static func find(_ id: String, in store: CaseStore) throws -> PartnerRow {
        guard let row = try store.read({ db in try PartnerRow.fetchOne(db, key: id) }) else {
            throw ExhibitError.badInput("no partner \(id); register it with exhibit partners add")
        }
        return row
    }

    static func all(_ store: CaseStore) throws -> [PartnerRow] {
        try store.read { db in try PartnerRow.fetchAll(db) }
    }

    static func row(_ details: PartnerDetails, sequence: Int) -> PartnerRow {
        PartnerRow(
            id: details.id, name: details.name, certificatePEM: details.certificate, fingerprint: details.fingerprint,
            caPEM: details.ca,
            crlPEM: details.crl, addedSeq: sequence)
    }

    /// What a partner's certificates must chain to: the CA and CRL when configured, else the pinned certificate.
    static func trust(for partner: PartnerRow, at time: Date?) throws -> TrustPolicy {
        if let ca = partner.caPEM {
            let authorities = try Certificate.all(in: Array(ca.utf8), source: "partner \(partner.id)'s CA")
            return TrustPolicy(authorities: authorities, revocationLists: partner.crlPEM.map { [$0] } ?? [], time: time)
        }
        return TrustPolicy(
            pinned: [try Certificate(bytes: Array(partner.certificatePEM.utf8), source: "partner \(partner.id)")], time: time)
    }

    /// The partner's certificate, checked for encrypting to it now: validity, key usage, CA chain and CRL.
    /// - Throws: `.badInput` naming the problem.
    static func encryptionCertificate(_ partner: PartnerRow) throws -> Certificate {
        let certificate = try Certificate(bytes: Array(partner.certificatePEM.utf8), source: "partner \(partner.id)")
        guard certificate.isValid(at: Date()) else {
            throw ExhibitError.badInput(
                "partner \(partner.id)'s certificate is not valid now (it ends \(certificate.notAfter.map(Timestamp.format) ?? "?"))"
            )
        }
        guard certificate.allowsEncryption else {
            throw ExhibitError.badInput(
                "partner \(partner.id)'s certificate may not be used for encryption (key usage: \(certificate.keyUsageNames.joined(separator: ", ")))"
            )
        }
        if let reason = try trust(for: partner, at: Date()).check(certificate) {
            throw ExhibitError.badInput("partner \(partner.id)'s certificate fails its check: \(reason)")
        }
        return certificate
    }

    /// Verifies a signature made by a registered partner: finds the partner the signature's certificates claim,
    /// verifies against that partner's trust (pinned, or CA + CRL), and requires the certificate that actually
    /// signed to be that partner's (another holder of a certificate from the same CA does not pass).
    /// - Parameters:
    ///   - signature: the DER signature.
    ///   - partners: the registered partners.
    ///   - source: the signature's name, for messages.
    ///   - verify: verifies the signature under a trust policy and returns the signer's certificate.
    /// - Returns: the partner and the signer's certificate.
    /// - Throws: `ExhibitError.verificationFailed` naming an unknown sender, a bad signature or a mismatched signer.
    static func verifySignature(
        _ signature: [UInt8], among partners: [PartnerRow], source: String, verify: (TrustPolicy) throws -> Certificate
    ) throws -> (PartnerRow, Certificate) {
        let embedded = try CMSSignature.embeddedCertificates(signature, source: source)
        guard let partner = embedded.lazy.compactMap({ match($0, among: partners) }).first else {
            let claimed =
                embedded.first.map { "\($0.subject) (\(Certificate.display(fingerprint: $0.fingerprint)))" } ?? "no certificate"
            throw ExhibitError.verificationFailed(
                "unknown sender: \(source) is signed by \(claimed), not a registered partner (a partner that rotated its key sends a signed handover: exhibit partners update ID --handover FILE)"
            )
        }
        let signer = try verify(try trust(for: partner, at: Date()))
        guard match(signer, among: [partner]) != nil else {
            throw ExhibitError.verificationFailed(
                "\(source) was signed by \(signer.subject), not by partner \(partner.id)'s certificate")
        }
        return (partner, signer)
    }

    /// Which registered partner `certificate` belongs to: the same fingerprint (pinned), or, for a partner with a
    /// CA, the same subject.
    static func match(_ certificate: Certificate, among partners: [PartnerRow]) -> PartnerRow? {
        if let pinned = partners.first(where: { $0.fingerprint == certificate.fingerprint }) { return pinned }
        return partners.first { partner in
            guard partner.caPEM != nil, let registered = try? Certificate(bytes: Array(partner.certificatePEM.utf8), source: "")
            else {
                return false
            }
            return registered.subject == certificate.subject
        }
    }
}
