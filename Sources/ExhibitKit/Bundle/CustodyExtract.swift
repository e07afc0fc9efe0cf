import Foundation
import GRDB

/// `exhibit/custody.jsonl`: the custody entries about the shared exhibits, the latest signed checkpoint and
/// an inclusion proof per entry, so a receiver can check continuity without the sender's database.
///
/// The first line is the checkpoint (`type: checkpoint`: `note`, `signature` base64 DER, `certificate` PEM);
/// each further line is an entry (`type: entry`: `seq`, `hash`, `proof` hex, and `body`, the entry's exact
/// canonical JSON, when the policy sends custody in full). An entry's leaf is `SHA-256(0x00 || hash)`.
enum CustodyExtract {
    struct Line: Codable {
        var type: String
        var note: String?
        var signature: String?
        var certificate: String?
        var seq: Int?
        var hash: String?
        var proof: [String]?
        var body: String?
    }

    /// What a receiver learns from a checked extract.
    struct Checked {
        var checkpoint: Checkpoint
        var entries: [(seq: Int, hash: String, entry: LedgerEntry?)]
    }

    /// Builds the extract for `refs`: the case's opening entry and every entry naming one of them.
    ///
    /// Entries are hashed as recorded and cannot be redacted, so an entry's text travels only when the policy
    /// sends custody in full, every exhibit it names travels (`travelling`), and the policy's own redaction
    /// (`redactor`) would change nothing in it; the opening entry also needs `case-ref`. Every other entry
    /// travels as its hash and inclusion proof only.
    static func build(
        _ store: CaseStore, refs: Set<String>, travelling: Set<String>, policy: SharingPolicy, redactor: TextRedactor
    ) throws -> [UInt8] {
        let (rows, checkpoint) = try store.read { db -> ([LedgerRow], CheckpointRow?) in
            (try LedgerRow.order(Column("seq")).fetchAll(db), try CheckpointRow.order(Column("tree_size").desc).fetchOne(db))
        }
        guard let checkpoint, checkpoint.treeSize == rows.count else {
            throw ExhibitError.verificationFailed("the ledger's latest checkpoint does not cover it; run exhibit verify")
        }
        let leaves = rows.compactMap { Hex.decode($0.entryHash) }.map(MerkleTree.leafHash)
        guard leaves.count == rows.count else {
            throw ExhibitError.verificationFailed("a ledger entry hash is malformed; run exhibit verify")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var output = try encoder.encode(
            Line(
                type: "checkpoint", note: checkpoint.note, signature: checkpoint.signature.base64EncodedString(),
                certificate: store.certificate.pem))
        output.append(0x0A)
        for row in rows {
            let entry = try LedgerEntry.decodeCanonical(Array(row.body.utf8), sequence: row.seq)
            guard row.seq == 1 || !refs.isDisjoint(with: entry.exhibits) else { continue }
            var travels = policy.custody == .full && Set(entry.exhibits).isSubset(of: travelling)
            if row.seq == 1 { travels = travels && policy.allows(.caseRef) }
            // Disclosure classifications (sensitivity and its reason) and consultations never travel in full.
            if entry.action == .classified || entry.action == .consulted { travels = false }
            if travels { travels = !redactor.findsAnything(in: row.body) }
            let proof = MerkleTree.inclusionProof(index: row.seq - 1, leaves: leaves).map(Hex.encode)
            output += try encoder.encode(
                Line(type: "entry", seq: row.seq, hash: row.entryHash, proof: proof, body: travels ? row.body : nil))
            output.append(0x0A)
        }
        return Array(output)
    }

    /// Checks an extract: the checkpoint's signature by `signer`, each entry's hash against its body, and each
    /// inclusion proof against the signed root.
    /// - Throws: `ExhibitError.verificationFailed` naming the line at fault.
    static func check(_ bytes: [UInt8], signer: TrustPolicy, signerFingerprint: String) throws -> Checked {
        let lines = bytes.split(separator: 0x0A).map { Array($0) }
        guard let first = lines.first, let head = try? JSONDecoder().decode(Line.self, from: Data(first)),
            head.type == "checkpoint",
            let note = head.note, let signatureText = head.signature, let signature = Data(base64Encoded: signatureText)
        else { throw ExhibitError.verificationFailed("exhibit/custody.jsonl does not start with a signed checkpoint") }
        let checkpoint = try Checkpoint.parse(note)
        let certificate = try CMSSignature.verify(
            Array(signature), content: .bytes(Array(note.utf8)), trust: signer, source: "the custody checkpoint")
        guard certificate.fingerprint == signerFingerprint else {
            throw ExhibitError.verificationFailed(
                "the custody checkpoint was signed by \(certificate.subject), not by the sender")
        }
        var entries: [(Int, String, LedgerEntry?)] = []
        for (number, line) in lines.dropFirst().enumerated() {
            let label = "exhibit/custody.jsonl line \(number + 2)"
            guard let item = try? JSONDecoder().decode(Line.self, from: Data(line)), item.type == "entry", let seq = item.seq,
                let hash = item.hash, let hashBytes = Hex.decode(hash), hashBytes.count == 32, seq >= 1
            else { throw ExhibitError.verificationFailed("\(label) is not a custody entry") }
            var entry: LedgerEntry?
            if let body = item.body {
                guard LedgerEntry.hash(of: Array(body.utf8)) == hash else {
                    throw ExhibitError.verificationFailed("\(label): entry \(seq) does not match its hash (altered)")
                }
                entry = try LedgerEntry.decodeCanonical(Array(body.utf8), sequence: seq)
                guard entry?.sequence == seq else {
                    throw ExhibitError.verificationFailed("\(label) says it is entry \(seq) but holds another")
                }
            }
            let proof = (item.proof ?? []).compactMap(Hex.decode)
            guard proof.count == (item.proof ?? []).count else {
                throw ExhibitError.verificationFailed("\(label) has a malformed proof")
            }
            do {
                try MerkleProofVerifier.verifyInclusion(
                    index: UInt64(seq - 1), size: UInt64(checkpoint.size), leafHash: MerkleTree.leafHash(hashBytes), proof: proof,
                    root: checkpoint.root)
            } catch {
                throw ExhibitError.verificationFailed("\(label): entry \(seq) is not in the signed ledger (\(error))")
            }
            entries.append((seq, hash, entry))
        }
        return Checked(checkpoint: checkpoint, entries: entries)
    }
}
