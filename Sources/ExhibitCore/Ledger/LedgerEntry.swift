import Foundation

/// One custody ledger entry. Its hash is SHA-256 over its canonical encoding (`canonicalBytes`): JSON
/// with keys in byte order, no insignificant white space, integers only, absent optionals omitted.
/// Entries chain through `previous`; their hashes are the leaves of the case's Merkle tree.
///
/// Versions: 1 (release 0.1.0) has no `tool`; 2 adds `tool`, the software that wrote the entry
/// (`Exhibit 0.2.0`). Both are read; entries already recorded are never rewritten.
public struct LedgerEntry: Codable, Sendable, Equatable {
    /// Encoding version.
    public var version: Int
    /// The case store's identifier (binds the entry to one ledger).
    public var caseID: String
    /// Position in the ledger, from 1.
    public var sequence: Int
    /// When (RFC 3339 UTC, milliseconds).
    public var time: String
    /// What happened.
    public var action: LedgerAction
    /// Who did it.
    public var actor: Actor
    /// Exhibit references concerned.
    public var exhibits: [String]
    /// SHA-256 of the objects concerned.
    public var objects: [String]
    /// Purpose or reason.
    public var reason: String?
    /// Where.
    public var location: String?
    /// Free text.
    public var text: String?
    /// Action-specific details.
    public var details: EntryDetails?
    /// Hash of the previous entry (64 zeros for the first).
    public var previous: String
    /// The software that wrote the entry, with its version (from version 2).
    public var tool: String?

    /// The `previous` value of the first entry.
    public static let genesis = String(repeating: "0", count: 64)

    /// The current encoding version.
    public static let currentVersion = 2

    enum CodingKeys: String, CodingKey {
        case version = "v"
        case caseID = "case"
        case sequence = "seq"
        case time, action, actor, exhibits, objects, reason, location, text, details, tool
        case previous = "prev"
    }

    /// Creates an entry; `sequence` and `previous` are filled in when it is appended.
    public init(
        caseID: String, time: String = Timestamp.now(), action: LedgerAction, actor: Actor, exhibits: [String] = [],
        objects: [String] = [], reason: String? = nil, location: String? = nil, text: String? = nil,
        details: EntryDetails? = nil
    ) {
        self.version = Self.currentVersion
        self.caseID = caseID
        self.sequence = 0
        self.time = time
        self.action = action
        self.actor = actor
        self.exhibits = exhibits
        self.objects = objects
        self.reason = reason
        self.location = location
        self.text = text
        self.details = details
        self.previous = Self.genesis
        self.tool = ExhibitVersion.agent
    }

    /// The canonical encoding that is hashed and stored.
    public func canonicalBytes() throws -> [UInt8] {
        try JSONOutput.compact(self)
    }

    /// Decodes stored bytes, requiring them to be exactly the canonical encoding of what they decode to.
    /// - Throws: `ExhibitError.verificationFailed` when the bytes are not a canonical entry.
    public static func decodeCanonical(_ bytes: [UInt8], sequence: Int) throws -> LedgerEntry {
        let entry = try decode(bytes, sequence: sequence)
        guard try entry.canonicalBytes() == bytes else {
            throw ExhibitError.verificationFailed("ledger entry \(sequence) is not in canonical form: it was altered")
        }
        switch (entry.version, entry.tool) {
        case (1, nil), (2, .some): return entry
        case (1, .some), (2, nil):
            throw ExhibitError.verificationFailed(
                "ledger entry \(sequence) does not have the fields of its version: it was altered")
        default:
            throw ExhibitError.verificationFailed(
                "ledger entry \(sequence) has version \(entry.version), newer than this release reads (1 and 2); use a newer Exhibit"
            )
        }
    }

    /// Decodes stored bytes without checking that they are canonical: for reading one's own ledger where the bytes
    /// travel or are shown as they are (`verify` and every receiver check the canonical form).
    /// - Throws: `.verificationFailed` when the bytes are not an entry.
    public static func decode(_ bytes: [UInt8], sequence: Int) throws -> LedgerEntry {
        do {
            return try JSONDecoder().decode(LedgerEntry.self, from: Data(bytes))
        } catch {
            throw ExhibitError.verificationFailed("ledger entry \(sequence) cannot be read: it was altered or damaged")
        }
    }

    /// SHA-256 of canonical bytes, lower-case hex.
    public static func hash(of canonicalBytes: [UInt8]) -> String { Hex.encode(MessageDigest.sha256(canonicalBytes)) }
}
