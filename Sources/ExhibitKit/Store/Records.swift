import ExhibitCore
import Foundation
import GRDB

/// The `case_info` row: one per store.
struct CaseInfoRecord: Codable, FetchableRecord, PersistableRecord, Sendable {
    static let databaseTableName = "case_info"
    var id: String
    var caseRef: String
    var incident: String?
    var operation: String?
    var agency: String
    var oic: String
    var keyPath: String
    var certificatePEM: String
    var certificateFingerprint: String
    var createdAt: String

    enum CodingKeys: String, CodingKey {
        case id, incident, operation, agency, oic
        case caseRef = "case_ref"
        case keyPath = "key_path"
        case certificatePEM = "certificate_pem"
        case certificateFingerprint = "certificate_fingerprint"
        case createdAt = "created_at"
    }
}

/// A `ledger` row: the canonical entry bytes and their hash.
struct LedgerRow: Codable, FetchableRecord, PersistableRecord, Sendable {
    static let databaseTableName = "ledger"
    var seq: Int
    var entryHash: String
    var body: String

    enum CodingKeys: String, CodingKey {
        case seq, body
        case entryHash = "entry_hash"
    }
}

/// A `checkpoint` row.
struct CheckpointRow: Codable, FetchableRecord, PersistableRecord, Sendable {
    static let databaseTableName = "checkpoint"
    var treeSize: Int
    var note: String
    var signature: Data

    enum CodingKeys: String, CodingKey {
        case note, signature
        case treeSize = "tree_size"
    }
}

/// An `object` row: content held in the object store.
struct ObjectRow: Codable, FetchableRecord, PersistableRecord, Sendable, Equatable {
    static let databaseTableName = "object"
    var sha256: String
    var size: Int64
    var sha1: String
    var md5: String
    var storedSeq: Int

    enum CodingKeys: String, CodingKey {
        case sha256, size, sha1, md5
        case storedSeq = "stored_seq"
    }

    /// The object's size and hashes.
    var digests: FileDigests { FileDigests(size: size, sha256: sha256, sha1: sha1, md5: md5) }
}

/// An `exhibit` row: an exhibit's registration and current custody.
struct ExhibitRow: Codable, FetchableRecord, PersistableRecord, Sendable, Equatable {
    static let databaseTableName = "exhibit"
    var ref: String
    var description: String
    var category: String?
    var seizedBy: String
    var seizedFrom: String
    var seizedAt: String?
    var registeredSeq: Int
    var registeredAt: String
    var custodian: String
    var location: String?

    enum CodingKeys: String, CodingKey {
        case ref, description, category, custodian, location
        case seizedBy = "seized_by"
        case seizedFrom = "seized_from"
        case seizedAt = "seized_at"
        case registeredSeq = "registered_seq"
        case registeredAt = "registered_at"
    }
}

/// An `exhibit_file` row: one file of an exhibit.
struct ExhibitFileRow: Codable, FetchableRecord, PersistableRecord, Sendable, Equatable {
    static let databaseTableName = "exhibit_file"
    var exhibitRef: String
    var position: Int
    var name: String
    var path: String
    var sha256: String
    var modifiedAt: String
    var mime: String

    enum CodingKeys: String, CodingKey {
        case name, path, sha256, mime, position
        case exhibitRef = "exhibit_ref"
        case modifiedAt = "modified_at"
    }
}

/// A `pending_object` row: an object being placed by a command that has not committed yet (claims are kept in the
/// order made; an object claimed twice has two). A command that dies leaves it behind; the next writer removes the
/// object unless a committed row refers to it.
struct PendingObjectRow: Codable, FetchableRecord, PersistableRecord, Sendable {
    static let databaseTableName = "pending_object"
    var sha256: String
    var claimedAt: String

    enum CodingKeys: String, CodingKey {
        case sha256
        case claimedAt = "claimed_at"
    }
}

/// A `pending_output` row: an output a writing command is preparing beside its destination.
struct PendingOutputRow: Codable, FetchableRecord, PersistableRecord, Sendable, Equatable {
    static let databaseTableName = "pending_output"
    var destination: String
    var temporary: String
    var kind: String
    var claimedAt: String
    var committedSeq: Int?

    enum CodingKeys: String, CodingKey {
        case destination, temporary, kind
        case claimedAt = "claimed_at"
        case committedSeq = "committed_seq"
    }
}

/// A `party` row: one of the case's people.
struct PartyRow: Codable, FetchableRecord, PersistableRecord, Sendable, Equatable {
    static let databaseTableName = "party"
    var position: Int
    var name: String
    var role: String
    var aliases: String
    var dob: String?
    var address: String?
    var phone: String?
    var email: String?
    var addedSeq: Int

    enum CodingKeys: String, CodingKey {
        case position, name, role, aliases, dob, address, phone, email
        case addedSeq = "added_seq"
    }

    /// The party as recorded (an unknown role reads as `other`).
    var details: PartyDetails {
        PartyDetails(
            name: name, role: PartyRole(rawValue: role) ?? .other, aliases: aliases.split(separator: "\n").map(String.init),
            dob: dob, address: address, phone: phone, email: email)
    }
}

/// A `mark` row: a region of an image to burn in.
struct MarkRow: Codable, FetchableRecord, PersistableRecord, Sendable, Equatable {
    static let databaseTableName = "mark"
    var seq: Int
    var exhibitRef: String
    var file: String
    var sha256: String
    var x: Int
    var y: Int
    var width: Int
    var height: Int
    var reason: String

    enum CodingKeys: String, CodingKey {
        case seq, file, sha256, x, y, width, height, reason
        case exhibitRef = "exhibit_ref"
    }
}

/// A `derivation` row: a derived (redacted) object and where it came from.
struct DerivationRow: Codable, FetchableRecord, PersistableRecord, Sendable, Equatable {
    static let databaseTableName = "derivation"
    var derived: String
    var source: String
    var exhibitRef: String
    var file: String
    var policyID: String
    var policyVersion: String
    var policySHA256: String
    var rules: String
    var seq: Int

    enum CodingKeys: String, CodingKey {
        case derived, source, file, rules, seq
        case exhibitRef = "exhibit_ref"
        case policyID = "policy_id"
        case policyVersion = "policy_version"
        case policySHA256 = "policy_sha256"
    }
}

/// A `partner` row: an agency this case may share with and accept bundles from.
struct PartnerRow: Codable, FetchableRecord, PersistableRecord, Sendable, Equatable {
    static let databaseTableName = "partner"
    var id: String
    var name: String
    var certificatePEM: String
    var fingerprint: String
    var caPEM: String?
    var crlPEM: String?
    var addedSeq: Int

    enum CodingKeys: String, CodingKey {
        case id, name, fingerprint
        case certificatePEM = "certificate_pem"
        case caPEM = "ca_pem"
        case crlPEM = "crl_pem"
        case addedSeq = "added_seq"
    }
}
