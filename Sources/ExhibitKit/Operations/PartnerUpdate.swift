import ExhibitCore
import Foundation
import GRDB

extension Partners {
    /// What `partners update` changed.
    public struct Update: Sendable, Codable {
        /// The ledger entry.
        public var entry: Int
        /// What was replaced: `certificate`, `ca`, `crl`.
        public var changed: [String]
        /// The partner's certificate as registered now, and whether it passes its check now (a CRL may revoke it).
        public var fingerprint: String
        public var problem: String?
    }

    /// Refreshes a registered partner: a new certificate, CA certificates or CRL (a `partner-updated` entry with the
    /// partner as it now is). Every check made afterwards (receive, receipt import, export) uses the new data.
    /// A new certificate must pass the (new) CA and CRL; a new CRL or CA is recorded even when it makes the current
    /// certificate fail (that is what a revocation is for), and the result says so.
    ///
    /// A partner that rotated its key sends a signed handover (`keys rotate --handover`): given as `handoverPath`, it
    /// must be signed by the partner's certificate as registered here (and pass its trust), and the certificate it
    /// hands over to becomes the partner's. That is the one way a new certificate is taken without re-registering it
    /// by hand (`--cert`); a handover signed by any other key is refused.
    /// - Throws: `.badInput` for an unknown partner, nothing to change, an unreadable file, a CRL without a CA, or a
    ///   new certificate that is not valid now or fails its CA check; `.verificationFailed` for a handover that is not
    ///   signed by the partner's registered certificate.
    public static func update(
        id: String, certificatePath: String?, caPath: String?, crlPath: String?, handoverPath: String? = nil,
        store: CaseStore, signer: LedgerSigner, actor: Actor
    ) throws -> Update {
        guard certificatePath != nil || caPath != nil || crlPath != nil || handoverPath != nil else {
            throw ExhibitError.badInput("name what to refresh: --cert, --ca, --crl and/or --handover")
        }
        if certificatePath != nil, handoverPath != nil {
            throw ExhibitError.badInput("--cert and --handover both give a new certificate: give one")
        }
        let handover = try handoverPath.map { path -> [UInt8] in
            let bytes = try FileSystem.read(path, limit: 1 << 20)
            guard !bytes.isEmpty else { throw ExhibitError.badInput("\(path) is empty, not a key handover") }
            return bytes
        }
        let certificate = try certificatePath.map { path -> Certificate in
            let certificate = try Certificate.load(path: path)
            guard certificate.isValid(at: Date()) else {
                throw ExhibitError.badInput(
                    "\(path) is not valid now (valid \(certificate.notBefore.map(Timestamp.format) ?? "?") to \(certificate.notAfter.map(Timestamp.format) ?? "?"))"
                )
            }
            return certificate
        }
        let ca = try caPath.map { try Certificate.loadAll(path: $0).map(\.pem).joined() }
        let crl = try crlPath.map { path -> String in
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8),
                text.contains("-----BEGIN X509 CRL-----")
            else { throw ExhibitError.badInput("\(path) is not a PEM certificate revocation list") }
            return text
        }
        return try store.write(signer: signer) { writer in
            guard let current = try writer.read({ db in try PartnerRow.fetchOne(db, key: id) }) else {
                throw ExhibitError.badInput("no partner \(id); exhibit partners list shows them")
            }
            var row = current
            var fields: [String: String] = [:]
            if let handover, let handoverPath {
                let registered = try Certificate(bytes: Array(current.certificatePEM.utf8), source: "partner \(id)")
                let opened = try KeyHandover.open(
                    handover, outgoing: registered, trust: try trust(for: current, at: nil), source: handoverPath)
                guard opened.incoming.isValid(at: Date()) else {
                    throw ExhibitError.badInput("\(handoverPath) hands over to a certificate that is not valid now")
                }
                row.certificatePEM = opened.incoming.pem
                row.fingerprint = opened.incoming.fingerprint
                fields["handover"] = Hex.encode(MessageDigest.sha256(handover))
                fields["handover-entry"] = "\(opened.handover.entry)"
                fields["handover-origin"] = opened.handover.origin
            }
            if let certificate {
                row.certificatePEM = certificate.pem
                row.fingerprint = certificate.fingerprint
            }
            if let ca { row.caPEM = ca }
            if let crl { row.crlPEM = crl }
            if row.crlPEM != nil, row.caPEM == nil {
                throw ExhibitError.badInput("--crl needs a CA: partner \(id) is pinned; give --ca too")
            }
            let registered = try Certificate(bytes: Array(row.certificatePEM.utf8), source: "partner \(id)")
            let problem = try trust(for: row, at: Date()).check(registered)
            if let problem, let source = certificatePath ?? handoverPath {
                throw ExhibitError.badInput("\(source): the new certificate fails its CA check: \(problem)")
            }
            let changed = [
                (certificatePath ?? handoverPath).map { _ in "certificate" }, caPath.map { _ in "ca" },
                crlPath.map { _ in "crl" },
            ].compactMap { $0 }
            fields["changed"] = changed.joined(separator: ",")
            let details = PartnerDetails(
                id: row.id, name: row.name, certificate: row.certificatePEM, fingerprint: row.fingerprint, ca: row.caPEM,
                crl: row.crlPEM)
            let entry = try writer.commitOne(
                LedgerEntry(
                    caseID: store.info.id, action: .partnerUpdated, actor: actor,
                    reason: "partner \(id): \(changed.joined(separator: ", ")) refreshed"
                        + (handover == nil ? "" : " (signed key handover)"),
                    details: EntryDetails(partner: details, fields: fields)))
            return Update(entry: entry.sequence, changed: changed, fingerprint: row.fingerprint, problem: problem)
        }
    }
}
