import ExhibitCore
import Foundation
import GRDB

/// Partners witness each other's ledgers (issue 14). The receiver of a bundle records the sender's signed checkpoint
/// (`witnessed`) and cosigns it in its receipt; the sender records the cosignature with the receipt and, in each
/// later bundle to that partner, proves (RFC 9162) that its ledger only grew since the checkpoints the partner may
/// have witnessed. The receiver refuses a bundle whose ledger is not an extension of what it witnessed.
enum Witnessing {
    /// A recorded `witnessed` entry.
    struct Witnessed {
        var sequence: Int
        var details: WitnessDetails
    }

    /// The checkpoints witnessed for `partner` (or any partner: a ledger is known by its origin line, whatever id its
    /// sender is registered under now) of the ledger `origin` (or any), in ledger order.
    static func witnessed(_ history: [(entry: LedgerEntry, hash: String)], partner: String?, origin: String? = nil)
        -> [Witnessed]
    {
        history.compactMap { item in
            guard item.entry.action == .witnessed, let details = item.entry.details?.witness,
                partner.map({ $0 == details.partner }) ?? true,
                origin.map({ $0 == details.origin }) ?? true
            else { return nil }
            return Witnessed(sequence: item.entry.sequence, details: details)
        }
    }

    /// The largest checkpoint witnessed among `all`.
    static func latest(_ all: [Witnessed]) -> Witnessed? {
        all.max { $0.details.size < $1.details.size || ($0.details.size == $1.details.size && $0.sequence < $1.sequence) }
    }

    private static func short(_ hex: String) -> String { "\(hex.prefix(16))…" }

    private static func rewritten(_ checkpoint: Checkpoint, _ witnessed: Witnessed) -> ExhibitError {
        ExhibitError.verificationFailed(
            "history rewritten: the sender's ledger at checkpoint \(checkpoint.size) (root \(short(Hex.encode(checkpoint.root))), signed \(checkpoint.time)) is not an extension of checkpoint \(witnessed.details.size) (root \(short(witnessed.details.root)), signed \(witnessed.details.time)) witnessed in ledger entry \(witnessed.sequence)"
        )
    }

    // MARK: receiving

    /// Checks the bundle's checkpoint against the checkpoints of the same ledger witnessed before: the same size
    /// must have the same root, and a larger one must come with a consistency proof from the largest witnessed.
    /// - Returns: a sentence for the custody check's detail.
    /// - Throws: `.verificationFailed` naming both checkpoints when the history was rewritten or cannot be shown to
    ///   extend what was witnessed.
    static func check(root: String, custody: CustodyExtract.Checked, partner: PartnerRow, store: CaseStore) throws -> String {
        let checkpoint = custody.checkpoint
        let all = witnessed(try CaseQueries.history(store, actions: [.witnessed]), partner: nil, origin: checkpoint.origin)
        guard let latest = latest(all) else { return "first checkpoint witnessed from this ledger" }
        let rootHex = Hex.encode(checkpoint.root)
        if let same = all.last(where: { $0.details.size == checkpoint.size }) {
            guard same.details.root == rootHex else { throw rewritten(checkpoint, same) }
            return "the checkpoint witnessed in ledger entry \(same.sequence)"
        }
        guard checkpoint.size > latest.details.size else {
            throw ExhibitError.verificationFailed(
                "the sender's checkpoint \(checkpoint.size) (signed \(checkpoint.time)) is older than checkpoint \(latest.details.size) witnessed in ledger entry \(latest.sequence) and cannot be compared with it"
            )
        }
        let path = Path.join(root, ConsistencyFile.path)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ExhibitError.verificationFailed(
                "the bundle carries no consistency proof that the sender's ledger at checkpoint \(checkpoint.size) (root \(short(rootHex))) extends checkpoint \(latest.details.size) (root \(short(latest.details.root))) witnessed in ledger entry \(latest.sequence)"
            )
        }
        guard let file = try? JSONDecoder().decode(ConsistencyFile.self, from: data) else {
            throw ExhibitError.verificationFailed("\(ConsistencyFile.path) is malformed")
        }
        guard file.toSize == checkpoint.size, file.toRoot == rootHex else {
            throw ExhibitError.verificationFailed(
                "\(ConsistencyFile.path) proves to another checkpoint than the custody extract's")
        }
        guard let proof = file.proofs.first(where: { $0.fromSize == latest.details.size }) else {
            throw ExhibitError.verificationFailed(
                "the bundle carries no consistency proof that the sender's ledger at checkpoint \(checkpoint.size) (root \(short(rootHex))) extends checkpoint \(latest.details.size) (root \(short(latest.details.root))) witnessed in ledger entry \(latest.sequence)"
            )
        }
        let hashes = proof.proof.compactMap(Hex.decode)
        guard proof.fromRoot == latest.details.root, hashes.count == proof.proof.count,
            let witnessedRoot = Hex.decode(latest.details.root),
            (try? MerkleProofVerifier.verifyConsistency(
                size1: UInt64(latest.details.size), size2: UInt64(checkpoint.size), root1: witnessedRoot, root2: checkpoint.root,
                proof: hashes)) != nil
        else { throw rewritten(checkpoint, latest) }
        return
            "extends checkpoint \(latest.details.size) witnessed in ledger entry \(latest.sequence) (RFC 9162 consistency proof)"
    }

    /// The `witnessed` entry recording the bundle's checkpoint, or nil when it is the one witnessed last already.
    static func entry(root: String, checked: BundleChecker.Checked, store: CaseStore, actor: Actor) throws -> LedgerEntry? {
        let checkpoint = checked.custody.checkpoint
        let signature = checked.custody.signature
        let all = witnessed(try CaseQueries.history(store, actions: [.witnessed]), partner: nil, origin: checkpoint.origin)
        if let last = all.last, last.details.size == checkpoint.size, last.details.root == Hex.encode(checkpoint.root) {
            return nil
        }
        let proofs = verifiedProofs(root: root, checkpoint: checkpoint, required: latest(all)?.details.size)
        let details = WitnessDetails(
            partner: checked.partner.id, bundleID: checked.manifest.bundleID, origin: checkpoint.origin, size: checkpoint.size,
            root: Hex.encode(checkpoint.root), time: checkpoint.time, signature: Data(signature).base64EncodedString(),
            proofs: proofs.isEmpty ? nil : proofs)
        return LedgerEntry(
            caseID: store.info.id, action: .witnessed, actor: actor,
            reason:
                "checkpoint \(checkpoint.size) of \(checked.partner.name)'s ledger witnessed on receipt of bundle \(checked.manifest.bundleID)",
            details: EntryDetails(witness: details))
    }

    /// At most this many of a bundle's consistency proofs are recorded with its checkpoint.
    static let maxRecordedProofs = 1024

    /// The proofs of the bundle's `exhibit/consistency.json` that verify (RFC 9162) from their size and root to
    /// `checkpoint`, the custody extract's: the one from `required` (the last checkpoint witnessed, which the custody
    /// check has verified already) and the others from the largest size down, at most `maxRecordedProofs` in all,
    /// in size order. A proof that does not verify is not recorded.
    static func verifiedProofs(root: String, checkpoint: Checkpoint, required: Int?) -> [WitnessDetails.Proof] {
        guard let data = FileManager.default.contents(atPath: Path.join(root, ConsistencyFile.path)),
            let file = try? JSONDecoder().decode(ConsistencyFile.self, from: data),
            file.toSize == checkpoint.size, file.toRoot == Hex.encode(checkpoint.root)
        else { return [] }
        let toRoot = Hex.encode(checkpoint.root)
        let ordered = file.proofs.sorted {
            ($0.fromSize == required ? Int.max : $0.fromSize) > ($1.fromSize == required ? Int.max : $1.fromSize)
        }
        var kept: [Int: WitnessDetails.Proof] = [:]
        for proof in ordered where kept.count < maxRecordedProofs && kept[proof.fromSize] == nil {
            guard verifies(proof.proof, from: proof.fromSize, proof.fromRoot, to: checkpoint.size, toRoot) else { continue }
            kept[proof.fromSize] = proof
        }
        return kept.values.sorted { $0.fromSize < $1.fromSize }
    }

    /// Whether `proof` (hex) is an RFC 9162 consistency proof from the tree of `fromSize` leaves with root `fromRoot`
    /// to the tree of `toSize` leaves with root `toRoot` (hex); sizes must satisfy 1 ≤ fromSize < toSize.
    static func verifies(_ proof: [String], from fromSize: Int, _ fromRoot: String, to toSize: Int, _ toRoot: String) -> Bool {
        let hashes = proof.compactMap(Hex.decode)
        guard fromSize >= 1, fromSize < toSize, proof.count <= 128, hashes.count == proof.count,
            let first = Hex.decode(fromRoot), let second = Hex.decode(toRoot)
        else { return false }
        return
            (try? MerkleProofVerifier.verifyConsistency(
                size1: UInt64(fromSize), size2: UInt64(toSize), root1: first, root2: second, proof: hashes)) != nil
    }

    /// The receipt's cosignature: our detached CMS signature over the exact checkpoint body the sender signed.
    static func cosign(_ custody: CustodyExtract.Checked, signer: LedgerSigner) throws -> Receipt.Cosignature {
        let note = custody.note
        return Receipt.Cosignature(
            checkpoint: note, signature: Data(try signer.sign(Array(note.utf8))).base64EncodedString())
    }

    // MARK: sending

    /// The checkpoint sizes partner `id` may have witnessed: the last it cosigned, and each sent to it since.
    static func witnessable(_ history: [(entry: LedgerEntry, hash: String)], partner id: String) -> [Int] {
        var cosigned = 0
        for item in history where item.entry.action == .receipt && item.entry.details?.receipt?.receiver == id {
            if let size = item.entry.details?.cosignature?.size { cosigned = max(cosigned, size) }
        }
        // A bundle's custody checkpoint covers the ledger up to its `redacted` entry, just before its `exported` one.
        let sent = history.filter { $0.entry.action == .exported && $0.entry.details?.export?.partner == id }
            .map { $0.entry.sequence - 1 }
        return Array(Set((cosigned > 0 ? [cosigned] : []) + sent.filter { $0 > cosigned })).sorted()
    }

    /// The checkpoint sizes of every bundle exported so far, to any partner.
    static func exportedSizes(_ history: [(entry: LedgerEntry, hash: String)]) -> [Int] {
        history.filter { $0.entry.action == .exported }.map { $0.entry.sequence - 1 }
    }

    /// `exhibit/consistency.json` for a bundle to partner `id` whose custody checkpoint is `prepared`'s: proofs from the
    /// checkpoints the partner may have witnessed and from every earlier export's; nil when there are none.
    static func consistencyFile(_ writer: StoreWriter, partner id: String, prepared: StoreWriter.PreparedEntries) throws
        -> [UInt8]?
    {
        let history = try CaseQueries.history(writer.store, actions: [.receipt, .exported])
        // Besides the sizes this partner may have witnessed, every earlier export's checkpoint (to any partner): the
        // partners of one sender decide split views at each other's sizes with them (`partners check`).
        let size = prepared.checkpoint.size
        let sizes = Array(Set(witnessable(history, partner: id) + exportedSizes(history).suffix(maxRecordedProofs / 2)))
            .sorted().filter { $0 >= 1 && $0 < size }
        guard !sizes.isEmpty else { return nil }
        let proofs = try writer.read { db in
            let tree = try ExportBundle.tree(db, with: prepared)
            return try sizes.map { from in
                ConsistencyFile.Proof(
                    fromSize: from, fromRoot: Hex.encode(try tree.root(ofFirst: from)),
                    proof: try tree.consistencyProof(from: from).map(Hex.encode))
            }
        }
        return try JSONOutput.pretty(ConsistencyFile(toSize: size, toRoot: Hex.encode(prepared.checkpoint.root), proofs: proofs))
    }

    /// Checks the RFC 3161 token a receipt's cosignature may carry: with its authority certificate, over the
    /// cosignature's DER bytes.
    /// - Throws: `.verificationFailed` naming the receipt when it is incomplete or does not verify.
    static func checkTimestamp(_ cosignature: Receipt.Cosignature, signature: [UInt8], source: String) throws {
        guard cosignature.timestamp != nil || cosignature.timestampAuthority != nil else { return }
        guard let text = cosignature.timestamp, let token = Data(base64Encoded: text), let pem = cosignature.timestampAuthority
        else {
            throw ExhibitError.verificationFailed("\(source): the cosignature's timestamp token travels without its authority")
        }
        let authority = try Certificate(bytes: Array(pem.utf8), source: "\(source)'s time-stamp authority certificate")
        try TimestampToken(der: Array(token), source: "\(source)'s timestamp token")
            .verify(data: signature, authority: authority, source: "\(source)'s timestamp token")
    }

    /// Checks a receipt's cosignature: by the receipt's signer, over a checkpoint this store signed (the exact body).
    /// - Returns: what to record, or nil for a receipt without one.
    /// - Throws: `.verificationFailed` for a bad cosignature, or a checkpoint this ledger never signed (the partner
    ///   was shown another history).
    static func cosignature(_ receipt: Receipt, partner: PartnerRow, certificate: Certificate, store: CaseStore, source: String)
        throws -> CosignatureDetails?
    {
        guard let cosignature = receipt.cosignature else { return nil }
        let checkpoint = try Checkpoint.parse(cosignature.checkpoint)
        guard let signature = Data(base64Encoded: cosignature.signature) else {
            throw ExhibitError.verificationFailed("\(source): the cosignature is not base64")
        }
        let cosigner = try CMSSignature.verify(
            Array(signature), content: .bytes(Array(cosignature.checkpoint.utf8)),
            trust: try Partners.trust(for: partner, at: Date()), source: "\(source)'s cosignature")
        guard cosigner.fingerprint == certificate.fingerprint else {
            throw ExhibitError.verificationFailed(
                "\(source): the cosignature is by \(cosigner.subject), not by the receipt's signer")
        }
        let ours = try store.read { db in try CheckpointRow.fetchOne(db, key: checkpoint.size) }
        guard checkpoint.origin == Checkpoint.origin(caseID: store.info.id), let ours, ours.note == cosignature.checkpoint else {
            throw ExhibitError.verificationFailed(
                "\(source): \(partner.id) cosigned checkpoint \(checkpoint.size) (root \(short(Hex.encode(checkpoint.root))), signed \(checkpoint.time)), which this ledger never signed: it was shown another history"
            )
        }
        try checkTimestamp(cosignature, signature: Array(signature), source: source)
        return CosignatureDetails(
            size: checkpoint.size, root: Hex.encode(checkpoint.root), time: checkpoint.time, cosigner: cosigner.fingerprint,
            signature: cosignature.signature)
    }
}
