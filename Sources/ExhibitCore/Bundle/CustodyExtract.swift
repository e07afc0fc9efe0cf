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
        package var entries: [(seq: Int, hash: String, entry: LedgerEntry?)]
    }

    /// One recorded ledger entry as the extract needs it.
    package struct Recorded {
        package var seq: Int
        var hash: String
        /// The entry's exact canonical JSON.
        package var body: String
        package var entry: LedgerEntry
        /// Creates a value from every stored property.
        package init(seq: Int, hash: String, body: String, entry: LedgerEntry) {
            self.seq = seq
            self.hash = hash
            self.body = body
            self.entry = entry
        }
    }

    /// Builds the extract: the checkpoint line, then one line per entry of `entries`, each with its inclusion proof in
    /// the ledger the checkpoint covers, and its body only where `travels` says so (hash and proof otherwise).
    /// - Parameters:
    ///   - entries: the entries that go in the extract, in order.
    ///   - checkpoint: the signed checkpoint note over the whole ledger and its DER signature.
    ///   - certificatePEM: the signer's certificate.
    ///   - proof: the inclusion proof of the leaf at an index (a sequence number less one) in that ledger.
    ///   - travels: whether an entry's body travels.
    /// - Returns: the extract's bytes (JSON lines).
    /// - Throws: `.verificationFailed` when the checkpoint is malformed or does not cover the entries; what `proof`
    ///   throws.
    package static func build(
        entries: [Recorded], checkpoint: (note: String, signature: [UInt8]), certificatePEM: String,
        proof: (Int) throws -> [MerkleTree.Hash], travels: (Recorded) -> Bool
    ) throws -> [UInt8] {
        guard let parsed = try? Checkpoint.parse(checkpoint.note), entries.allSatisfy({ $0.seq >= 1 && $0.seq <= parsed.size })
        else {
            throw ExhibitError.verificationFailed("the ledger's latest checkpoint does not cover it; run exhibit verify")
        }
        var output = try JSONOutput.compact(
            Line(
                type: "checkpoint", note: checkpoint.note, signature: Data(checkpoint.signature).base64EncodedString(),
                certificate: certificatePEM))
        output.append(0x0A)
        for recorded in entries {
            let proof = try proof(recorded.seq - 1).map(Hex.encode)
            output += try JSONOutput.compact(
                Line(
                    type: "entry", seq: recorded.seq, hash: recorded.hash, proof: proof,
                    body: travels(recorded) ? recorded.body : nil))
            output.append(0x0A)
        }
        return output
    }

    /// Checks an extract: the checkpoint's signature by `signer`, each entry's hash against its body, and each
    /// inclusion proof against the signed root.
    /// - Throws: `ExhibitError.verificationFailed` naming the line at fault.
    package static func check(_ bytes: [UInt8], signer: TrustPolicy, signerFingerprint: String) throws -> Checked {
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
