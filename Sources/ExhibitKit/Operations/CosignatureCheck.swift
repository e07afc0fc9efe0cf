import ExhibitCore
import Foundation
import GRDB

/// `verify`'s check of the partners' cosignatures over this store's checkpoints (issue 14): each cosignature recorded
/// with an imported receipt must be a valid CMS signature, by the certificate recorded for it, of the partner as it
/// was registered when the receipt was imported (`partner-added` / `partner-updated` entries up to then), over the
/// exact body of this store's own signed checkpoint at that size. A cosigned checkpoint the store does not hold
/// byte for byte is a split view or a rewritten history, found by the sender itself. Only the partner and receipt
/// entries are read (through the action index), in the snapshot `verify` holds.
enum CosignatureCheck {
    /// One cosignature that verified.
    typealias Cosigned = VerificationReport.Cosignature

    /// Checks every recorded cosignature (of checkpoints after `since`, when given) and records the check in `report`.
    /// - Throws: the database's errors (a problem in the data is recorded, not thrown).
    static func record(_ db: Database, store: CaseStore, since: Int?, report: inout VerificationReport) throws {
        let (cosigned, problems) = try check(db, store: store, since: since)
        report.cosigned = cosigned
        let listed = cosigned.map { "\($0.size) by \($0.partnerName) (\(UKTime.display(ledgerTime: $0.time)))" }
        let scope = since.map { " after checkpoint \($0)" } ?? ""
        report.record(
            "cosignatures", problems: problems,
            ok: cosigned.isEmpty
                ? "no checkpoint\(scope) cosigned by a partner yet"
                : "\(cosigned.count) checkpoint\(cosigned.count == 1 ? "" : "s")\(scope) cosigned: \(listed.joined(separator: ", "))"
        )
    }

    /// The cosignatures that verify and the problems with the others, in ledger order.
    static func check(_ db: Database, store: CaseStore, since: Int?) throws -> ([Cosigned], [String]) {
        let actions: [LedgerAction] = [.partnerAdded, .partnerUpdated, .partnerRemoved, .receipt]
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT seq, body FROM store.ledger WHERE seq IN (SELECT seq FROM store.ledger_action WHERE action IN (?, ?, ?, ?))
                ORDER BY seq
                """, arguments: StatementArguments(actions.map(\.rawValue)))
        let origin = Checkpoint.origin(caseID: store.info.id)
        var registered: [String: PartnerDetails] = [:]
        var cosigned: [Cosigned] = []
        var problems: [String] = []
        while let row = try rows.next() {
            let seq: Int = row["seq"]
            let body: String = row["body"]
            // An entry that does not decode is the ledger chain's problem, reported there.
            guard let entry = try? LedgerEntry.decodeCanonical(Array(body.utf8), sequence: seq) else { continue }
            switch entry.action {
            case .partnerAdded, .partnerUpdated:
                if let partner = entry.details?.partner { registered[partner.id] = partner }
            case .partnerRemoved:
                if let id = entry.details?.fields?["id"] { registered[id] = nil }
            default:
                guard let receipt = entry.details?.receipt, let cosignature = entry.details?.cosignature,
                    cosignature.size > (since ?? 0)
                else { continue }
                do {
                    cosigned.append(
                        try verify(
                            cosignature, receipt: receipt, entry: entry, partner: registered[receipt.receiver], origin: origin,
                            db: db))
                } catch {
                    problems.append("\(error)")
                }
            }
        }
        return (cosigned, problems)
    }

    /// Checks one cosignature, recorded in `entry` with `receipt`, against the partner as registered then.
    /// - Throws: `.verificationFailed` naming the checkpoint, the partner and the ledger entry.
    private static func verify(
        _ cosignature: CosignatureDetails, receipt: ReceiptDetails, entry: LedgerEntry, partner: PartnerDetails?, origin: String,
        db: Database
    ) throws -> Cosigned {
        let label =
            "the cosignature of checkpoint \(cosignature.size) (root \(cosignature.root.prefix(16))…, signed \(cosignature.time)) by \(partner?.name ?? receipt.receiver) (\(receipt.receiver)), recorded in ledger entry \(entry.sequence)"
        guard let partner else {
            throw ExhibitError.verificationFailed("\(label): no partner \(receipt.receiver) was registered when it was recorded")
        }
        let cosigned = Checkpoint(
            origin: origin, size: cosignature.size, root: Hex.decode(cosignature.root) ?? [], time: cosignature.time
        ).body
        let ours = try String.fetchOne(
            db, sql: "SELECT note FROM store.checkpoint WHERE tree_size = ?", arguments: [cosignature.size])
        guard let ours, ours == cosigned else {
            let held = ours.flatMap { try? Checkpoint.parse($0) }.map {
                "its checkpoint \($0.size) has root \(Hex.encode($0.root).prefix(16))…, signed \($0.time)"
            }
            throw ExhibitError.verificationFailed(
                "\(label) is over a checkpoint this ledger does not hold (\(held ?? "it has no checkpoint \(cosignature.size)")): the partner was shown another history, or this ledger was rewritten"
            )
        }
        guard let signature = Data(base64Encoded: cosignature.signature) else {
            throw ExhibitError.verificationFailed("\(label) is not base64")
        }
        let row = PartnerRow(
            id: partner.id, name: partner.name, certificatePEM: partner.certificate, fingerprint: partner.fingerprint,
            caPEM: partner.ca, crlPEM: partner.crl, addedSeq: 0)
        let signer: Certificate
        do {
            signer = try CMSSignature.verify(
                Array(signature), content: .bytes(Array(ours.utf8)),
                trust: try Partners.trust(for: row, at: Timestamp.parse(entry.time)), source: label)
        } catch let error as ExhibitError {
            throw ExhibitError.verificationFailed("\(label) does not verify: \(error.message)")
        }
        guard signer.fingerprint == cosignature.cosigner, Partners.match(signer, among: [row]) != nil else {
            throw ExhibitError.verificationFailed(
                "\(label) was made by \(signer.subject), not by the certificate of \(partner.id) recorded for it")
        }
        return Cosigned(
            size: cosignature.size, partner: partner.id, partnerName: partner.name, fingerprint: signer.fingerprint,
            time: receipt.receivedAt, entry: entry.sequence)
    }
}
