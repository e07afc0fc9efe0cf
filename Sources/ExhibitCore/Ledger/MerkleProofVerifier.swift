/// Verification of RFC 9162 inclusion and consistency proofs (sections 2.1.3.2 and 2.1.4.2).
///
/// Every hash must be 32 bytes; sizes and indices are checked before any hashing, so garbage,
/// truncated or padded proofs are rejected.
public enum MerkleProofVerifier {
    /// Why a proof was rejected.
    public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
        /// The index is not inside the tree.
        case indexOutOfRange
        /// A size argument is impossible (second smaller than first, or zero where a tree is required).
        case invalidSize
        /// A hash (root, leaf or proof element) is not 32 bytes.
        case malformedHash
        /// The proof has the wrong number of elements for the sizes involved.
        case wrongProofLength
        /// The proof does not lead to the expected root(s).
        case rootMismatch

        public var description: String {
            switch self {
            case .indexOutOfRange: return "leaf index outside the tree"
            case .invalidSize: return "impossible tree sizes"
            case .malformedHash: return "a hash is not 32 bytes"
            case .wrongProofLength: return "the proof has the wrong length"
            case .rootMismatch: return "the proof does not lead to the signed root"
            }
        }
    }

    /// Verifies that `leafHash` is leaf `index` of the tree of `size` leaves with root `root`.
    /// - Throws: `Failure` naming the reason.
    public static func verifyInclusion(
        index: UInt64, size: UInt64, leafHash: MerkleTree.Hash, proof: [MerkleTree.Hash], root: MerkleTree.Hash
    ) throws(Failure) {
        guard index < size else { throw .indexOutOfRange }
        guard leafHash.count == 32, root.count == 32, proof.allSatisfy({ $0.count == 32 }) else { throw .malformedHash }
        guard proof.count == expectedInclusionLength(index: index, size: size) else { throw .wrongProofLength }
        var node = index
        var last = size - 1
        var computed = leafHash
        for sibling in proof {
            guard last != 0 else { throw .wrongProofLength }
            if node & 1 == 1 || node == last {
                computed = MerkleTree.nodeHash(sibling, computed)
                skipLevelsWithoutSibling(&node, &last)
            } else {
                computed = MerkleTree.nodeHash(computed, sibling)
            }
            node >>= 1
            last >>= 1
        }
        guard last == 0, ConstantTime.equal(computed, root) else { throw .rootMismatch }
    }

    /// Verifies that the tree of `size1` leaves with `root1` is a prefix of the tree of `size2` leaves
    /// with `root2`. `size1` must be at least 1: a proof from the empty tree is rejected as meaningless.
    /// - Throws: `Failure` naming the reason.
    public static func verifyConsistency(
        size1: UInt64, size2: UInt64, root1: MerkleTree.Hash, root2: MerkleTree.Hash, proof: [MerkleTree.Hash]
    ) throws(Failure) {
        // A proof from the empty tree proves nothing, so it is never accepted.
        guard size1 > 0, size1 <= size2 else { throw .invalidSize }
        // Equal sizes: the trees are the same exactly when the roots are; nothing else is hashed.
        if size1 == size2 {
            guard proof.isEmpty else { throw .wrongProofLength }
            guard ConstantTime.equal(root1, root2) else { throw .rootMismatch }
            return
        }
        guard !proof.isEmpty else { throw .wrongProofLength }
        guard root1.count == 32, root2.count == 32, proof.allSatisfy({ $0.count == 32 }) else { throw .malformedHash }
        var path = proof
        if size1 & (size1 - 1) == 0 { path.insert(root1, at: 0) }
        var node = size1 - 1
        var last = size2 - 1
        while node & 1 == 1 {
            node >>= 1
            last >>= 1
        }
        var firstRoot = path[0]
        var secondRoot = path[0]
        for element in path.dropFirst() {
            guard last != 0 else { throw .wrongProofLength }
            if node & 1 == 1 || node == last {
                firstRoot = MerkleTree.nodeHash(element, firstRoot)
                secondRoot = MerkleTree.nodeHash(element, secondRoot)
                skipLevelsWithoutSibling(&node, &last)
            } else {
                secondRoot = MerkleTree.nodeHash(secondRoot, element)
            }
            node >>= 1
            last >>= 1
        }
        guard last == 0 else { throw .wrongProofLength }
        guard ConstantTime.equal(firstRoot, root1), ConstantTime.equal(secondRoot, root2) else { throw .rootMismatch }
    }

    /// On the right edge of the tree (a left child with no right sibling), climbs until the node is a right
    /// child or the root: those levels have no sibling in the proof.
    private static func skipLevelsWithoutSibling(_ node: inout UInt64, _ last: inout UInt64) {
        while node & 1 == 0 && node != 0 {
            node >>= 1
            last >>= 1
        }
    }

    /// The length an inclusion proof must have: one sibling per level on the path from the leaf to the root.
    private static func expectedInclusionLength(index: UInt64, size: UInt64) -> Int {
        var length = 0
        var node = index
        var last = size - 1
        while last != 0 {
            if node & 1 == 1 || node != last { length += 1 }
            node >>= 1
            last >>= 1
        }
        return length
    }
}
