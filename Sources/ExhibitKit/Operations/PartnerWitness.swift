import ExhibitCore
import Foundation

extension Partners {
    /// A checkpoint of a partner's ledger witnessed here, as `partners list` shows it and `partners witnessed` exports
    /// it: the sender's signed checkpoint (its exact body and the sender's signature).
    public struct WitnessedCheckpoint: Sendable, Codable, Equatable {
        public var partner: String
        public var origin: String
        public var size: Int
        /// Hex.
        public var root: String
        public var time: String
        /// The checkpoint body the sender signed, and its detached CMS signature (base64 DER).
        public var checkpoint: String
        public var signature: String
        /// The ledger entry here that recorded it, and the bundle that carried it.
        public var entry: Int
        public var bundleID: String
    }

    /// The largest checkpoint of partner `id`'s ledgers witnessed here, if any.
    public static func lastWitnessed(_ store: CaseStore, id: String) throws -> WitnessedCheckpoint? {
        let history = try CaseQueries.history(store, actions: [.witnessed])
        return Witnessing.latest(Witnessing.witnessed(history, partner: id)).map(witnessedCheckpoint)
    }

    static func witnessedCheckpoint(_ witnessed: Witnessing.Witnessed) -> WitnessedCheckpoint {
        let details = witnessed.details
        let body = Checkpoint(
            origin: details.origin, size: details.size, root: Hex.decode(details.root) ?? [], time: details.time
        )
        .body
        return WitnessedCheckpoint(
            partner: details.partner, origin: details.origin, size: details.size, root: details.root, time: details.time,
            checkpoint: body, signature: details.signature, entry: witnessed.sequence, bundleID: details.bundleID)
    }

    /// A consistency proof recorded here with a witnessed checkpoint (as the sender's bundle carried it), as
    /// `partners witnessed` exports it: from `fromSize` entries (root `fromRoot`) to the checkpoint `toSize`/`toRoot`.
    public struct WitnessedProof: Sendable, Codable, Equatable {
        public var fromSize: Int
        /// Hex.
        public var fromRoot: String
        public var toSize: Int
        /// Hex.
        public var toRoot: String
        /// The proof's hashes, hex.
        public var proof: [String]
        /// The ledger entry here that recorded it.
        public var entry: Int
    }

    /// The file `partners witnessed` writes: the last checkpoint of the partner's ledger witnessed here (its fields
    /// at the top level, as earlier releases wrote it alone), the other checkpoints of the same ledger witnessed here,
    /// and the consistency proofs recorded with them, for another partner of the same sender to compare with its own.
    public struct WitnessedFile: Sendable, Codable, Equatable {
        public var latest: WitnessedCheckpoint
        /// The other checkpoints of the same ledger (origin) witnessed here, by size.
        public var earlier: [WitnessedCheckpoint]
        /// The proofs recorded with them (those into `latest` first).
        public var proofs: [WitnessedProof]

        /// At most this many earlier checkpoints and proofs are written, and read.
        static let maxEarlier = 1024
        static let maxProofs = 4096

        private enum CodingKeys: String, CodingKey {
            case earlier, proofs
        }

        /// Creates the file's content.
        public init(latest: WitnessedCheckpoint, earlier: [WitnessedCheckpoint], proofs: [WitnessedProof]) {
            self.latest = latest
            self.earlier = earlier
            self.proofs = proofs
        }

        /// Reads a file; `earlier` and `proofs` are empty in files of earlier releases.
        public init(from decoder: any Decoder) throws {
            latest = try WitnessedCheckpoint(from: decoder)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            earlier = try container.decodeIfPresent([WitnessedCheckpoint].self, forKey: .earlier) ?? []
            proofs = try container.decodeIfPresent([WitnessedProof].self, forKey: .proofs) ?? []
        }

        /// Writes the file: the latest checkpoint's fields, `earlier` and `proofs`.
        public func encode(to encoder: any Encoder) throws {
            try latest.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(earlier, forKey: .earlier)
            try container.encode(proofs, forKey: .proofs)
        }
    }

    /// What `partners witnessed` exports for partner `id`, or nil when nothing was witnessed from it.
    static func witnessedFile(_ store: CaseStore, id: String) throws -> WitnessedFile? {
        let all = Witnessing.witnessed(try CaseQueries.history(store, actions: [.witnessed]), partner: id)
        guard let latest = Witnessing.latest(all) else { return nil }
        let sameLedger = all.filter { $0.details.origin == latest.details.origin }
        let earlier = sameLedger.filter { $0.sequence != latest.sequence }.suffix(WitnessedFile.maxEarlier)
        var proofs: [WitnessedProof] = []
        for witnessed in [latest] + earlier.reversed() {
            for proof in witnessed.details.proofs ?? [] where proofs.count < WitnessedFile.maxProofs {
                proofs.append(
                    WitnessedProof(
                        fromSize: proof.fromSize, fromRoot: proof.fromRoot, toSize: witnessed.details.size,
                        toRoot: witnessed.details.root, proof: proof.proof, entry: witnessed.sequence))
            }
        }
        return WitnessedFile(
            latest: witnessedCheckpoint(latest),
            earlier: earlier.sorted { $0.details.size < $1.details.size }.map(witnessedCheckpoint), proofs: proofs)
    }

    /// `partners witnessed ID --out F`: writes the last checkpoint of partner `id`'s ledger witnessed here, the other
    /// checkpoints of that ledger witnessed here and the consistency proofs recorded with them (JSON, `WitnessedFile`),
    /// for another partner of the same sender to compare with its own (`partners check`).
    /// - Throws: `.badInput` for an unknown partner, nothing witnessed yet, or an output that exists.
    public static func exportWitnessed(_ store: CaseStore, id: String, output: String) throws -> WitnessedFile {
        _ = try find(id, in: store)
        let destination = try OutputPath.file(output, flag: "--out", storeDirectory: store.directory)
        guard let file = try witnessedFile(store, id: id) else {
            throw ExhibitError.badInput("no checkpoint of partner \(id)'s ledger has been witnessed here yet")
        }
        try FileSystem.writeAtomically(try JSONOutput.pretty(file), to: destination, replace: false)
        return file
    }
}
