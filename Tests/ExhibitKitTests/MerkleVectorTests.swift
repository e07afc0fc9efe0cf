import Foundation
import Testing

@testable import ExhibitCore
@testable import ExhibitKit

/// RFC 9162 proof vectors from transparency-dev/merkle (Tests/ExhibitKitTests/Fixtures/merkle).
struct MerkleVectorTests {
    struct InclusionCase: Decodable {
        let leafIdx: UInt64
        let treeSize: UInt64
        let root: String?
        let leafHash: String?
        let proof: [String]?
        let desc: String
        let wantErr: Bool
    }

    struct ConsistencyCase: Decodable {
        let size1: UInt64
        let size2: UInt64
        let root1: String?
        let root2: String?
        let proof: [String]?
        let desc: String
        let wantErr: Bool
    }

    static func fixtureFiles(_ folder: String) -> [URL] {
        guard let base = Bundle.module.url(forResource: "Fixtures/merkle/\(folder)", withExtension: nil),
            let names = try? FileManager.default.contentsOfDirectory(atPath: base.path)
        else { return [] }
        return names.filter { $0.hasSuffix(".json") }.sorted().map { base.appendingPathComponent($0) }
    }

    static func bytes(_ base64: String?) -> [UInt8] {
        guard let base64, let data = Data(base64Encoded: base64) else { return [] }
        return Array(data)
    }

    @Test func allVectorFilesArePresent() {
        #expect(Self.fixtureFiles("inclusion").count == 98)
        #expect(Self.fixtureFiles("consistency").count == 98)
    }

    @Test(arguments: fixtureFiles("inclusion"))
    func inclusionVector(_ file: URL) throws {
        let vector = try JSONDecoder().decode(InclusionCase.self, from: Data(contentsOf: file))
        let proof = (vector.proof ?? []).map(Self.bytes)
        var accepted = true
        do {
            try MerkleProofVerifier.verifyInclusion(
                index: vector.leafIdx, size: vector.treeSize,
                leafHash: Self.bytes(vector.leafHash), proof: proof, root: Self.bytes(vector.root))
        } catch {
            accepted = false
        }
        #expect(accepted == !vector.wantErr, "\(file.lastPathComponent): \(vector.desc)")
    }

    @Test(arguments: fixtureFiles("consistency"))
    func consistencyVector(_ file: URL) throws {
        let vector = try JSONDecoder().decode(ConsistencyCase.self, from: Data(contentsOf: file))
        let proof = (vector.proof ?? []).map(Self.bytes)
        var accepted = true
        do {
            try MerkleProofVerifier.verifyConsistency(
                size1: vector.size1, size2: vector.size2,
                root1: Self.bytes(vector.root1), root2: Self.bytes(vector.root2), proof: proof)
        } catch {
            accepted = false
        }
        #expect(accepted == !vector.wantErr, "\(file.lastPathComponent): \(vector.desc)")
    }

    /// The RFC 6962 reference tree: leaves are the eight test inputs; its root is published.
    static let referenceLeaves: [[UInt8]] = [
        "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f",
    ].map { Hex.decode($0) ?? [] }

    @Test func referenceTreeRoot() {
        let leaves = Self.referenceLeaves.map(MerkleTree.leafHash)
        #expect(Hex.encode(MerkleTree.root(leaves)) == "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328")
    }

    /// Proofs generated here verify for every index and every pair of sizes up to 40 leaves, and a
    /// proof against the wrong root or with a flipped bit does not.
    @Test func generatedProofsRoundTrip() throws {
        let leaves = (0..<40).map { MerkleTree.leafHash(Array("entry \($0)".utf8)) }
        for size in 1...leaves.count {
            let tree = Array(leaves.prefix(size))
            let root = MerkleTree.root(tree)
            for index in 0..<size {
                let proof = MerkleTree.inclusionProof(index: index, leaves: tree)
                try MerkleProofVerifier.verifyInclusion(
                    index: UInt64(index), size: UInt64(size), leafHash: tree[index], proof: proof, root: root)
                if var first = proof.first {
                    first[0] ^= 1
                    #expect(throws: MerkleProofVerifier.Failure.rootMismatch) {
                        try MerkleProofVerifier.verifyInclusion(
                            index: UInt64(index), size: UInt64(size), leafHash: tree[index],
                            proof: [first] + proof.dropFirst(), root: root)
                    }
                }
            }
            for earlier in 1...size {
                let proof = MerkleTree.consistencyProof(from: earlier, leaves: tree)
                try MerkleProofVerifier.verifyConsistency(
                    size1: UInt64(earlier), size2: UInt64(size), root1: MerkleTree.root(Array(tree.prefix(earlier))),
                    root2: root, proof: proof)
            }
        }
    }

    @Test func frontierMatchesRootOfEveryPrefix() {
        let leaves = (0..<100).map { MerkleTree.leafHash([UInt8($0)]) }
        var frontier = MerkleTree.Frontier()
        #expect(frontier.root == MerkleTree.emptyRoot)
        for (count, leaf) in leaves.enumerated() {
            frontier.append(leaf)
            #expect(frontier.root == MerkleTree.root(Array(leaves.prefix(count + 1))))
        }
    }
}
