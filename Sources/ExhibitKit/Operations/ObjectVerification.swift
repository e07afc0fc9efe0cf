import ExhibitCore
import GRDB

extension StoreVerifier {
    /// Objects are re-hashed this many at a time, in parallel.
    static let objectBatch = 256

    /// Re-hashes every object the ledger accounts for (those stored after `since`, when incremental) on every core,
    /// requires erased objects to be absent, and finds objects in the store that nothing accounts for (those the listing
    /// in `temp.listed_object` names, and `strays`, when the object folder was listed).
    static func verifyObjects(
        _ db: Database, store: CaseStore, since: Int?, strays: [String]?,
        progress: (@Sendable (Int64, Int64) -> Void)?, report: inout VerificationReport
    ) {
        var problems: [String] = []
        do {
            // The replay's tables in a full verify; the store's (already checked up to `since`) in an incremental one.
            let schema = since == nil ? "main" : "store"
            let objects = try Row.fetchCursor(
                db,
                sql: """
                    SELECT o.sha256, o.size, d.seq AS erased FROM \(schema).object o
                    LEFT JOIN \(schema).destroyed_object d ON d.sha256 = o.sha256
                    WHERE o.stored_seq > ? ORDER BY o.sha256
                    """, arguments: [since ?? 0])
            var batch: [(sha256: String, size: Int64, path: String)] = []
            func hashBatch() {
                let results = Parallel.map(batch) { object in
                    (object, Result { try ObjectHasher.sha256(path: object.path) })
                }
                for (object, result) in results {
                    switch result {
                    case .success(let digest):
                        report.objects += 1
                        report.bytes += digest.size
                        if digest.size != object.size || digest.sha256 != object.sha256 {
                            problems.append(
                                "\(label(db, schema, object.sha256)) was altered: its content no longer has the registered hash")
                        }
                    case .failure(let error):
                        problems.append("\(label(db, schema, object.sha256)) cannot be read: \(error)")
                    }
                }
                batch.removeAll(keepingCapacity: true)
                progress?(report.bytes, 0)
            }
            while let row = try objects.next() {
                let hash: String = row["sha256"]
                let path = store.objects.path(hash)
                if let erased = row["erased"] as Int? {
                    // Destroyed material: its absence is what the ledger says; its presence is the problem.
                    if FileSystem.exists(path) {
                        problems.append(
                            "\(label(db, schema, hash)) was erased by ledger entry \(erased) but is still in the object store; run exhibit destroy again"
                        )
                    } else {
                        report.destroyed += 1
                    }
                } else if !FileSystem.exists(path) {
                    problems.append("\(label(db, schema, hash)) is missing from the object store")
                } else {
                    batch.append((hash, row["size"], path))
                    if batch.count == objectBatch { hashBatch() }
                }
            }
            hashBatch()
            if let strays {
                // Listed objects the replay does not know, in name order, each with whether a command claimed it.
                let unknown = try Row.fetchCursor(
                    db,
                    sql: """
                        SELECT l.sha256, l.sha256 IN (SELECT sha256 FROM store.pending_object) AS pending
                        FROM temp.listed_object l WHERE NOT EXISTS (SELECT 1 FROM main.object o WHERE o.sha256 = l.sha256)
                        ORDER BY l.sha256
                        """)
                while let row = try unknown.next() {
                    let hash: String = row["sha256"]
                    if row["pending"] as Bool {
                        report.warnings.append(
                            "object \(hash) was left by an interrupted command and is not registered; the next command removes it"
                        )
                    } else {
                        problems.append("stray object \(hash) is in the object store but no ledger entry accounts for it")
                    }
                }
                for stray in strays { problems.append("unexpected file \(stray) in the object store") }
            }
        } catch {
            problems.append("the objects cannot be listed: \(error)")
        }
        report.record(
            "objects", problems: problems,
            ok: "\(report.objects) objects re-hashed (\(report.bytes) bytes), none missing, none unaccounted for"
                + (report.destroyed > 0 ? "; \(report.destroyed) erased by a recorded destruction" : ""))
    }

    /// An object named with the exhibit files and redacted copies that hold it.
    private static func label(_ db: Database, _ schema: String, _ hash: String) -> String {
        var names =
            (try? String.fetchAll(
                db, sql: "SELECT exhibit_ref || ' ' || name FROM \(schema).exhibit_file WHERE sha256 = ?", arguments: [hash]))
            ?? []
        names +=
            (try? String.fetchAll(
                db,
                sql:
                    "SELECT 'redacted ' || exhibit_ref || ' ' || file || ' under ' || policy_id FROM \(schema).derivation WHERE derived = ?",
                arguments: [hash])) ?? []
        names.sort()
        return names.isEmpty ? "object \(hash)" : "object \(hash) (\(names.joined(separator: "; ")))"
    }
}
