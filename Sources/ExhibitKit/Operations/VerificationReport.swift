import ExhibitCore

/// The outcome of `exhibit verify`: each check with its verdict, and every problem found, named.
public struct VerificationReport: Sendable, Codable, Equatable {
    /// One check and its verdict.
    public struct Check: Sendable, Codable, Equatable {
        /// What was checked, e.g. `ledger chain`.
        public var name: String
        /// True when nothing was wrong.
        public var passed: Bool
        /// A short account: counts, or the first problem.
        public var detail: String
    }

    /// The checks, in the order they ran.
    public var checks: [Check] = []
    /// Every problem found; empty when the store verifies.
    public var problems: [String] = []
    /// Things worth knowing that do not fail verification (an interrupted command's leftovers).
    public var warnings: [String] = []
    /// Ledger entries checked.
    public var entries = 0
    /// Objects re-hashed and bytes read.
    public var objects = 0
    public var bytes: Int64 = 0
    /// Objects absent because a recorded destruction erased them.
    public var destroyed = 0
    /// The latest signed checkpoint's size, root (hex) and signer fingerprint.
    public var checkpointSize: Int?
    public var checkpointRoot: String?
    public var signerFingerprint: String?
    /// The certificates that signed the ledger's checkpoints, in turn: the one the case was opened with, then each
    /// one a verified `key-rotated` entry handed the case over to.
    public var signers: [Signer] = []

    /// A certificate that signs the ledger from entry `fromEntry` on.
    public struct Signer: Sendable, Codable, Equatable {
        public var fingerprint: String
        public var subject: String
        public var fromEntry: Int
    }

    /// This store's checkpoints cosigned by partners (from their imported receipts), each checked again.
    public var cosigned: [Cosigned] = []

    /// A checkpoint of this store cosigned by a partner: its size, the partner, the certificate that cosigned, and
    /// when the receipt carrying it was recorded.
    public struct Cosigned: Sendable, Codable, Equatable {
        public var size: Int
        public var partner: String
        public var partnerName: String
        public var fingerprint: String
        public var time: String
    }

    /// The RFC 3161 tokens over checkpoints (absent when the store never named a time-stamp authority).
    public var timestamps: Timestamps?

    /// Checkpoints timestamped and waiting, and the latest token's checkpoint, authority and time.
    public struct Timestamps: Sendable, Codable, Equatable {
        public var stamped: Int
        public var waiting: Int
        public var latestSize: Int?
        public var latestAuthority: String?
        public var latestTime: String?
    }

    /// True when every check passed.
    public var passed: Bool { problems.isEmpty }

    /// Records a check from the problems it found.
    mutating func record(_ name: String, problems found: [String], ok detail: String) {
        checks.append(
            Check(name: name, passed: found.isEmpty, detail: found.isEmpty ? detail : "\(found.count) problem(s): \(found[0])"))
        problems += found
    }
}
