/// RFC 9162 roots and proofs computed from the nodes of a tree's perfect subtrees, wherever they are kept (the
/// case database keeps every one: see `MerkleNodes` in the store). Every subtree the RFC's recursion asks for
/// is either a perfect subtree, aligned to its size, or the right edge of one, so each answer needs O(log n)
/// nodes (O(log² n) at worst for a consistency proof) and no leaf array in memory.
package struct StoredMerkleTree {
    /// The root of the perfect subtree of 2^`level` leaves starting at leaf `index << level`.
    package typealias Node = (_ level: Int, _ index: Int) throws -> MerkleTree.Hash

    /// The number of leaves.
    package let size: Int
    private let node: Node

    /// A tree of `size` leaves whose perfect-subtree roots `node` gives.
    package init(size: Int, node: @escaping Node) {
        self.size = size
        self.node = node
    }

    /// The frontier of the whole tree, to append leaves to without storing them.
    /// - Throws: what `node` throws.
    package func frontier() throws -> MerkleTree.Frontier {
        try MerkleTree.Frontier(size: size, node: node)
    }

    /// The root (MTH) of the whole tree.
    /// - Throws: what `node` throws.
    package func root() throws -> MerkleTree.Hash {
        size == 0 ? MerkleTree.emptyRoot : try hash(from: 0, count: size)
    }

    /// The root of the tree of the first `count` leaves.
    /// - Throws: what `node` throws.
    package func root(ofFirst count: Int) throws -> MerkleTree.Hash {
        count == 0 ? MerkleTree.emptyRoot : try hash(from: 0, count: count)
    }

    /// The inclusion proof for leaf `index` (RFC 9162 2.1.3.1).
    /// - Throws: `.badInput` for an index outside the tree; what `node` throws.
    package func inclusionProof(index: Int) throws -> [MerkleTree.Hash] {
        guard index >= 0, index < size else { throw ExhibitError.badInput("leaf \(index) is not in a tree of \(size)") }
        return try path(index, from: 0, count: size)
    }

    /// The consistency proof from the tree of the first `old` leaves to the whole tree (RFC 9162 2.1.4.1); empty
    /// when `old` is 0 or the tree's size.
    /// - Throws: `.badInput` for a size outside the tree; what `node` throws.
    package func consistencyProof(from old: Int) throws -> [MerkleTree.Hash] {
        guard old >= 0, old <= size else { throw ExhibitError.badInput("size \(old) is not within a tree of \(size)") }
        guard old > 0, old < size else { return [] }
        return try subproof(old, from: 0, count: size, complete: true)
    }

    /// MTH of the `count` leaves starting at `start`, where `start` is a multiple of the largest power of two not
    /// above `count` (true of every subtree the recursion of RFC 9162 visits).
    private func hash(from start: Int, count: Int) throws -> MerkleTree.Hash {
        if count & (count - 1) == 0 {
            return try node(count.trailingZeroBitCount, start >> count.trailingZeroBitCount)
        }
        let split = Self.largestPowerOfTwo(below: count)
        return MerkleTree.nodeHash(try hash(from: start, count: split), try hash(from: start + split, count: count - split))
    }

    private func path(_ index: Int, from start: Int, count: Int) throws -> [MerkleTree.Hash] {
        guard count > 1 else { return [] }
        let split = Self.largestPowerOfTwo(below: count)
        if index < split {
            return try path(index, from: start, count: split) + [hash(from: start + split, count: count - split)]
        }
        return try path(index - split, from: start + split, count: count - split) + [hash(from: start, count: split)]
    }

    private func subproof(_ old: Int, from start: Int, count: Int, complete: Bool) throws -> [MerkleTree.Hash] {
        if old == count { return complete ? [] : [try hash(from: start, count: count)] }
        let split = Self.largestPowerOfTwo(below: count)
        if old <= split {
            return try subproof(old, from: start, count: split, complete: complete)
                + [hash(from: start + split, count: count - split)]
        }
        return try subproof(old - split, from: start + split, count: count - split, complete: false)
            + [hash(from: start, count: split)]
    }

    private static func largestPowerOfTwo(below count: Int) -> Int {
        var split = 1
        while split << 1 < count { split <<= 1 }
        return split
    }

    /// The perfect-subtree nodes a new leaf completes: the leaf itself at level 0, then each parent whose right
    /// child it completes, as (level, index, hash), given the left siblings already kept.
    /// - Parameters:
    ///   - leaf: the new leaf's hash.
    ///   - index: its position (the tree's size before it).
    ///   - node: the kept nodes (only left siblings are asked for).
    /// - Returns: the nodes to keep.
    /// - Throws: what `node` throws.
    package static func nodes(adding leaf: MerkleTree.Hash, at index: Int, node: Node) throws -> [(
        level: Int, index: Int, hash: MerkleTree.Hash
    )] {
        var result = [(level: 0, index: index, hash: leaf)]
        var level = 0
        var position = index
        var hash = leaf
        while position & 1 == 1 {
            hash = MerkleTree.nodeHash(try node(level, position - 1), hash)
            level += 1
            position >>= 1
            result.append((level: level, index: position, hash: hash))
        }
        return result
    }
}
