import Foundation

/// `exhibit/custody.jsonl`: the custody entries about the shared exhibits, the latest signed checkpoint and
/// an inclusion proof per entry, so a receiver can check continuity without the sender's database.
///
/// The first line is the checkpoint (`type: checkpoint`: `note`, `signature` base64 DER, `certificate` PEM);
/// each further line is an entry (`type: entry`: `seq`, `hash`, `proof` hex, and `body`, the entry's exact
/// canonical JSON, when the policy sends custody in full). An entry's leaf is `SHA-256(0x00 || hash)`.
package enum CustodyExtract {
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
    package struct Checked {
        package var checkpoint: Checkpoint
        /// The checkpoint's note as signed, and its DER signature (verified).
        package var note: String
        package var signature: [UInt8]
        /// Each entry; of its details only the transfer is kept (what a receiving report shows), and not its objects: a
        /// registration of a phone extraction lists a thousand files an entry, which `check` hands to its `inspect`
        /// instead.
        package var entries: [(seq: Int, hash: String, entry: LedgerEntry?)]
    }

    /// Makes an extract's lines one by one: the checkpoint line first, then one line per entry with its inclusion
    /// proof in the ledger the checkpoint covers, and its body where it travels (hash and proof otherwise). The
    /// caller writes each line as it comes, so an extract of any length is made in bounded memory.
    package struct Lines {
        /// The tree size the checkpoint covers.
        private let size: Int
        /// The checkpoint line (JSON and a line feed).
        package let checkpointLine: [UInt8]

        /// Reads the checkpoint.
        /// - Parameters:
        ///   - checkpoint: the signed checkpoint note over the whole ledger and its DER signature.
        ///   - certificatePEM: the signer's certificate.
        /// - Throws: `.verificationFailed` when the checkpoint is malformed.
        package init(checkpoint: (note: String, signature: [UInt8]), certificatePEM: String) throws {
            guard let parsed = try? Checkpoint.parse(checkpoint.note) else {
                throw ExhibitError.verificationFailed("the ledger's latest checkpoint is malformed; run exhibit verify")
            }
            size = parsed.size
            checkpointLine =
                try JSONOutput.compact(
                    Line(
                        type: "checkpoint", note: checkpoint.note, signature: Data(checkpoint.signature).base64EncodedString(),
                        certificate: certificatePEM)) + [0x0A]
        }

        /// An entry's line (JSON and a line feed).
        /// - Parameters:
        ///   - seq: its sequence number.
        ///   - hash: its hash (hex).
        ///   - proof: its inclusion proof in the ledger the checkpoint covers, given its index.
        ///   - body: its exact canonical JSON, when it travels.
        /// - Returns: the line.
        /// - Throws: `.verificationFailed` when the checkpoint does not cover it; what `proof` throws.
        package func entry(seq: Int, hash: String, proof: (Int) throws -> [MerkleTree.Hash], body: String?) throws
            -> [UInt8]
        {
            guard seq >= 1, seq <= size else {
                throw ExhibitError.verificationFailed("the ledger's latest checkpoint does not cover it; run exhibit verify")
            }
            let proof = try proof(seq - 1).map(Hex.encode)
            return try JSONOutput.compact(Line(type: "entry", seq: seq, hash: hash, proof: proof, body: body)) + [0x0A]
        }
    }

    /// Checks an extract: the checkpoint's signature by `signer`, each entry's hash against its body, and each
    /// inclusion proof against the signed root. The extract is read a line at a time (a registration of a phone
    /// extraction is hundreds of lines of a thousand files each), so only one line is held.
    /// - Parameters:
    ///   - lines: the extract's lines.
    ///   - signer: whom the checkpoint's signature must chain to.
    ///   - signerFingerprint: the sender's certificate.
    ///   - inspect: called with each entry whose text travels, whole, once it is checked.
    /// - Returns: the checkpoint and the entries (see `Checked.entries`).
    /// - Throws: `ExhibitError.verificationFailed` naming the line at fault; what reading throws.
    package static func check(
        _ lines: LineReader, signer: TrustPolicy, signerFingerprint: String, inspect: (LedgerEntry) throws -> Void = { _ in }
    ) throws -> Checked {
        let (note, signature) = try signedCheckpoint(lines.next() ?? [])
        let checkpoint = try Checkpoint.parse(note)
        let certificate = try CMSSignature.verify(
            signature, content: .bytes(Array(note.utf8)), trust: signer, source: "the custody checkpoint")
        guard certificate.fingerprint == signerFingerprint else {
            throw ExhibitError.verificationFailed(
                "the custody checkpoint was signed by \(certificate.subject), not by the sender")
        }
        var entries: [(Int, String, LedgerEntry?)] = []
        // Lines are checked a batch at a time on every core (decoding an entry of a thousand files is most of the
        // work, and it depends on nothing but the line); what they yield is taken in line order.
        var batch: [(number: Int, line: [UInt8])] = []
        var batchBytes = 0
        let (size, root) = (checkpoint.size, checkpoint.root)
        func flush() throws {
            let results = Parallel.map(batch) { item in
                Result { try entry(item.line, label: "exhibit/custody.jsonl line \(item.number)", size: size, root: root) }
            }
            batch.removeAll(keepingCapacity: true)
            batchBytes = 0
            for result in results {
                let (seq, hash, decoded) = try result.get()
                var entry = decoded
                if var checked = entry {
                    try inspect(checked)
                    checked.details = checked.details?.transfer.map { EntryDetails(transfer: $0) }
                    checked.objects = []
                    entry = checked
                }
                entries.append((seq, hash, entry))
            }
        }
        var number = 1
        while true {
            // A line that cannot be read is reported after the lines before it, as if they had been checked one by one.
            let next: [UInt8]?
            do {
                next = try lines.next()
            } catch {
                try flush()
                throw error
            }
            guard let line = next else { break }
            number += 1
            // Blank lines carry nothing (an extract's last line ends with a line feed).
            if line.isEmpty { continue }
            batch.append((number, line))
            batchBytes += line.count
            if batch.count >= batchLines || batchBytes >= batchByteBudget { try flush() }
        }
        try flush()
        return Checked(checkpoint: checkpoint, note: note, signature: signature, entries: entries)
    }

    /// Lines per batch, at most, and bytes per batch, at most (give or take a line): an entry may list a thousand files,
    /// and decoded it weighs several times its bytes.
    static let batchLines = 64
    static let batchByteBudget = 2 << 20

    /// Checks one entry line: its form, its body against its hash (and as canonical JSON), and its inclusion proof
    /// against the signed root of a ledger of `size` entries.
    /// - Returns: the sequence number, hash and, when the body travels, the entry.
    /// - Throws: `ExhibitError.verificationFailed` naming the line (`label`).
    private static func entry(
        _ line: [UInt8], label: String, size: Int, root: MerkleTree.Hash
    ) throws -> (Int, String, LedgerEntry?) {
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
                index: UInt64(seq - 1), size: UInt64(size), leafHash: MerkleTree.leafHash(hashBytes), proof: proof, root: root)
        } catch {
            throw ExhibitError.verificationFailed("\(label): entry \(seq) is not in the signed ledger (\(error))")
        }
        return (seq, hash, entry)
    }
}
