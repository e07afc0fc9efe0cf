import Testing

@testable import ExhibitCore

/// `HistoryComparison` decides from attested roots alone: equal roots or a chain of proofs for "consistent", two
/// roots at one size for "split", and nothing else.
struct HistoryComparisonTests {
    typealias Root = HistoryComparison.Root

    static let a = Root(size: 5, root: "aa")
    static let b = Root(size: 11, root: "bb")
    static let c = Root(size: 8, root: "cc")

    @Test func equalCheckpointsAreConsistentWithoutProofs() {
        var comparison = HistoryComparison()
        comparison.addCheckpoint(Self.b, side: .here, description: "ours")
        comparison.addCheckpoint(Self.b, side: .there, description: "theirs")
        #expect(comparison.decide(here: Self.b, there: Self.b) == .consistent(smaller: Self.b, larger: Self.b, proofs: []))
    }

    @Test func aChainOfProofsAcrossBothSidesShowsOneHistory() {
        var comparison = HistoryComparison()
        comparison.addCheckpoint(Self.a, side: .here, description: "ours")
        comparison.addCheckpoint(Self.b, side: .there, description: "theirs")
        comparison.addCheckpoint(Self.c, side: .there, description: "their earlier")
        // Ours (5) → their earlier (8) → theirs (11): two proofs, both carried in their file.
        comparison.addProof(from: Self.a, to: Self.c, side: .there, description: "p1")
        comparison.addProof(from: Self.c, to: Self.b, side: .there, description: "p2")
        guard case .consistent(let smaller, let larger, let proofs) = comparison.decide(here: Self.a, there: Self.b) else {
            Issue.record("not consistent")
            return
        }
        #expect(smaller == Self.a && larger == Self.b && proofs.map(\.description) == ["p1", "p2"])
    }

    @Test func anotherRootAtOneSizeIsASplitViewEvenWhenFixedByAProof() {
        var comparison = HistoryComparison()
        comparison.addCheckpoint(Self.c, side: .here, description: "ours")
        comparison.addCheckpoint(Self.b, side: .there, description: "theirs")
        comparison.addProof(from: Root(size: 8, root: "dd"), to: Self.b, side: .there, description: "p")
        guard case .split(let first, let second) = comparison.decide(here: Self.c, there: Self.b) else {
            Issue.record("not a split view")
            return
        }
        #expect(first.side == .here && first.signed && second.side == .there && !second.signed)
        #expect(second.description.contains("the root at size 8 (dd…) that p fixes"))
    }

    @Test func agreeingOnAPrefixAloneDecidesNothing() {
        var comparison = HistoryComparison()
        comparison.addCheckpoint(Self.b, side: .here, description: "ours")
        comparison.addCheckpoint(Self.c, side: .there, description: "theirs")
        comparison.addProof(from: Self.a, to: Self.b, side: .here, description: "p1")
        comparison.addProof(from: Self.a, to: Self.c, side: .there, description: "p2")
        #expect(comparison.decide(here: Self.b, there: Self.c) == .undecided(agreeAt: [5]))
        // A proof leading the wrong way (from the larger) is not a chain either.
        comparison.addProof(from: Self.c, to: Root(size: 9, root: "ee"), side: .there, description: "p3")
        #expect(comparison.decide(here: Self.b, there: Self.c) == .undecided(agreeAt: [5]))
    }
}
