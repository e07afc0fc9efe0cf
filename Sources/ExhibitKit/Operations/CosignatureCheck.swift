import ExhibitCore
import Foundation
import GRDB

/// `verify`'s account of the partners' cosignatures: every cosignature recorded with an imported receipt is checked
/// again, against the store's own signed checkpoint of that size (byte for byte) and the partner's certificate as the
/// ledger registered it (partners can be updated, so every certificate a `partner-added` or `partner-updated` entry
/// recorded counts, by fingerprint), and the report says which checkpoints are cosigned and by whom.
enum CosignatureCheck {
    /// Checks the cosignatures recorded by receipts after entry `since` (all when nil) and records the result.
    /// - Throws: the database's errors (a problem in the data is recorded, not thrown).
    static func run(_ db: Database, store: CaseStore, since: Int?, report: inout VerificationReport) throws {
        let partners = try registeredCertificates(db)
        var problems: [String] = []
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT seq, body FROM store.ledger WHERE seq IN
                (SELECT seq FROM store.ledger_action WHERE action = ? AND seq > ?) ORDER BY seq
                """,
            arguments: [LedgerAction.receipt.rawValue, since ?? 0])
        while let row = try rows.next() {
            let seq: Int = row["seq"]
            let label = "ledger entry \(seq) (receipt)"
            guard let entry = try? LedgerEntry.decodeCanonical(Array((row["body"] as String).utf8), sequence: seq),
                let cosignature = entry.details?.cosignature
            else { continue }
            do {
                report.cosigned.append(
                    try check(cosignature, in: db, store: store, partners: partners, time: entry.time, label: label))
            } catch {
                problems.append("\(error)")
            }
        }
        let cosigned = report.cosigned
        let sizes = Set(cosigned.map(\.size)).count
        let detail =
            cosigned.isEmpty
            ? "no checkpoint cosigned by a partner yet"
            : "\(sizes) checkpoint(s) cosigned: "
                + cosigned.prefix(8).map { "\($0.size) by \($0.partnerName) (\($0.time))" }.joined(separator: ", ")
                + (cosigned.count > 8 ? ", …" : "")
        report.record("partners' cosignatures", problems: problems, ok: detail)
    }

    /// One recorded cosignature: the checkpoint it names must be the store's own, byte for byte, and the signature
    /// must be by the partner certificate it names.
    private static func check(
        _ cosignature: CosignatureDetails, in db: Database, store: CaseStore,
        partners: [String: (id: String, name: String, certificate: Certificate)], time: String, label: String
    ) throws -> VerificationReport.Cosigned {
        guard let partner = partners[cosignature.cosigner] else {
            throw ExhibitError.verificationFailed(
                "\(label): the cosignature of checkpoint \(cosignature.size) is by a certificate (\(cosignature.cosigner.prefix(16))…) no partner was registered with"
            )
        }
        guard let root = Hex.decode(cosignature.root) else {
            throw ExhibitError.verificationFailed("\(label): the cosigned root is not hex")
        }
        let body = Checkpoint(
            origin: Checkpoint.origin(caseID: store.info.id), size: cosignature.size, root: root, time: cosignature.time
        ).body
        let ours = try String.fetchOne(
            db, sql: "SELECT note FROM store.checkpoint WHERE tree_size = ?", arguments: [cosignature.size])
        guard ours == body else {
            throw ExhibitError.verificationFailed(
                "\(label): \(partner.id) cosigned checkpoint \(cosignature.size) (root \(cosignature.root.prefix(16))…), which this ledger does not hold as signed: it was shown another history, or the ledger was rewritten since"
            )
        }
        guard let signature = Data(base64Encoded: cosignature.signature) else {
            throw ExhibitError.verificationFailed("\(label): the cosignature is not base64")
        }
        let signer = try CMSSignature.verify(
            Array(signature), content: .bytes(Array(body.utf8)),
            trust: TrustPolicy(pinned: [partner.certificate], time: Timestamp.parse(cosignature.time)),
            source: "\(label): the cosignature of checkpoint \(cosignature.size)")
        guard signer.fingerprint == cosignature.cosigner else {
            throw ExhibitError.verificationFailed("\(label): the cosignature is not by the certificate it names")
        }
        return VerificationReport.Cosigned(
            size: cosignature.size, partner: partner.id, partnerName: partner.name, fingerprint: cosignature.cosigner,
            time: time)
    }

    /// Every certificate a partner was registered or updated with, by fingerprint.
    private static func registeredCertificates(_ db: Database) throws -> [String: (
        id: String, name: String, certificate: Certificate
    )] {
        var found: [String: (id: String, name: String, certificate: Certificate)] = [:]
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT seq, body FROM store.ledger WHERE seq IN
                (SELECT seq FROM store.ledger_action WHERE action IN (?, ?)) ORDER BY seq
                """,
            arguments: [LedgerAction.partnerAdded.rawValue, LedgerAction.partnerUpdated.rawValue])
        while let row = try rows.next() {
            guard let entry = try? LedgerEntry.decodeCanonical(Array((row["body"] as String).utf8), sequence: row["seq"]),
                let partner = entry.details?.partner,
                let certificate = try? Certificate(bytes: Array(partner.certificate.utf8), source: "partner \(partner.id)")
            else { continue }
            found[certificate.fingerprint] = (partner.id, partner.name, certificate)
        }
        return found
    }
}
