import ExhibitCore
import Foundation
import GRDB

/// `verify`'s check of the RFC 3161 tokens kept beside the checkpoints: each stamped token must verify over its
/// checkpoint's stored signature bytes (the DER `.p7s`) against the certificate of the authority it names, as the
/// ledger recorded it (a `timestamp-authority` entry). A token that does not verify (tampered, or over another
/// checkpoint) fails verification naming the checkpoint; waiting checkpoints are counted, not failed.
enum TimestampVerification {
    /// Runs the check on the replay's snapshot (the store attached as `store`) and records it in `report`; a
    /// store that never named an authority and holds no token gets no line.
    /// - Throws: the database's errors.
    static func run(_ db: Database, report: inout VerificationReport) throws {
        var authorities: [String: (seq: Int, certificate: Certificate)] = [:]
        var problems: [String] = []
        let recorded = try Row.fetchAll(
            db,
            sql: """
                SELECT l.seq AS seq, l.body AS body FROM store.ledger l
                JOIN store.ledger_action a ON a.seq = l.seq WHERE a.action = ? ORDER BY l.seq
                """, arguments: [LedgerAction.timestampAuthority.rawValue])
        for row in recorded {
            let seq: Int = row["seq"]
            let body: String = row["body"]
            guard let details = try? LedgerEntry.decode(Array(body.utf8), sequence: seq).details?.timestampAuthority,
                let certificate = try? Certificate(bytes: Array(details.certificate.utf8), source: "entry \(seq)"),
                certificate.fingerprint == details.fingerprint
            else {
                problems.append("ledger entry \(seq) (timestamp-authority) does not hold a readable authority certificate")
                continue
            }
            authorities[details.fingerprint] = (seq, certificate)
        }
        let tokens = try Row.fetchAll(
            db,
            sql: """
                SELECT t.tree_size AS size, t.state AS state, t.token AS token, t.authority AS authority,
                c.signature AS signature FROM store.checkpoint_token t
                LEFT JOIN store.checkpoint c ON c.tree_size = t.tree_size ORDER BY t.tree_size
                """)
        guard !recorded.isEmpty || !tokens.isEmpty else { return }
        var stamped = 0
        var waiting = 0
        var latest: (size: Int, subject: String, time: String)?
        for row in tokens {
            let size: Int = row["size"]
            let label = "the timestamp token of checkpoint \(size)"
            let state: String = row["state"]
            guard state == CheckpointTokenRow.stamped else {
                if state == CheckpointTokenRow.waiting { waiting += 1 } else { problems.append("\(label) has an unknown state") }
                continue
            }
            guard let signature = row["signature"] as Data? else {
                problems.append("\(label) is for a checkpoint the store does not hold")
                continue
            }
            let fingerprint: String = row["authority"]
            guard let authority = authorities[fingerprint] else {
                problems.append("\(label) names an authority (\(fingerprint.prefix(16))…) that no ledger entry recorded")
                continue
            }
            do {
                let token = try TimestampToken(der: Array(row["token"] as Data? ?? Data()), source: label)
                try token.verify(data: Array(signature), authority: authority.certificate, source: label)
                stamped += 1
                latest = (size, token.signer ?? authority.certificate.subject, token.time)
            } catch let error as ExhibitError {
                problems.append(error.message)
            }
        }
        report.timestamps = VerificationReport.Timestamps(
            stamped: stamped, waiting: waiting, latestSize: latest?.size, latestAuthority: latest?.subject,
            latestTime: latest?.time)
        let latestText = latest.map { " (latest, checkpoint \($0.size), by \($0.subject) at \($0.time))" } ?? ""
        report.record(
            "checkpoint timestamps", problems: problems,
            ok: "\(stamped) checkpoint\(stamped == 1 ? "" : "s") timestamped\(latestText), \(waiting) waiting")
    }
}
