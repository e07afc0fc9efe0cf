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
    /// - Returns: the report; `passed` is false when anything is wrong.
    public static func verify(_ store: CaseStore, trusted: Certificate? = nil) -> VerificationReport {
        var report = VerificationReport()
        // The object folder is listed before the database snapshot is taken: an object a concurrent command
        // places afterwards is not seen, and one placed before is already claimed or registered.
        let inventory: (objects: [String], strays: [String])
        do {
            inventory = try store.objects.inventory()
        } catch {
            report.record("object store", problems: ["\(error)"], ok: "")
            return report
        }
        do {
            try store.read { db in try verifySnapshot(db, store: store, trusted: trusted, inventory: inventory, report: &report) }
        } catch {
            report.record("database", problems: ["\(error)"], ok: "")
        }
        return report
    }

    private static func verifySnapshot(
        _ db: Database, store: CaseStore, trusted: Certificate?, inventory: (objects: [String], strays: [String]),
        report: inout VerificationReport
    ) throws {
        let integrity = try String.fetchAll(db, sql: "PRAGMA quick_check")
        report.record(
            "database integrity", problems: integrity == ["ok"] ? [] : integrity.map { "case.sqlite: \($0)" },
            ok: "SQLite quick_check ok")

        let rows = try LedgerRow.order(Column("seq")).fetchAll(db)
        report.entries = rows.count
        var chainProblems: [String] = []
        var leaves: [MerkleTree.Hash] = []
        var entries: [LedgerEntry] = []
        var previous = LedgerEntry.genesis
        var lastTime = ""
        for (index, row) in rows.enumerated() {
            let position = index + 1
            if row.seq != position {
                chainProblems.append("ledger entry \(position) is missing: the ledger goes on at entry \(row.seq)")
            }
            let body = Array(row.body.utf8)
            let hash = LedgerEntry.hash(of: body)
            leaves.append(MerkleTree.leafHash(Hex.decode(hash) ?? []))
            if !ConstantTime.equal(Array(hash.utf8), Array(row.entryHash.utf8)) {
                chainProblems.append(
                    "ledger entry \(row.seq): its contents do not match its recorded hash (the entry was edited)")
            }
            do {
                let entry = try LedgerEntry.decodeCanonical(body, sequence: row.seq)
                if entry.sequence != row.seq {
                    chainProblems.append(
                        "ledger entry \(row.seq) says it is entry \(entry.sequence): entries were moved or swapped")
                }
                if entry.caseID != store.info.id {
                    chainProblems.append("ledger entry \(row.seq) belongs to another case (\(entry.caseID))")
                }
                if entry.previous != previous {
                    chainProblems.append(
                        "ledger entry \(row.seq) does not follow entry \(row.seq - 1): the chain is broken (an entry was inserted, removed, edited or reordered)"
                    )
                }
                if Timestamp.parse(entry.time) == nil {
                    chainProblems.append("ledger entry \(row.seq) has an invalid time \(entry.time)")
                } else if entry.time < lastTime {
                    report.warnings.append(
                        "ledger entry \(row.seq) is timed \(entry.time), before entry \(row.seq - 1) (\(lastTime))")
                }
                if entry.actor.name.trimmingCharacters(in: .whitespaces).isEmpty {
                    chainProblems.append("ledger entry \(row.seq) has no actor")
                }
                lastTime = max(lastTime, entry.time)
                entries.append(entry)
            } catch {
                chainProblems.append("\(error)")
            }
            previous = hash
        }
        if rows.isEmpty { chainProblems.append("the ledger is empty") }
        report.record("ledger chain", problems: chainProblems, ok: "\(rows.count) entries, each hash and link intact")

        verifyCheckpoints(db, store: store, trusted: trusted, leaves: leaves, report: &report)

        var replay = CustodyState()
        var replayProblems: [String] = []
        for entry in entries {
            do { try replay.apply(entry) } catch { replayProblems.append("\(error)") }
        }
        if let first = entries.first {
            if first.action != .opened || first.sequence != 1 {
                replayProblems.append("ledger entry 1 does not open the case")
            }
        }
        replayProblems += compareCase(replay.caseDetails, store: store)
        report.record("ledger replay", problems: replayProblems, ok: "every entry is consistent with the ones before it")

        let tables = try CustodyState.loadTables(db)
        report.record(
            "tables match the ledger", problems: compareTables(tables, replay: replay),
            ok:
                "\(tables.exhibits.count) exhibits, \(tables.files.values.reduce(0) { $0 + $1.count }) files, "
                + "\(tables.objects.count) objects, \(tables.parties.count) parties, \(tables.derivations.count) derived files"
        )

        let pending = Set(try String.fetchAll(db, sql: "SELECT sha256 FROM pending_object"))
        verifyObjects(store: store, replay: replay, inventory: inventory, pending: pending, report: &report)
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
        if store.certificate.fingerprint != details.certificate {
            problems.append("the case certificate in the database is not the one the ledger was opened with")
        }
        return problems
    }

    private static func verifyCheckpoints(
        _ db: Database, store: CaseStore, trusted: Certificate?, leaves: [MerkleTree.Hash], report: inout VerificationReport
    ) {
        var problems: [String] = []
        let rows: [CheckpointRow]
        do {
            rows = try CheckpointRow.order(Column("tree_size")).fetchAll(db)
        } catch {
            report.record("signed checkpoints", problems: ["checkpoints cannot be read: \(error)"], ok: "")
            return
        }
        var roots: [Int: MerkleTree.Hash] = [:]
        let wanted = Set(rows.map(\.treeSize))
        var frontier = MerkleTree.Frontier()
        for leaf in leaves {
            frontier.append(leaf)
            if wanted.contains(frontier.size) { roots[frontier.size] = frontier.root }
        }
        let origin = Checkpoint.origin(caseID: store.info.id)
        let signer = trusted ?? store.certificate
        var latestValid: Checkpoint?
        for row in rows {
            let label = "checkpoint \(row.treeSize)"
            guard let checkpoint = try? Checkpoint.parse(row.note) else {
                problems.append("\(label) is malformed")
                continue
            }
            if checkpoint.origin != origin { problems.append("\(label) is for another ledger (\(checkpoint.origin))") }
            if checkpoint.size != row.treeSize { problems.append("\(label) says it covers \(checkpoint.size) entries") }
            let time = Timestamp.parse(checkpoint.time)
            do {
                let certificate = try CMSSignature.verify(
                    Array(row.signature), content: .bytes(Array(row.note.utf8)),
                    trust: TrustPolicy(pinned: [signer], time: time), source: label)
                if certificate.fingerprint != signer.fingerprint {
                    problems.append("\(label) was signed by \(certificate.subject), not by the case's agency certificate")
                }
            } catch {
                problems.append("\(error)")
            }
            if checkpoint.size > leaves.count {
                problems.append(
                    "\(label) (signed \(checkpoint.time)) covers \(checkpoint.size) entries but the ledger has \(leaves.count): entries \(leaves.count + 1) to \(checkpoint.size) were deleted"
                )
            } else if let root = roots[checkpoint.size], !ConstantTime.equal(root, checkpoint.root) {
                problems.append(
                    "\(label) (signed \(checkpoint.time)): the first \(checkpoint.size) ledger entries no longer have the signed Merkle root (entries were altered)"
                )
            }
            latestValid = checkpoint
        }
        if let latest = latestValid {
            if latest.size < leaves.count {
                problems.append(
                    "ledger entries \(latest.size + 1) to \(leaves.count) are not covered by any signed checkpoint (added outside Exhibit)"
                )
            }
            report.checkpointSize = latest.size
            report.checkpointRoot = Hex.encode(latest.root)
            report.signerFingerprint = signer.fingerprint
        } else {
            problems.append("the store has no signed checkpoint")
        }
        report.record(
            "signed checkpoints", problems: problems,
            ok: "\(rows.count) checkpoints, signatures by \(signer.subject) valid, latest root matches \(leaves.count) entries")
    }

    private static func compareTables(_ tables: CustodyState, replay: CustodyState) -> [String] {
        var problems: [String] = []
        for ref in Set(tables.exhibits.keys).union(replay.exhibits.keys).sorted() {
            switch (tables.exhibits[ref], replay.exhibits[ref]) {
            case (nil, _?):
                problems.append("exhibit \(ref) was registered in the ledger but is missing from the database")
            case (_?, nil):
                problems.append("exhibit \(ref) is in the database but no ledger entry registered it")
            case (let table?, let ledger?) where table != ledger:
                problems.append("exhibit \(ref): \(differences(table, ledger)) in the database differ from the ledger")
            default:
                break
            }
            let tableFiles = tables.files[ref] ?? []
            let ledgerFiles = replay.files[ref] ?? []
            if tableFiles != ledgerFiles, tables.exhibits[ref] != nil, replay.exhibits[ref] != nil {
                let changed = zip(tableFiles, ledgerFiles).filter { $0 != $1 }.map { "\($0.1.name)" }
                let detail =
                    tableFiles.count != ledgerFiles.count
                    ? "the database lists \(tableFiles.count) files, the ledger \(ledgerFiles.count)"
                    : "file(s) \(changed.joined(separator: ", ")) differ"
                problems.append("exhibit \(ref): \(detail)")
            }
        }
        for hash in Set(tables.objects.keys).union(replay.objects.keys).sorted() {
            switch (tables.objects[hash], replay.objects[hash]) {
            case (nil, _?): problems.append("object \(hash) is registered in the ledger but missing from the database")
            case (_?, nil): problems.append("object \(hash) is in the database but no ledger entry accounts for it")
            case (let table?, let ledger?) where table != ledger:
                problems.append("object \(hash): size or hashes in the database differ from the ledger")
            default: break
            }
        }
        for ref in Set(tables.files.keys).subtracting(tables.exhibits.keys).sorted() {
            problems.append("the database holds files for \(ref), which is not an exhibit")
        }
        problems += compareRows("party", tables.parties, replay.parties) { "party \($0.position) (\($0.role))" }
        problems += compareRows(
            "partner", tables.partners.values.sorted { $0.id < $1.id }, replay.partners.values.sorted { $0.id < $1.id }
        ) {
            "partner \($0.id)"
        }
        problems += compareRows(
            "mark", tables.marks.values.sorted { $0.seq < $1.seq }, replay.marks.values.sorted { $0.seq < $1.seq }
        ) {
            "mark of entry \($0.seq) on \($0.exhibitRef) \($0.file)"
        }
        problems += compareRows(
            "setting", tables.settings.values.sorted { $0.name < $1.name }, replay.settings.values.sorted { $0.name < $1.name }
        ) { "setting \($0.name)" }
        problems += compareRows(
            "material", tables.materials.values.sorted { $0.ref < $1.ref }, replay.materials.values.sorted { $0.ref < $1.ref }
        ) { "material \($0.ref)" }
        problems += compareRows(
            "destroyed exhibit", tables.destroyedExhibits.values.sorted { $0.ref < $1.ref },
            replay.destroyedExhibits.values.sorted { $0.ref < $1.ref }
        ) { "destruction of \($0.ref) (entry \($0.seq))" }
        problems += compareRows(
            "destroyed object", tables.destroyedObjects.values.sorted { $0.sha256 < $1.sha256 },
            replay.destroyedObjects.values.sorted { $0.sha256 < $1.sha256 }
        ) { "erasure of object \($0.sha256) (entry \($0.seq))" }
        let order: (DerivationRow, DerivationRow) -> Bool = {
            ($0.seq, $0.exhibitRef, $0.file, $0.derived) < ($1.seq, $1.exhibitRef, $1.file, $1.derived)
        }
        problems += compareRows("derivation", tables.derivations.sorted(by: order), replay.derivations.sorted(by: order)) {
            "derived object \($0.derived) (\($0.exhibitRef) \($0.file), policy \($0.policyID) \($0.policyVersion))"
        }
        return problems
    }

    /// Rows of an append-only table against the replay: each extra, missing or changed row named.
    private static func compareRows<Row: Equatable>(
        _ table: String, _ stored: [Row], _ replayed: [Row], describe: (Row) -> String
    ) -> [String] {
        var problems: [String] = []
        for index in 0..<max(stored.count, replayed.count) {
            switch (index < stored.count ? stored[index] : nil, index < replayed.count ? replayed[index] : nil) {
            case (let row?, nil): problems.append("\(describe(row)) is in the database but no ledger entry accounts for it")
            case (nil, let row?): problems.append("\(describe(row)) is in the ledger but missing from the database")
            case (let row?, let expected?) where row != expected:
                problems.append("\(describe(expected)): the database's \(table) record differs from the ledger")
            default: break
            }
        }
        return problems
    }

    private static func differences(_ table: ExhibitRow, _ ledger: ExhibitRow) -> String {
        var fields: [String] = []
        if table.description != ledger.description { fields.append("description") }
        if table.category != ledger.category { fields.append("category") }
        if table.seizedBy != ledger.seizedBy { fields.append("seized by") }
        if table.seizedFrom != ledger.seizedFrom { fields.append("seized from") }
        if table.seizedAt != ledger.seizedAt { fields.append("seized at") }
        if table.registeredSeq != ledger.registeredSeq || table.registeredAt != ledger.registeredAt {
            fields.append("registration")
        }
        if table.custodian != ledger.custodian { fields.append("custodian") }
        if table.location != ledger.location { fields.append("location") }
        return fields.joined(separator: ", ")
    }

    private static func verifyObjects(
        store: CaseStore, replay: CustodyState, inventory: (objects: [String], strays: [String]), pending: Set<String>,
        report: inout VerificationReport
    ) {
        var problems: [String] = []
        var holders: [String: [String]] = [:]
        for (ref, files) in replay.files {
            for file in files { holders[file.sha256, default: []].append("\(ref) \(file.name)") }
        }
        for derivation in replay.derivations {
            holders[derivation.derived, default: []].append(
                "redacted \(derivation.exhibitRef) \(derivation.file) under \(derivation.policyID)")
        }
        func label(_ hash: String) -> String {
            let names = (holders[hash] ?? []).sorted()
            return names.isEmpty ? "object \(hash)" : "object \(hash) (\(names.joined(separator: "; ")))"
        }
        for (hash, object) in replay.objects.sorted(by: { $0.key < $1.key }) {
            let path = store.objects.path(hash)
            if let erased = replay.destroyedObjects[hash] {
                // Destroyed material: its absence is what the ledger says; its presence is the problem.
                if FileSystem.exists(path) {
                    problems.append(
                        "\(label(hash)) was erased by ledger entry \(erased.seq) but is still in the object store; run exhibit destroy again"
                    )
                } else {
                    report.destroyed += 1
                }
                continue
            }
            guard FileSystem.exists(path) else {
                problems.append("\(label(hash)) is missing from the object store")
                continue
            }
            do {
                let digest = try ObjectHasher.sha256(path: path)
                report.objects += 1
                report.bytes += digest.size
                if digest.size != object.size || digest.sha256 != hash {
                    problems.append("\(label(hash)) was altered: its content no longer has the registered hash")
                }
            } catch {
                problems.append("\(label(hash)) cannot be read: \(error)")
            }
        }
        for hash in inventory.objects where replay.objects[hash] == nil {
            if pending.contains(hash) {
                report.warnings.append(
                    "object \(hash) was left by an interrupted command and is not registered; the next command removes it")
            } else {
                problems.append("stray object \(hash) is in the object store but no ledger entry accounts for it")
            }
        }
        for stray in inventory.strays { problems.append("unexpected file \(stray) in the object store") }
        report.record(
            "objects", problems: problems,
            ok: "\(report.objects) objects re-hashed (\(report.bytes) bytes), none missing, none unaccounted for"
                + (report.destroyed > 0 ? "; \(report.destroyed) erased by a recorded destruction" : ""))
    }
}
