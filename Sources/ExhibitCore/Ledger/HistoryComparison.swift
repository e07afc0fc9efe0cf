/// Decides whether two holders of a sender's checkpoints were shown the same history of its ledger (a split view is
/// two histories), from what the sender itself attested: checkpoints it signed, and the earlier roots that verified
/// RFC 9162 consistency proofs into them fix (a proof from size m to a signed root n fixes the root of the first m
/// entries of that history, and shows it a prefix). It never concludes "consistent" without equal roots or a chain of
/// verified proofs, and "split" only from two attested roots at one size that differ. The caller verifies every
/// signature and proof before adding it.
package struct HistoryComparison: Sendable {
    /// Which holder attested a root: this store, or the other partner's file.
    package enum Side: Sendable, Equatable {
        case here, there
    }

    /// A root of the ledger at a size (hex).
    package struct Root: Hashable, Sendable {
        package var size: Int
        package var root: String

        /// Creates a root.
        package init(size: Int, root: String) {
            self.size = size
            self.root = root
        }
    }

    /// A root and where it is attested, in words (`checkpoint 12 witnessed here in ledger entry 30 (…)`).
    package struct Attestation: Sendable, Equatable {
        package var root: Root
        package var side: Side
        /// True for a signed checkpoint, false for a root fixed by a proof.
        package var signed: Bool
        package var description: String
    }

    /// A verified consistency proof: `from` is a prefix of `to`.
    package struct Link: Sendable, Equatable {
        package var from: Root
        package var to: Root
        package var side: Side
        package var description: String
    }

    /// What the comparison shows.
    package enum Verdict: Sendable, Equatable {
        /// `smaller` is `larger` or a prefix of it, by `proofs` (empty: the same checkpoint).
        case consistent(smaller: Root, larger: Root, proofs: [Link])
        /// Two attested roots at one size differ.
        case split(Attestation, Attestation)
        /// Nothing attested relates the two; the histories agree at `agreeAt` (sizes attested by both).
        case undecided(agreeAt: [Int])
    }

    private(set) var attestations: [Attestation] = []
    private(set) var links: [Link] = []

    /// An empty comparison.
    package init() {}

    /// Adds a checkpoint the sender signed (its signature verified by the caller).
    package mutating func addCheckpoint(_ root: Root, side: Side, description: String) {
        attestations.append(Attestation(root: root, side: side, signed: true, description: description))
    }

    /// Adds a consistency proof from `from` to the signed checkpoint `to`, verified by the caller.
    package mutating func addProof(from: Root, to: Root, side: Side, description: String) {
        attestations.append(
            Attestation(
                root: from, side: side, signed: false,
                description: "the root at size \(from.size) (\(from.root.prefix(16))…) that \(description) fixes"))
        links.append(Link(from: from, to: to, side: side, description: description))
    }

    /// Compares checkpoint `here` (this store's latest) with `there` (the other partner's).
    package func decide(here: Root, there: Root) -> Verdict {
        if let conflict = conflict() { return .split(conflict.0, conflict.1) }
        if here == there { return .consistent(smaller: here, larger: there, proofs: []) }
        let (smaller, larger) = here.size <= there.size ? (here, there) : (there, here)
        if let path = path(from: smaller, to: larger) { return .consistent(smaller: smaller, larger: larger, proofs: path) }
        let mine = Set(attestations.filter { $0.side == .here }.map(\.root))
        let theirs = Set(attestations.filter { $0.side == .there }.map(\.root))
        return .undecided(agreeAt: Set(mine.intersection(theirs).map(\.size)).sorted())
    }

    /// Two attestations of different roots at one size: across the two sides when there is such a pair, signed ones
    /// first, the smallest size first.
    private func conflict() -> (Attestation, Attestation)? {
        let bySize = Dictionary(grouping: attestations, by: \.root.size)
        var within: (Attestation, Attestation)?
        for size in bySize.keys.sorted() {
            let group = (bySize[size] ?? []).sorted { $0.signed && !$1.signed }
            for first in group {
                for second in group where second.root.root != first.root.root {
                    if first.side == .here && second.side == .there { return (first, second) }
                    if within == nil { within = (first, second) }
                }
            }
        }
        return within
    }

    /// A chain of proofs leading from `start` to `goal` (breadth first: the shortest).
    private func path(from start: Root, to goal: Root) -> [Link]? {
        var previous: [Root: Link] = [:]
        var queue = [start]
        var seen: Set<Root> = [start]
        var index = 0
        while index < queue.count {
            let current = queue[index]
            index += 1
            if current == goal {
                var path: [Link] = []
                var node = goal
                while let link = previous[node] {
                    path.insert(link, at: 0)
                    node = link.from
                }
                return path
            }
            for link in links where link.from == current && !seen.contains(link.to) {
                seen.insert(link.to)
                previous[link.to] = link
                queue.append(link.to)
            }
        }
        return nil
    }
}
