import ExhibitCore
import Foundation

extension Partners {
    /// The outcome of comparing another partner's copy of a sender's checkpoint with the checkpoints witnessed here.
    public struct WitnessComparison: Sendable, Codable, Equatable {
        /// `consistent`: one history (the smaller checkpoint is the larger or a verified prefix of it); `split`: two
        /// roots the sender attested at one size differ; `undecided`: nothing either side holds relates the two.
        public enum Status: String, Sendable, Codable, Equatable {
            case consistent, split, undecided
        }

        /// A consistency proof that would decide: from `fromSize` to `toSize` entries of the sender's ledger.
        public struct Needed: Sendable, Codable, Equatable {
            public var fromSize: Int
            public var toSize: Int
        }

        public var status: Status
        public var partner: String
        /// The other partner's checkpoint: size and root (hex).
        public var size: Int
        public var root: String
        /// The last checkpoint of the same ledger witnessed here, and the ledger entry that recorded it.
        public var ourSize: Int
        public var entry: Int
        /// The outcome in one sentence.
        public var message: String
        /// Sizes at which both sides hold the same attested root.
        public var agreeAt: [Int]
        /// `consistent`: the consistency proofs that show it, in words (none: the same checkpoint).
        public var proofs: [String]?
        /// `split`: the two attested roots that differ, in words.
        public var conflict: [String]?
        /// `undecided`: the proof that would decide.
        public var needed: Needed?
    }

    /// A file `partners check` reads is at most this large.
    static let maxWitnessedFileBytes = 32 << 20

    /// `partners check ID F`: compares the copy F (written by `partners witnessed` at another partner) of partner
    /// `id`'s signed checkpoint with the checkpoints of the same ledger witnessed here, at any sizes. Every
    /// checkpoint in F must be signed by partner `id` and every proof in F must verify into one of them; the
    /// checkpoints witnessed here and the consistency proofs recorded with them are checked again. Then
    /// (`HistoryComparison`): two roots at one size that differ are a split view; the smaller of F's checkpoint and
    /// the last one witnessed here is consistent with the larger when they are equal or a chain of verified proofs
    /// leads from one to the other; otherwise the comparison is undecided and says which proof would decide.
    /// - Returns: the comparison, whose `status` the caller turns into an exit code.
    /// - Throws: `.badInput` for a malformed or oversized file, an unknown partner, or no checkpoint of that ledger
    ///   witnessed here; `.verificationFailed` for a signature not by partner `id`, a proof in F that does not
    ///   verify, or a proof recorded here that no longer does.
    public static func checkWitnessed(_ store: CaseStore, id: String, path: String) throws -> WitnessComparison {
        let partner = try find(id, in: store)
        let theirs = try readWitnessedFile(path)
        var comparison = HistoryComparison()
        // The partner as registered now, then as each earlier registration or update recorded it: a checkpoint it
        // signed before a key rotation (`partners update --handover`) is checked against the certificate of then.
        let earlier = try CaseQueries.history(store, actions: [.partnerAdded, .partnerUpdated]).reversed().compactMap {
            item -> PartnerRow? in
            guard let details = item.entry.details?.partner, details.id == id else { return nil }
            return row(details, sequence: item.entry.sequence)
        }
        let there = try addTheirs(theirs, partner: [partner] + earlier, path: path, to: &comparison)
        let ours = Witnessing.witnessed(try CaseQueries.history(store, actions: [.witnessed]), partner: id, origin: there.origin)
        guard let latest = Witnessing.latest(ours) else {
            throw ExhibitError.badInput(
                "\(path) holds checkpoint \(there.size) of \(id)'s ledger \(there.origin); no checkpoint of that ledger has been witnessed here to compare it with"
            )
        }
        for witnessed in ours {
            let details = witnessed.details
            let to = HistoryComparison.Root(size: details.size, root: details.root)
            comparison.addCheckpoint(
                to, side: .here,
                description:
                    "checkpoint \(details.size) witnessed here in ledger entry \(witnessed.sequence) (root \(details.root.prefix(16))…, signed \(details.time))"
            )
            for proof in details.proofs ?? [] {
                guard Witnessing.verifies(proof.proof, from: proof.fromSize, proof.fromRoot, to: details.size, details.root)
                else {
                    throw ExhibitError.verificationFailed(
                        "ledger entry \(witnessed.sequence): its consistency proof from \(proof.fromSize) to \(details.size) does not verify; run exhibit verify"
                    )
                }
                comparison.addProof(
                    from: HistoryComparison.Root(size: proof.fromSize, root: proof.fromRoot), to: to, side: .here,
                    description:
                        "the consistency proof into checkpoint \(details.size) received here (ledger entry \(witnessed.sequence))"
                )
            }
        }
        let here = HistoryComparison.Root(size: latest.details.size, root: latest.details.root)
        let thereRoot = HistoryComparison.Root(size: there.size, root: Hex.encode(there.root))
        var result = WitnessComparison(
            status: .consistent, partner: id, size: there.size, root: thereRoot.root, ourSize: here.size,
            entry: latest.sequence, message: "", agreeAt: [])
        let theirsLabel = "\(id)'s checkpoint \(there.size) in \(path)"
        let oursLabel = "checkpoint \(here.size) witnessed here (ledger entry \(latest.sequence))"
        switch comparison.decide(here: here, there: thereRoot) {
        case .consistent(let smaller, _, let proofs):
            result.agreeAt = [smaller.size]
            result.proofs = proofs.map { "from \($0.from.size) to \($0.to.size): \($0.description)" }
            if proofs.isEmpty {
                result.message = "\(theirsLabel) is \(oursLabel)"
            } else {
                let relation =
                    smaller == here ? "\(oursLabel) is a prefix of \(theirsLabel)" : "\(theirsLabel) is a prefix of \(oursLabel)"
                result.message = "\(relation), by \(result.proofs?.joined(separator: "; ") ?? "")"
            }
        case .split(let first, let second):
            result.status = .split
            result.conflict = [first.description, second.description]
            result.message =
                "split view: \(first.description) and \(second.description) differ at size \(first.root.size): \(id) showed two histories"
        case .undecided(let agreeAt):
            result.status = .undecided
            result.agreeAt = agreeAt
            let (from, to) = (min(here.size, there.size), max(here.size, there.size))
            result.needed = WitnessComparison.Needed(fromSize: from, toSize: to)
            let agreeing =
                agreeAt.isEmpty
                ? ""
                : "; the two agree at size\(agreeAt.count == 1 ? "" : "s") \(agreeAt.map(String.init).joined(separator: ", "))"
            result.message =
                "no consistency proof held here or carried in \(path) relates \(theirsLabel) to \(oursLabel)\(agreeing); deciding needs a consistency proof from \(from) to \(to) entries of \(id)'s ledger"
        }
        return result
    }

    /// Reads a file written by `partners witnessed`, refusing one too large or too long to be one.
    private static func readWitnessedFile(_ path: String) throws -> WitnessedFile {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
        guard let size else { throw ExhibitError.badInput("\(path): no such file, or it cannot be read") }
        guard size <= maxWitnessedFileBytes else {
            throw ExhibitError.badInput("\(path) is \(size) bytes: a file written by exhibit partners witnessed is much smaller")
        }
        guard let data = FileManager.default.contents(atPath: path),
            let file = try? JSONDecoder().decode(WitnessedFile.self, from: data)
        else { throw ExhibitError.badInput("\(path): not a witnessed checkpoint written by exhibit partners witnessed") }
        guard file.earlier.count <= WitnessedFile.maxEarlier, file.proofs.count <= WitnessedFile.maxProofs else {
            throw ExhibitError.badInput(
                "\(path) holds more than \(WitnessedFile.maxEarlier) checkpoints or \(WitnessedFile.maxProofs) proofs")
        }
        return file
    }

    /// Adds the other partner's checkpoints (each signature verified against partner `partner` as registered here)
    /// and proofs (each verified into one of them) to `comparison`.
    /// - Returns: the file's main checkpoint.
    private static func addTheirs(
        _ file: WitnessedFile, partner: [PartnerRow], path: String, to comparison: inout HistoryComparison
    ) throws -> Checkpoint {
        let main = try verifiedCheckpoint(file.latest, partner: partner, path: path)
        var signed: Set<HistoryComparison.Root> = []
        for (index, witnessed) in ([file.latest] + file.earlier).enumerated() {
            let checkpoint = index == 0 ? main : try verifiedCheckpoint(witnessed, partner: partner, path: path)
            guard checkpoint.origin == main.origin else {
                throw ExhibitError.badInput("\(path): checkpoint \(checkpoint.size) is of another ledger (\(checkpoint.origin))")
            }
            let root = HistoryComparison.Root(size: checkpoint.size, root: Hex.encode(checkpoint.root))
            signed.insert(root)
            comparison.addCheckpoint(
                root, side: .there,
                description:
                    "checkpoint \(checkpoint.size) in \(path) (root \(root.root.prefix(16))…, signed \(checkpoint.time))")
        }
        for proof in file.proofs {
            let to = HistoryComparison.Root(size: proof.toSize, root: proof.toRoot)
            guard signed.contains(to) else {
                throw ExhibitError.verificationFailed(
                    "\(path): its consistency proof from \(proof.fromSize) leads to checkpoint \(proof.toSize), which the file does not carry signed"
                )
            }
            guard Witnessing.verifies(proof.proof, from: proof.fromSize, proof.fromRoot, to: proof.toSize, proof.toRoot) else {
                throw ExhibitError.verificationFailed(
                    "\(path): its consistency proof from \(proof.fromSize) to \(proof.toSize) does not verify (the file was altered)"
                )
            }
            comparison.addProof(
                from: HistoryComparison.Root(size: proof.fromSize, root: proof.fromRoot), to: to, side: .there,
                description: "the consistency proof into checkpoint \(proof.toSize) carried in \(path)")
        }
        return main
    }

    /// A checkpoint of the file, its signature verified as the partner's under one of its registrations (the
    /// current one first, judged at the checkpoint's time).
    /// - Throws: `.badInput` for a malformed one; `.verificationFailed` for a bad signature or another signer.
    private static func verifiedCheckpoint(_ witnessed: WitnessedCheckpoint, partner registrations: [PartnerRow], path: String)
        throws -> Checkpoint
    {
        guard let checkpoint = try? Checkpoint.parse(witnessed.checkpoint) else {
            throw ExhibitError.badInput("\(path): a checkpoint in it is malformed")
        }
        guard let signature = Data(base64Encoded: witnessed.signature) else {
            throw ExhibitError.badInput("\(path): the signature of checkpoint \(checkpoint.size) is not base64")
        }
        var failure: Error?
        for partner in registrations {
            do {
                let signer = try CMSSignature.verify(
                    Array(signature), content: .bytes(Array(witnessed.checkpoint.utf8)),
                    trust: try trust(for: partner, at: Timestamp.parse(checkpoint.time)),
                    source: "\(path)'s checkpoint \(checkpoint.size)")
                guard match(signer, among: [partner]) != nil else {
                    throw ExhibitError.verificationFailed(
                        "\(path): checkpoint \(checkpoint.size) is signed by \(signer.subject), not by partner \(partner.id)")
                }
                return checkpoint
            } catch {
                failure = failure ?? error
            }
        }
        throw failure ?? ExhibitError.verificationFailed("\(path): checkpoint \(checkpoint.size) has no partner to check it")
    }
}
