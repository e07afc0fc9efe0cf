/// RFC 9162 (Certificate Transparency v2) Merkle tree hashing over SHA-256: leaf hash
/// `SHA-256(0x00 || data)`, node hash `SHA-256(0x01 || left || right)`, empty tree `SHA-256("")`.
///
/// Exhibit's custody ledger uses each entry's hash as the leaf data.
public enum MerkleTree {
    /// A 32-byte SHA-256 value.
    public typealias Hash = [UInt8]

    /// The hash of a leaf holding `data`.
    public static func leafHash(_ data: [UInt8]) -> Hash { MessageDigest.sha256([0x00] + data) }

    /// The hash of an interior node.
    public static func nodeHash(_ left: Hash, _ right: Hash) -> Hash {
        var joined = [UInt8](repeating: 0x01, count: 1)
        joined.reserveCapacity(65)
        joined += left
        joined += right
        return MessageDigest.sha256(joined)
    }

    /// The root of the empty tree.
    public static var emptyRoot: Hash { MessageDigest.sha256([UInt8]()) }

    /// The root hash (MTH) of a tree whose leaf hashes are `leaves`.
    public static func root<C: RandomAccessCollection>(_ leaves: C) -> Hash where C.Element == Hash, C.Index == Int {
        var frontier = Frontier()
        for leaf in leaves { frontier.append(leaf) }
        return frontier.root
    }

    /// The inclusion proof (audit path) for leaf `index` in the tree of `leaves` (RFC 9162 2.1.3.1).
    /// - Precondition: `index < leaves.count`.
    public static func inclusionProof(index: Int, leaves: [Hash]) -> [Hash] {
        precondition(index >= 0 && index < leaves.count, "leaf index out of range")
        return path(index, leaves[...])
    }

    /// The consistency proof between the tree of the first `size` leaves and the tree of all `leaves`
    /// (RFC 9162 2.1.4.1). Empty when `size` is 0 or equals the tree size.
    /// - Precondition: `0 <= size <= leaves.count`.
    public static func consistencyProof(from size: Int, leaves: [Hash]) -> [Hash] {
        precondition(size >= 0 && size <= leaves.count, "size out of range")
        guard size > 0, size < leaves.count else { return [] }
        return subproof(size, leaves[...], complete: true)
    }

    private static func largestPowerOfTwo(below count: Int) -> Int {
        var split = 1
        while split << 1 < count { split <<= 1 }
        return split
    }

    private static func path(_ index: Int, _ leaves: ArraySlice<Hash>) -> [Hash] {
        guard leaves.count > 1 else { return [] }
        let split = largestPowerOfTwo(below: leaves.count)
        let start = leaves.startIndex
        let left = leaves[start..<(start + split)]
        let right = leaves[(start + split)...]
        if index < split { return path(index, left) + [root(Array(right))] }
        return path(index - split, right) + [root(Array(left))]
    }

    private static func subproof(_ size: Int, _ leaves: ArraySlice<Hash>, complete: Bool) -> [Hash] {
        if size == leaves.count { return complete ? [] : [root(Array(leaves))] }
        let split = largestPowerOfTwo(below: leaves.count)
        let start = leaves.startIndex
        let left = leaves[start..<(start + split)]
        let right = leaves[(start + split)...]
        if size <= split { return subproof(size, left, complete: complete) + [root(Array(right))] }
        return subproof(size - split, right, complete: false) + [root(Array(left))]
    }
}

extension MerkleTree {
    /// The right edge of a growing tree: the roots of its perfect subtrees, from which the root of every
    /// prefix is computed in O(log n) as leaves are appended.
    public struct Frontier: Sendable {
        private var subtrees: [(size: Int, hash: Hash)] = []
        /// Number of leaves appended.
        public private(set) var size = 0

        /// An empty tree.
        public init() {}

        /// The frontier of a tree of `size` leaves from the roots of its perfect subtrees (largest first), as
        /// `StoredMerkleTree` keeps them: `node(level, index)` is the root of 2^level leaves from `index << level`.
        /// - Throws: what `node` throws.
        package init(size: Int, node: (_ level: Int, _ index: Int) throws -> Hash) throws {
            var start = 0
            for level in stride(from: Int.bitWidth - 2, through: 0, by: -1) where size & (1 << level) != 0 {
                subtrees.append((size: 1 << level, hash: try node(level, start >> level)))
                start += 1 << level
            }
            self.size = size
        }

        /// Appends a leaf hash.
        public mutating func append(_ leaf: Hash) {
            var node = (size: 1, hash: leaf)
            while let last = subtrees.last, last.size == node.size {
                subtrees.removeLast()
                node = (size: last.size * 2, hash: MerkleTree.nodeHash(last.hash, node.hash))
            }
            subtrees.append(node)
            size += 1
        }

        /// The root of the tree so far.
        public var root: Hash {
            guard var accumulated = subtrees.last?.hash else { return MerkleTree.emptyRoot }
            for subtree in subtrees.dropLast().reversed() {
                accumulated = MerkleTree.nodeHash(subtree.hash, accumulated)
            }
            return accumulated
        }
    }
}
