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
        /// The other partner's checkpoint.
        public var size: Int
        public var root: String
        /// The entry here that witnessed the checkpoint compared with it (of the same size, or of another size
        /// when consistency proofs link the two).
        public var entry: Int
        /// When the sizes differ: the checkpoint witnessed here, and the tree size the proofs lead both to.
        public var witnessedSize: Int?
        public var provenTo: Int?
    }

    /// A consistency proof as `exhibit prove --from-size N --json` prints it (hex hashes).
    public struct ConsistencyProofFile: Sendable, Codable, Equatable {
        public var fromSize: Int
        public var fromRoot: String
        public var toSize: Int
        public var toRoot: String
        public var proof: [String]
    }

    /// `partners check ID F [--proof P]...`: checks a copy of partner `id`'s signed checkpoint held by someone else (F,
    /// as written by `partners witnessed`) against the checkpoints witnessed here: the sender's signature, then the root
    /// at the same size. A different root at the same size is a split view: the sender showed two histories.
    ///
    /// At different sizes, nothing is said without proof: the sender's consistency proofs (`exhibit prove --from-size N
    /// [--to-size M] --json`, run by the sender) must lead the smaller checkpoint to the larger one itself, or both
    /// checkpoints, each from its own size and root, to one and the same tree. Proofs that verify but start from another root at a
    /// checkpoint's size, or end in different trees, show a split view; a proof that does not verify is refused.
    /// - Throws: `.verificationFailed` for a bad signature, a split view (naming both checkpoints) or a proof that does
    ///   not verify; `.badInput` for a malformed file, an unknown partner, nothing witnessed here, or checkpoints of
    ///   different sizes without the proofs that would decide.
    public static func checkWitnessed(_ store: CaseStore, id: String, path: String, proofs proofPaths: [String] = [])
        throws -> WitnessComparison
    {
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
            let proofs = try proofPaths.map { path -> (String, ConsistencyProofFile) in
                guard let data = FileManager.default.contents(atPath: path),
                    let proof = try? JSONDecoder().decode(ConsistencyProofFile.self, from: data)
                else { throw ExhibitError.badInput("\(path): not a consistency proof written by exhibit prove --json") }
                return (path, proof)
            }
            // The checkpoint witnessed here that the proofs start from, else the one nearest in size.
            let starts = Set(proofs.map(\.1.fromSize))
            guard
                let nearest = ours.last(where: { starts.contains($0.details.size) })
                    ?? ours.min(by: { abs($0.details.size - checkpoint.size) < abs($1.details.size - checkpoint.size) })
            else {
                throw ExhibitError.badInput("no checkpoint of \(id)'s ledger \(checkpoint.origin) has been witnessed here yet")
            }
            let provenTo = try linkBySender(
                theirs: (checkpoint.size, rootHex, path), ours: (nearest.details.size, nearest.details.root, nearest.sequence),
                proofs: proofs, id: id)
            return WitnessComparison(
                partner: id, size: checkpoint.size, root: rootHex, entry: nearest.sequence, witnessedSize: nearest.details.size,
                provenTo: provenTo)
        }
        guard same.details.root == rootHex else {
            throw ExhibitError.verificationFailed(
                "split view: \(path) holds \(id)'s checkpoint \(checkpoint.size) with root \(rootHex.prefix(16))… (signed \(checkpoint.time)), but the checkpoint \(checkpoint.size) witnessed here in ledger entry \(same.sequence) has root \(same.details.root.prefix(16))… (signed \(same.details.time)): \(id) showed two histories"
            )
        }
        return WitnessComparison(
            partner: id, size: checkpoint.size, root: rootHex, entry: same.sequence, witnessedSize: nil, provenTo: nil)
    }

    /// Decides two checkpoints of different sizes from the sender's consistency proofs: each checkpoint must be led,
    /// from its own size and root, to one common tree (or the smaller straight to the larger).
    /// - Returns: the size of the common tree.
    /// - Throws: `.badInput` when the proofs do not cover both checkpoints; `.verificationFailed` for a proof that
    ///   does not verify or for a split view.
    private static func linkBySender(
        theirs: (size: Int, root: String, path: String), ours: (size: Int, root: String, entry: Int),
        proofs: [(path: String, proof: ConsistencyProofFile)], id: String
    ) throws -> Int {
        let (small, large) = theirs.size < ours.size ? (theirs.size, ours.size) : (ours.size, theirs.size)
        let rootAt = [theirs.size: theirs.root, ours.size: ours.root]
        let described =
            "\(theirs.path) holds \(id)'s checkpoint \(theirs.size) (root \(theirs.root.prefix(16))…) and checkpoint \(ours.size) (root \(ours.root.prefix(16))…) was witnessed here in ledger entry \(ours.entry)"
        guard !proofs.isEmpty else {
            throw ExhibitError.badInput(
                "\(described): different sizes need \(id)'s consistency proof to decide. Ask \(id) for exhibit prove --from-size \(small) --to-size \(large) --json and pass it with --proof"
            )
        }
        var leads: [Int: (size: Int, root: String)] = [:]
        for (path, file) in proofs {
            guard let expected = rootAt[file.fromSize] else {
                throw ExhibitError.badInput(
                    "\(path) is a proof from size \(file.fromSize), which is neither \(small) nor \(large)")
            }
            let hashes = file.proof.compactMap(Hex.decode)
            guard let fromRoot = Hex.decode(file.fromRoot), let toRoot = Hex.decode(file.toRoot), hashes.count == file.proof.count
            else { throw ExhibitError.badInput("\(path): a hash in the proof is not hex") }
            do {
                try MerkleProofVerifier.verifyConsistency(
                    size1: UInt64(max(file.fromSize, 0)), size2: UInt64(max(file.toSize, 0)), root1: fromRoot, root2: toRoot,
                    proof: hashes)
            } catch {
                throw ExhibitError.verificationFailed("\(path): the consistency proof does not verify (\(error))")
            }
            guard file.fromRoot.lowercased() == expected else {
                throw ExhibitError.verificationFailed(
                    "split view: \(described), but \(id)'s own ledger had root \(file.fromRoot.prefix(16))… at \(file.fromSize) entries (\(path)): \(id) showed two histories"
                )
            }
            leads[file.fromSize] = (file.toSize, file.toRoot.lowercased())
        }
        // The smaller led straight to the larger checkpoint itself.
        if let direct = leads[small], direct.size == large {
            guard direct.root == rootAt[large] else {
                throw ExhibitError.verificationFailed(
                    "split view: \(described), and \(id)'s proof leads \(small) to another root at \(large) entries: \(id) showed two histories"
                )
            }
            return large
        }
        guard let fromSmall = leads[small], let fromLarge = leads[large] else {
            throw ExhibitError.badInput(
                "\(described): the proofs must lead both checkpoints to one tree (a proof from \(small) and one from \(large), run by \(id) at the same size)"
            )
        }
        guard fromSmall.size == fromLarge.size else {
            throw ExhibitError.badInput(
                "\(described): the proofs end at different sizes (\(fromSmall.size) and \(fromLarge.size)); ask \(id) for both at the same size"
            )
        }
        guard fromSmall.root == fromLarge.root else {
            throw ExhibitError.verificationFailed(
                "split view: \(described), and \(id)'s proofs lead them to two different trees of \(fromSmall.size) entries: \(id) showed two histories"
            )
        }
        return fromSmall.size
    }
}
