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
        try Witnessing.latest(Witnessing.witnessed(try CaseQueries.history(store, actions: [.witnessed]), partner: id)).map(
            witnessedCheckpoint)
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

    /// `partners witnessed ID --out F`: writes the last checkpoint of partner `id`'s ledger witnessed here (JSON), for
    /// another partner of the same sender to compare with its own (`partners check`).
    /// - Throws: `.badInput` for an unknown partner, nothing witnessed yet, or an output that exists.
    public static func exportWitnessed(_ store: CaseStore, id: String, output: String) throws -> WitnessedCheckpoint {
        _ = try find(id, in: store)
        let destination = try OutputPath.file(output, flag: "--out", storeDirectory: store.directory)
        guard let last = try lastWitnessed(store, id: id) else {
            throw ExhibitError.badInput("no checkpoint of partner \(id)'s ledger has been witnessed here yet")
        }
        try FileSystem.writeAtomically(try JSONOutput.pretty(last), to: destination, replace: false)
        return last
    }

    /// The outcome of comparing another partner's copy of a sender's checkpoint with ours.
    public struct WitnessComparison: Sendable, Codable, Equatable {
        public var partner: String
        public var size: Int
        public var root: String
        /// The entry here that witnessed the same checkpoint.
        public var entry: Int
    }

    /// `partners check ID F`: checks a copy of partner `id`'s signed checkpoint held by someone else (F, as written by
    /// `partners witnessed`) against the checkpoints witnessed here: the sender's signature, then the root at the same
    /// size. A different root at the same size is a split view: the sender showed two histories.
    /// - Throws: `.verificationFailed` for a bad signature or a split view (naming both checkpoints); `.badInput` for
    ///   a malformed file, an unknown partner, or no checkpoint of that size witnessed here to compare with.
    public static func checkWitnessed(_ store: CaseStore, id: String, path: String) throws -> WitnessComparison {
        let partner = try find(id, in: store)
        guard let data = FileManager.default.contents(atPath: path),
            let theirs = try? JSONDecoder().decode(WitnessedCheckpoint.self, from: data)
        else { throw ExhibitError.badInput("\(path): not a witnessed checkpoint written by exhibit partners witnessed") }
        let checkpoint = try Checkpoint.parse(theirs.checkpoint)
        guard let signature = Data(base64Encoded: theirs.signature) else {
            throw ExhibitError.badInput("\(path): the signature is not base64")
        }
        let signer = try CMSSignature.verify(
            Array(signature), content: .bytes(Array(theirs.checkpoint.utf8)), trust: try trust(for: partner, at: nil),
            source: "\(path)'s checkpoint")
        guard match(signer, among: [partner]) != nil else {
            throw ExhibitError.verificationFailed("\(path): the checkpoint is signed by \(signer.subject), not by partner \(id)")
        }
        let ours = Witnessing.witnessed(
            try CaseQueries.history(store, actions: [.witnessed]), partner: id, origin: checkpoint.origin)
        let rootHex = Hex.encode(checkpoint.root)
        guard let same = ours.last(where: { $0.details.size == checkpoint.size }) else {
            let sizes = ours.map { String($0.details.size) }.joined(separator: ", ")
            throw ExhibitError.badInput(
                "\(path) holds checkpoint \(checkpoint.size) of \(id)'s ledger; the checkpoints witnessed here are of size \(sizes.isEmpty ? "none" : sizes): compare at equal size (the next bundle's consistency proof checks the rest)"
            )
        }
        guard same.details.root == rootHex else {
            throw ExhibitError.verificationFailed(
                "split view: \(path) holds \(id)'s checkpoint \(checkpoint.size) with root \(rootHex.prefix(16))… (signed \(checkpoint.time)), but the checkpoint \(checkpoint.size) witnessed here in ledger entry \(same.sequence) has root \(same.details.root.prefix(16))… (signed \(same.details.time)): \(id) showed two histories"
            )
        }
        return WitnessComparison(partner: id, size: checkpoint.size, root: rootHex, entry: same.sequence)
    }
}
