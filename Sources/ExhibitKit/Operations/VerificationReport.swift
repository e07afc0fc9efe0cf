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

    /// The checkpoints of this store a partner cosigned (in a receipt imported here) whose cosignature verifies, in
    /// ledger order; with `since`, those of checkpoints after it.
    public var cosigned: [Cosignature] = []

    /// A verified cosignature.
    public struct Cosignature: Sendable, Codable, Equatable {
        /// The checkpoint's size.
        public var size: Int
        /// The partner's id and name, as registered when the receipt was imported.
        public var partner: String
        public var partnerName: String
        /// The fingerprint of the certificate that cosigned.
        public var fingerprint: String
        /// When the partner cosigned (its receipt's time), RFC 3339.
        public var time: String
        /// The `receipt` ledger entry that recorded it.
        public var entry: Int
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
