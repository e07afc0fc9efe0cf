import ExhibitCore
import Foundation
import GRDB

/// `exhibit verify`: re-hashes every object and checks each ledger entry's hash and chain link, the Merkle
/// root against every signed checkpoint, the checkpoint signatures and signer certificate, that the tables
/// say exactly what a replay of the ledger says, and that the object store holds exactly the objects the
/// ledger accounts for. Every problem is named (entry, exhibit, file or object).
public enum StoreVerifier {
    /// Verifies a store.
    /// - Parameters:
    ///   - store: the case store.
    ///   - trusted: a certificate held outside the store that must have signed the checkpoints (default:
    ///     the certificate recorded in the store, which is pinned by the first ledger entry).
    ///   - since: verify incrementally from this signed checkpoint (a tree size): its signature and the stored
    ///     Merkle tree's root at that size are checked, then only the entries, checkpoints and objects recorded
    ///     after it; the tables are not replayed (a full `verify` does that).
    ///   - progress: told the bytes re-hashed so far (and 0: the whole is not counted first) after each batch.
    /// - Returns: the report; `passed` is false when anything is wrong.
    public static func verify(
        _ store: CaseStore, trusted: Certificate? = nil, since: Int? = nil,
        progress: (@Sendable (Int64, Int64) -> Void)? = nil
    ) -> VerificationReport {
        var report = VerificationReport()
        do {
            // The replay is built in a scratch database beside the store's, in one transaction that also holds the
            // store's snapshot: the tables are compared in SQL and nothing grows with the case in memory.
            let scratch = try PrivateFolder()
            let replay = try ReplayDatabase(path: Path.join(scratch.path, "replay.sqlite"), store: store.databasePath)
            // The object folder is listed (into the scratch database) before the store's snapshot is taken: an object a
            // concurrent command places afterwards is not seen, and one placed before is already claimed or registered.
            var strays: [String]? = nil
            if since == nil {
                do {
                    strays = try replay.recordListing { try store.objects.inventory($0) }
                } catch let error as ExhibitError {
                    report.record("object store", problems: ["\(error)"], ok: "")
                    return report
                }
            }
            try replay.read { db in
                try verifySnapshot(
                    db, store: store, trusted: trusted, since: since, strays: strays, progress: progress, report: &report)
            }
            withExtendedLifetime(scratch) {}
        } catch {
            report.record("database", problems: ["\(StoreDatabase.describe(error, store.databasePath))"], ok: "")
        }
        return report
    }

    /// `strays`: what the object folder holds besides objects (nil when it was not listed: an incremental verify).
    private static func verifySnapshot(
        _ db: Database, store: CaseStore, trusted: Certificate?, since: Int?, strays: [String]?,
        progress: (@Sendable (Int64, Int64) -> Void)?, report: inout VerificationReport
    ) throws {
        let integrity = try String.fetchAll(db, sql: "PRAGMA store.quick_check")
        report.record(
            "database integrity", problems: integrity == ["ok"] ? [] : integrity.map { "case.sqlite: \($0)" },
            ok: "SQLite quick_check ok")

        var pass = try LedgerPass(db, store: store, trusted: trusted, since: since)
        try pass.run()
        report.entries = pass.entryCount
        report.warnings += pass.warnings
        if pass.entryCount == 0 && since == nil { pass.chainProblems.append("the ledger is empty") }
        let covered = since.map { "entries \($0 + 1) to \(pass.entryCount)" } ?? "\(pass.entryCount) entries"
        report.record("ledger chain", problems: pass.chainProblems, ok: "\(covered), each hash and link intact")
        pass.finishCheckpoints(report: &report)
        try CosignatureCheck.record(db, store: store, since: since, report: &report)
        try TimestampVerification.run(db, report: &report)

        guard since == nil else {
            verifyObjects(db, store: store, since: since, strays: strays, progress: progress, report: &report)
            return
        }
        var replayProblems = pass.replayProblems
        replayProblems += compareCase(pass.caseDetails, store: store)
        report.record("ledger replay", problems: replayProblems, ok: "every entry is consistent with the ones before it")

        let counts = try Row.fetchOne(
            db,
            sql: """
                SELECT (SELECT COUNT(*) FROM store.exhibit) AS exhibits, (SELECT COUNT(*) FROM store.exhibit_file) AS files,
                (SELECT COUNT(*) FROM store.object) AS objects, (SELECT COUNT(*) FROM store.party) AS parties,
                (SELECT COUNT(*) FROM store.derivation) AS derived
                """)
        let describe: (String) -> Int = { counts?[$0] ?? 0 }
        report.record(
            "tables match the ledger", problems: try ReplayComparison.differences(db),
            ok:
                "\(describe("exhibits")) exhibits, \(describe("files")) files, \(describe("objects")) objects, "
                + "\(describe("parties")) parties, \(describe("derived")) derived files")

        verifyObjects(db, store: store, since: nil, strays: strays, progress: progress, report: &report)
        report.warnings += try StoreRecovery.leftovers(store: store, db)
    }

    private static func compareCase(_ details: CaseDetails?, store: CaseStore) -> [String] {
        guard let details else { return ["no ledger entry opens the case"] }
        var problems: [String] = []
        let info = store.info
        let pairs: [(String, String?, String?)] = [
            ("case reference", details.caseRef, info.caseRef), ("incident", details.incident, info.incident),
            ("operation", details.operation, info.operation), ("agency", details.agency, info.agency),
            ("officer in the case", details.oic, info.oic),
            ("certificate fingerprint", details.certificate, info.certificateFingerprint),
        ]
        for (name, recorded, stored) in pairs where recorded != stored {
            problems.append("case \(name) in the database (\(stored ?? "none")) differs from the ledger (\(recorded ?? "none"))")
        }
        if store.openingCertificate.fingerprint != details.certificate {
            problems.append("the case certificate in the database is not the one the ledger was opened with")
        }
        return problems
    }
}
