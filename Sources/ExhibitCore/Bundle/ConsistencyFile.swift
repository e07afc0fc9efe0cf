import Foundation

/// `exhibit/consistency.json` of a bundle: RFC 9162 consistency proofs from the checkpoints of the sender's ledger
/// that the recipient may have witnessed (the last one it cosigned, and each sent to it since) to the checkpoint
/// the bundle's custody extract carries, so that the recipient can check the ledger only grew.
package struct ConsistencyFile: Codable, Sendable, Equatable {
    /// Its path in the inner bag.
    package static let path = "exhibit/consistency.json"

    /// One proof: from an earlier size and root to the extract's checkpoint. The same record a `witnessed` entry
    /// keeps of each proof that verified.
    package typealias Proof = WitnessDetails.Proof

    /// The checkpoint proven to: its size and root (hex), as in the custody extract.
    package var toSize: Int
    package var toRoot: String
    package var proofs: [Proof]

    /// Creates the file's content.
    package init(toSize: Int, toRoot: String, proofs: [Proof]) {
        self.toSize = toSize
        self.toRoot = toRoot
        self.proofs = proofs
    }
}

extension CustodyExtract {
    /// The signed checkpoint an extract starts with (its note and DER signature), unchecked: `check` verifies it.
    /// - Parameter bytes: the extract, or its first line.
    /// - Returns: the note and its signature.
    /// - Throws: `.verificationFailed` when the first line is not a signed checkpoint.
    package static func signedCheckpoint(_ bytes: [UInt8]) throws -> (note: String, signature: [UInt8]) {
        let first = bytes.split(separator: 0x0A).first.map { Array($0) } ?? []
        guard let head = try? JSONDecoder().decode(Line.self, from: Data(first)), head.type == "checkpoint",
            let note = head.note, let text = head.signature, let signature = Data(base64Encoded: text)
        else { throw ExhibitError.verificationFailed("exhibit/custody.jsonl does not start with a signed checkpoint") }
        return (note, Array(signature))
    }
}
