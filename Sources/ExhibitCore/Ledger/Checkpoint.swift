import Foundation

/// A checkpoint of the custody ledger in the C2SP tlog-checkpoint body format: origin line, tree size,
/// base64 root hash, then one extension line with the signing time. The body is signed with a detached
/// CMS signature by the agency key.
public struct Checkpoint: Sendable, Equatable {
    /// Identifies the ledger: `exhibit.case/<case id>`.
    public var origin: String
    /// Number of entries covered.
    public var size: Int
    /// Merkle root of the first `size` entries.
    public var root: [UInt8]
    /// When it was signed (RFC 3339 UTC).
    public var time: String

    /// Creates a checkpoint.
    public init(origin: String, size: Int, root: [UInt8], time: String) {
        self.origin = origin
        self.size = size
        self.root = root
        self.time = time
    }

    /// The origin line for a case.
    public static func origin(caseID: String) -> String { "exhibit.case/\(caseID)" }

    /// The exact bytes that are signed.
    public var body: String { "\(origin)\n\(size)\n\(Data(root).base64EncodedString())\ntime \(time)\n" }

    /// Parses a checkpoint body.
    /// - Throws: `ExhibitError.verificationFailed` when it is malformed.
    public static func parse(_ body: String) throws -> Checkpoint {
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count == 5, lines[4].isEmpty, let size = Int(lines[1]), size >= 0,
            let root = Data(base64Encoded: lines[2]), root.count == 32, lines[3].hasPrefix("time "),
            Timestamp.parse(String(lines[3].dropFirst(5))) != nil
        else { throw ExhibitError.verificationFailed("a checkpoint is malformed") }
        return Checkpoint(origin: lines[0], size: size, root: Array(root), time: String(lines[3].dropFirst(5)))
    }
}

/// A checkpoint with its CMS signature.
public struct SignedCheckpoint: Sendable, Equatable {
    /// The checkpoint.
    public var checkpoint: Checkpoint
    /// Detached CMS SignedData (DER) over `checkpoint.body`.
    public var signature: [UInt8]

    /// Creates a signed checkpoint.
    public init(checkpoint: Checkpoint, signature: [UInt8]) {
        self.checkpoint = checkpoint
        self.signature = signature
    }
}
