import ExhibitCore
import Foundation
import GRDB

/// One pass over the ledger for `verify`: each entry's hash, chain link, number, case, time and actor; the Merkle
/// tree grown leaf by leaf with each signed checkpoint checked when the tree reaches its size; and, unless the pass
/// is incremental, each entry applied to the replay's tables (`LedgerProjection` on the scratch database). Entries
/// and checkpoints are read with cursors, so memory does not grow with the ledger.
struct LedgerPass {
    private let db: Database
    private let store: CaseStore
    private let trusted: Certificate?
    /// The certificates that sign the ledger, each from the entry after `after`: the one the case was opened with,
    /// then each one a verified `key-rotated` entry handed it over to.
    private(set) var signers: [(after: Int, certificate: Certificate)]
    private let since: Int?
    private let origin: String

    /// Problems with the chain, the replay and the checkpoints, in the order found.
    var chainProblems: [String] = []
    private(set) var replayProblems: [String] = []
    private(set) var checkpointProblems: [String] = []
    /// What is worth knowing but does not fail verification (an entry timed before the one before it).
    private(set) var warnings: [String] = []
    /// Entries read, checkpoints read and the latest valid checkpoint.
    private(set) var entryCount = 0
    private(set) var checkpointCount = 0
    private(set) var latestValid: Checkpoint?
    /// False when an incremental pass (`since`) found no valid checkpoint to start from, so read no checkpoint.
    private var started = true
    /// The case as the first entry opened it.
    private(set) var caseDetails: CaseDetails?

    init(_ db: Database, store: CaseStore, trusted: Certificate?, since: Int?) throws {
        self.db = db
        self.store = store
        self.trusted = trusted
        // A certificate given with --cert anchors the chain, unless it is one the case was handed over to later (a
        // verifier holding the current certificate): then the chain starts at the case's own and must reach it.
        var anchor = store.openingCertificate
        if let trusted, trusted.fingerprint != anchor.fingerprint {
            let handedOver = try Optional<String>.fetchAll(
                db,
                sql: """
                    SELECT json_extract(body, '$.details.keyRotation.fingerprint') FROM store.ledger WHERE seq IN
                    (SELECT seq FROM store.ledger_action WHERE action = ?)
                    """,
                arguments: [LedgerAction.keyRotated.rawValue])
            if !handedOver.contains(trusted.fingerprint) { anchor = trusted }
        }
        signers = [(0, anchor)]
        self.since = since
        origin = Checkpoint.origin(caseID: store.info.id)
    }

    /// Reads the ledger and the checkpoints.
    /// - Throws: the database's errors (a problem in the data is recorded, not thrown).
    mutating func run() throws {
        var frontier = MerkleTree.Frontier()
        var previous = LedgerEntry.genesis
        var projection = LedgerProjection(db: db)
        if let since {
            try followHandovers(upTo: since)
            guard let start = try startAt(since) else {
                started = false
                return
            }
            (frontier, previous) = start
        }
        let first = since ?? 0
        let checkpoints = try Row.fetchCursor(
            db, sql: "SELECT tree_size, note, signature FROM store.checkpoint WHERE tree_size > ? ORDER BY tree_size",
            arguments: [first])
        var pending = try checkpoints.next()
        let entries = try Row.fetchCursor(
            db, sql: "SELECT seq, entry_hash, body FROM store.ledger WHERE seq > ? ORDER BY seq", arguments: [first])
        var position = first
        var lastTime = ""
        // Entries are read in batches; each batch is hashed, decoded and checked for canonical form on both cores
        // (`DecodedBatch`), then taken in order on this thread (chain, tree, checkpoints, replay).
        var batch: [StoredEntry] = []
        var exhausted = false
        while !exhausted {
            batch.removeAll(keepingCapacity: true)
            var bytes = 0
            while batch.count < DecodedBatch.size, bytes < DecodedBatch.byteBudget {
                guard let row = try entries.next() else {
                    exhausted = true
                    break
                }
                let stored = StoredEntry(seq: row["seq"], recorded: row["entry_hash"], body: Array((row["body"] as String).utf8))
                bytes += stored.body.count
                batch.append(stored)
            }
            let decoded = DecodedBatch(batch)
            for (index, stored) in batch.enumerated() {
                position += 1
                entryCount = position
                let seq = stored.seq
                if seq != position {
                    chainProblems.append("ledger entry \(position) is missing: the ledger goes on at entry \(seq)")
                }
                let hash = decoded.hashes[index]
                frontier.append(MerkleTree.leafHash(Hex.decode(hash) ?? []))
                if !ConstantTime.equal(Array(hash.utf8), Array(stored.recorded.utf8)) {
                    chainProblems.append(
                        "ledger entry \(seq): its contents do not match its recorded hash (the entry was edited)")
                }
                switch decoded.entries[index] {
                case .success(let entry):
                    check(entry, seq: seq, previous: previous, lastTime: &lastTime)
                    if entry.action == .keyRotated { follow(entry) }
                    if since == nil { replay(entry, hash: hash, first: position == 1, projection: &projection) }
                case .failure(let error):
                    chainProblems.append("\(error)")
                }
                previous = hash
                while let checkpoint = pending, (checkpoint["tree_size"] as Int) <= frontier.size {
                    if (checkpoint["tree_size"] as Int) == frontier.size { self.check(checkpoint, root: frontier.root) }
                    pending = try checkpoints.next()
                }
            }
        }
        while let checkpoint = pending {
            self.check(checkpoint, root: nil)
            pending = try checkpoints.next()
        }
        if since == nil {
            do { try projection.finish() } catch { replayProblems.append("\(error)") }
        }
    }

    /// The checks of one entry against the one before it.
    private mutating func check(_ entry: LedgerEntry, seq: Int, previous: String, lastTime: inout String) {
        if entry.sequence != seq {
            chainProblems.append("ledger entry \(seq) says it is entry \(entry.sequence): entries were moved or swapped")
        }
        if entry.caseID != store.info.id {
            chainProblems.append("ledger entry \(seq) belongs to another case (\(entry.caseID))")
        }
        if entry.previous != previous {
            chainProblems.append(
                "ledger entry \(seq) does not follow entry \(seq - 1): the chain is broken (an entry was inserted, removed, edited or reordered)"
            )
        }
        if Timestamp.parse(entry.time) == nil {
            chainProblems.append("ledger entry \(seq) has an invalid time \(entry.time)")
        } else if entry.time < lastTime {
            warnings.append("ledger entry \(seq) is timed \(entry.time), before entry \(seq - 1) (\(lastTime))")
        }
        if entry.actor.name.trimmingCharacters(in: .whitespaces).isEmpty {
            chainProblems.append("ledger entry \(seq) has no actor")
        }
        lastTime = max(lastTime, entry.time)
    }

    /// Applies an entry to the replay's tables; the first entry must open the case.
    private mutating func replay(_ entry: LedgerEntry, hash: String, first: Bool, projection: inout LedgerProjection) {
        if first {
            if entry.action != .opened || entry.sequence != 1 {
                replayProblems.append("ledger entry 1 does not open the case")
            } else {
                caseDetails = entry.details?.caseRecord
            }
        }
        do { try projection.apply(entry, hash: hash) } catch { replayProblems.append("\(error)") }
    }

    /// Checks one signed checkpoint: its form, its signature by the case's certificate, and (when the ledger reaches
    /// its size) the Merkle root of that many entries.
    private mutating func check(_ row: Row, root: MerkleTree.Hash?) {
        checkpointCount += 1
        let size: Int = row["tree_size"]
        let note: String = row["note"]
        let signature: [UInt8] = Array(row["signature"] as Data)
        let label = "checkpoint \(size)"
        guard let checkpoint = try? Checkpoint.parse(note) else {
            checkpointProblems.append("\(label) is malformed")
            return
        }
        if checkpoint.origin != origin { checkpointProblems.append("\(label) is for another ledger (\(checkpoint.origin))") }
        if checkpoint.size != size { checkpointProblems.append("\(label) says it covers \(checkpoint.size) entries") }
        let signer = signer(of: size)
        do {
            let certificate = try CMSSignature.verify(
                signature, content: .bytes(Array(note.utf8)),
                trust: TrustPolicy(pinned: [signer], time: Timestamp.parse(checkpoint.time)), source: label)
            if certificate.fingerprint != signer.fingerprint {
                checkpointProblems.append("\(label) was signed by \(certificate.subject), not by the case's agency certificate")
            }
        } catch {
            checkpointProblems.append("\(error)")
        }
        if let root {
            if !ConstantTime.equal(root, checkpoint.root) {
                checkpointProblems.append(
                    "\(label) (signed \(checkpoint.time)): the first \(checkpoint.size) ledger entries no longer have the signed Merkle root (entries were altered)"
                )
            }
        } else {
            checkpointProblems.append(
                "\(label) (signed \(checkpoint.time)) covers \(checkpoint.size) entries but the ledger has \(entryCount): entries \(entryCount + 1) to \(checkpoint.size) were deleted"
            )
        }
        latestValid = checkpoint
    }

    /// The certificate that must have signed the checkpoint of `size` entries: the one in force after the last
    /// handover recorded before entry `size` (the handover's own checkpoint is signed by the outgoing key).
    private func signer(of size: Int) -> Certificate {
        (signers.last { $0.after < size } ?? signers[0]).certificate
    }

    /// Follows a `key-rotated` entry: its handover must be signed by the certificate in force, for this ledger and
    /// entry, and accepted by the incoming key; a handover that fails leaves the outgoing certificate in force.
    private mutating func follow(_ entry: LedgerEntry) {
        guard let rotation = entry.details?.keyRotation else { return }
        let outgoing = signers[signers.count - 1].certificate
        do {
            let incoming = try rotation.verify(
                outgoing: outgoing, origin: origin, sequence: entry.sequence, time: Timestamp.parse(entry.time))
            signers.append((entry.sequence, incoming))
        } catch {
            chainProblems.append("\(error) (later checkpoints are checked against \(outgoing.subject))")
        }
    }

    /// Follows the handovers recorded up to entry `size` (found through the action index), for an incremental pass.
    private mutating func followHandovers(upTo size: Int) throws {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT seq, body FROM store.ledger WHERE seq IN
                (SELECT seq FROM store.ledger_action WHERE action = ? AND seq <= ?) ORDER BY seq
                """,
            arguments: [LedgerAction.keyRotated.rawValue, size])
        for row in rows {
            do {
                follow(try LedgerEntry.decodeCanonical(Array((row["body"] as String).utf8), sequence: row["seq"]))
            } catch {
                chainProblems.append("\(error)")
            }
        }
    }

    /// Where an incremental pass starts: the signed checkpoint at `size`, checked against the stored Merkle tree, whose
    /// frontier the later entries extend, and the hash of entry `size`.
    private mutating func startAt(_ size: Int) throws -> (MerkleTree.Frontier, String)? {
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT tree_size, note, signature FROM store.checkpoint WHERE tree_size = ?", arguments: [size]),
            let last = try String.fetchOne(db, sql: "SELECT entry_hash FROM store.ledger WHERE seq = ?", arguments: [size])
        else {
            chainProblems.append(
                "there is no signed checkpoint of \(size) entries to verify from (exhibit verify --json lists the latest)")
            return nil
        }
        let tree = LedgerProjection.tree(db, size: size, schema: "store")
        do {
            let root = try tree.root()
            check(row, root: root)
            entryCount = size
            return (try tree.frontier(), last)
        } catch {
            chainProblems.append("\(error)")
            return nil
        }
    }

    /// Records the checkpoint check in `report`.
    mutating func finishCheckpoints(report: inout VerificationReport) {
        if let latest = latestValid {
            if latest.size < entryCount {
                checkpointProblems.append(
                    "ledger entries \(latest.size + 1) to \(entryCount) are not covered by any signed checkpoint (added outside Exhibit)"
                )
            }
            report.checkpointSize = latest.size
            report.checkpointRoot = Hex.encode(latest.root)
        } else {
            // An incremental pass that could not start read no checkpoint: it says so, not that the store has none.
            checkpointProblems.append(
                started ? "the store has no signed checkpoint" : "not checked: the pass had no valid checkpoint to start from")
        }
        let current = signers[signers.count - 1].certificate
        report.signerFingerprint = current.fingerprint
        report.signers = signers.map { signer in
            VerificationReport.Signer(
                fingerprint: signer.certificate.fingerprint, subject: signer.certificate.subject, fromEntry: signer.after + 1)
        }
        if current.fingerprint != store.certificate.fingerprint {
            checkpointProblems.append(
                "the store signs with \(store.certificate.subject) (\(Certificate.display(fingerprint: store.certificate.fingerprint).prefix(23))…), which no verified handover in the ledger leads to"
            )
        }
        if let trusted, !signers.contains(where: { $0.certificate.fingerprint == trusted.fingerprint }) {
            checkpointProblems.append(
                "the checkpoints are not signed by the certificate given with --cert (\(trusted.subject), \(Certificate.display(fingerprint: trusted.fingerprint).prefix(23))…)"
            )
        }
        let by =
            signers.count == 1
            ? "signatures by \(current.subject)"
            : "signatures by \(signers.count) certificates in turn, each handed over by the one before ("
                + signers.map {
                    "\($0.certificate.subject) (\($0.certificate.displayFingerprint.prefix(11))…) from entry \($0.after + 1)"
                }.joined(separator: "; ") + ")"
        report.record(
            "signed checkpoints", problems: checkpointProblems,
            ok: "\(checkpointCount) checkpoints, \(by) valid, latest root matches \(entryCount) entries"
        )
    }
}
