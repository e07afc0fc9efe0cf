import ExhibitCore
import Foundation
import GRDB

/// A `timestamp_authority` row: the projection of one `timestamp-authority` entry (the latest is the store's
/// authority; earlier ones stay, as the trust anchors of the tokens they gave).
struct TimestampAuthorityRow: Codable, FetchableRecord, PersistableRecord, Sendable {
    static let databaseTableName = "timestamp_authority"
    var seq: Int
    var url: String
    var certificatePEM: String
    var fingerprint: String

    enum CodingKeys: String, CodingKey {
        case seq, url, fingerprint
        case certificatePEM = "certificate_pem"
    }
}

/// A `checkpoint_token` row: the RFC 3161 token over one checkpoint's stored signature, or the note that one is
/// still wanted. Not a projection of the ledger: a token is self-authenticating (verify checks it against the
/// checkpoint's signature bytes and the authority certificate the ledger recorded), so it is kept beside the
/// checkpoint and can be added after the checkpoint was signed.
struct CheckpointTokenRow: Codable, FetchableRecord, PersistableRecord, Sendable {
    static let databaseTableName = "checkpoint_token"
    /// `waiting` (the authority could not give one yet) or `stamped`.
    var treeSize: Int
    var state: String
    var token: Data?
    /// The fingerprint of the authority certificate asked (and, when stamped, the token's trust anchor).
    var authority: String
    var genTime: String?
    var requestedAt: String

    static let waiting = "waiting"
    static let stamped = "stamped"

    enum CodingKeys: String, CodingKey {
        case state, token, authority
        case treeSize = "tree_size"
        case genTime = "gen_time"
        case requestedAt = "requested_at"
    }
}

/// The store's time-stamp authority and the tokens over its checkpoints.
enum CheckpointTokens {
    /// The store's authority now (the latest `timestamp-authority` entry), or nil when it has none.
    static func authority(_ db: Database) throws -> TimestampAuthorityRow? {
        try TimestampAuthorityRow.order(Column("seq").desc).fetchOne(db)
    }

    /// Records a token (or that one is waiting) for checkpoint `size`, replacing what was recorded for it.
    static func record(_ db: Database, size: Int, outcome: TimestampOutcome, authority: String) throws {
        try CheckpointTokenRow(
            treeSize: size, state: outcome.token == nil ? CheckpointTokenRow.waiting : CheckpointTokenRow.stamped,
            token: outcome.token.map { Data($0.der) }, authority: authority, genTime: outcome.token?.time,
            requestedAt: Timestamp.now()
        ).save(db)
    }
}

/// What asking the authority gave: a token, or the reason there is none (the checkpoint then waits).
public struct TimestampOutcome: Sendable {
    /// The token, when one was had.
    public var token: TimestampToken?
    /// Why there is none (one line, for a warning).
    public var failure: String?

    /// Creates an outcome.
    public init(token: TimestampToken?, failure: String?) {
        self.token = token
        self.failure = failure
    }
}
