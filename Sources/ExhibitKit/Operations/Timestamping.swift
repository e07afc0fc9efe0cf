import ExhibitCore
import Foundation
import GRDB

/// Independent time for checkpoints (RFC 3161): naming the store's time-stamp authority (`init --tsa`,
/// `timestamp --tsa`, a `timestamp-authority` entry), and asking it for tokens over checkpoints' signatures
/// (`export`, `exhibit timestamp`). The network is used with the writer lock held but outside any database
/// transaction; when the authority cannot be reached or answers badly, the checkpoint is marked waiting and the
/// command still succeeds (`exhibit timestamp` completes it later).
public enum Timestamping {
    /// What `exhibit timestamp` did.
    public struct Result: Sendable, Codable {
        /// One checkpoint stamped.
        public struct Stamp: Sendable, Codable {
            public var size: Int
            public var time: String
            public var serial: String
        }

        /// The authority asked.
        public var authority: String
        public var authoritySubject: String
        /// The `timestamp-authority` entry recorded (with `--tsa`).
        public var entry: Int?
        /// Checkpoints stamped now.
        public var stamped: [Stamp]
        /// Checkpoints still waiting for a token.
        public var waiting: [Int]
        /// Why some are waiting (one line), when the authority failed.
        public var warning: String?
    }

    /// The `timestamp-authority` entry naming `url` and the certificate at `certificatePath`.
    /// - Throws: `.badInput` for a URL that is not http(s) or a file that is not a certificate.
    static func authorityEntry(url: String, certificatePath: String, caseID: String, actor: Actor) throws -> LedgerEntry {
        try TimestampAuthorityClient.requireUsable(url)
        let certificate = try Certificate.load(path: certificatePath)
        return LedgerEntry(
            caseID: caseID, action: .timestampAuthority, actor: actor,
            details: EntryDetails(
                timestampAuthority: TimestampAuthorityDetails(
                    url: url, certificate: certificate.pem, fingerprint: certificate.fingerprint)))
    }

    /// Names the store's time-stamp authority (`init --tsa URL --tsa-cert C`): one `timestamp-authority` entry.
    /// - Returns: the entry.
    /// - Throws: `.badInput` for a URL that is not http(s) or a file that is not a certificate.
    public static func setAuthority(
        url: String, certificatePath: String, store: CaseStore, signer: LedgerSigner, actor: Actor
    ) throws -> LedgerEntry {
        let entry = try authorityEntry(url: url, certificatePath: certificatePath, caseID: store.info.id, actor: actor)
        return try store.write(signer: signer) { writer in try writer.commitOne(entry) }
    }

    /// The client for the store's authority, or nil when it names none.
    /// - Throws: `.verificationFailed` when the recorded certificate cannot be read.
    static func client(_ db: Database) throws -> (client: TimestampAuthorityClient, fingerprint: String)? {
        guard let row = try CheckpointTokens.authority(db) else { return nil }
        let certificate = try Certificate(
            bytes: Array(row.certificatePEM.utf8), source: "the time-stamp authority certificate of entry \(row.seq)")
        return (try TimestampAuthorityClient(url: row.url, certificate: certificate), row.fingerprint)
    }

    /// Asks `client` for a token over `signature`; a failure becomes an outcome without a token.
    static func stamp(_ signature: [UInt8], client: TimestampAuthorityClient) -> TimestampOutcome {
        do {
            return TimestampOutcome(token: try client.stamp(signature), failure: nil)
        } catch {
            return TimestampOutcome(token: nil, failure: error.description)
        }
    }

    /// `exhibit timestamp`: optionally names a new authority, then asks the store's authority for a token over the
    /// latest checkpoint's signature (unless it has one) and over every checkpoint waiting for one. An authority that
    /// cannot be reached leaves them waiting and the command succeeds, with `warning` set.
    /// - Parameters:
    ///   - store: the case store.
    ///   - authority: a new authority's URL and certificate file (`--tsa`, `--tsa-cert`), recorded first.
    ///   - signer: the agency key (signs the checkpoint of a `timestamp-authority` entry).
    ///   - actor: who sets the authority.
    /// - Returns: what was stamped and what still waits.
    /// - Throws: `.badInput` when the store names no authority and none is given.
    public static func run(
        _ store: CaseStore, authority: (url: String, certificatePath: String)?, signer: LedgerSigner, actor: Actor
    ) throws -> Result {
        let newEntry = try authority.map {
            try authorityEntry(url: $0.url, certificatePath: $0.certificatePath, caseID: store.info.id, actor: actor)
        }
        return try store.write(signer: signer) { writer in
            let recorded = try newEntry.map { try writer.commitOne($0) }
            let (found, targets) = try writer.read {
                db -> ((client: TimestampAuthorityClient, fingerprint: String)?, [(Int, [UInt8])]) in
                guard let found = try client(db) else { return (nil, []) }
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT tree_size, signature FROM checkpoint
                        WHERE tree_size IN (SELECT tree_size FROM checkpoint_token WHERE state = 'waiting')
                        OR (tree_size = (SELECT MAX(tree_size) FROM checkpoint)
                            AND tree_size NOT IN (SELECT tree_size FROM checkpoint_token WHERE state = 'stamped'))
                        ORDER BY tree_size
                        """)
                return (found, rows.map { ($0["tree_size"], Array($0["signature"] as Data)) })
            }
            guard let found else {
                throw ExhibitError.badInput("this store names no time-stamp authority: give --tsa URL --tsa-cert CERT")
            }
            var outcomes: [(Int, TimestampOutcome)] = []
            var warning: String?
            for (size, signature) in targets {
                // Once the authority fails, the rest wait too (one timeout, not one per checkpoint).
                let outcome =
                    warning == nil ? stamp(signature, client: found.client) : TimestampOutcome(token: nil, failure: warning)
                if warning == nil, let failure = outcome.failure { warning = failure }
                outcomes.append((size, outcome))
            }
            try writer.writeOutsideLedger { db in
                for (size, outcome) in outcomes {
                    try CheckpointTokens.record(db, size: size, outcome: outcome, authority: found.fingerprint)
                }
            }
            let waiting = try writer.read { db in
                try Int.fetchAll(db, sql: "SELECT tree_size FROM checkpoint_token WHERE state = 'waiting' ORDER BY tree_size")
            }
            return Result(
                authority: found.client.url, authoritySubject: found.client.certificate.subject, entry: recorded?.sequence,
                stamped: outcomes.compactMap { size, outcome in
                    outcome.token.map { Result.Stamp(size: size, time: $0.time, serial: $0.serial) }
                }, waiting: waiting, warning: warning)
        }
    }

    /// A token had (or not) for a checkpoint that is not recorded yet (export's prepared checkpoint).
    struct Prepared {
        var outcome: TimestampOutcome
        var fingerprint: String
        var authorityPEM: String
        var authoritySubject: String

        /// The files a bundle carries: the token and the authority's certificate (none when it waits).
        var files: [(String, [UInt8])] {
            outcome.token.map { BundleTimestamp.files(token: $0, authorityPEM: authorityPEM) } ?? []
        }

        /// Records the token (or that one is waiting) for checkpoint `size`, inside the commit that stores it.
        func record(_ db: Database, size: Int) throws {
            try CheckpointTokens.record(db, size: size, outcome: outcome, authority: fingerprint)
        }
    }

    /// Asks the store's authority for a token over `signature` (outside any transaction), or nil when the store
    /// names no authority.
    /// - Throws: `.verificationFailed` when the recorded authority certificate cannot be read.
    static func prepare(_ writer: StoreWriter, signature: [UInt8]) throws -> Prepared? {
        guard let found = try writer.read({ try client($0) }) else { return nil }
        return Prepared(
            outcome: stamp(signature, client: found.client), fingerprint: found.fingerprint,
            authorityPEM: found.client.certificate.pem, authoritySubject: found.client.certificate.subject)
    }

    /// The stored token of the latest checkpoint, with the certificate of the authority that gave it (for
    /// `exhibit checkpoint --out`), or nil when it has none.
    /// - Throws: the database's errors.
    public static func latestToken(_ store: CaseStore) throws -> (token: [UInt8], authorityPEM: String)? {
        try store.read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT t.token AS token, a.certificate_pem AS pem FROM checkpoint_token t
                        JOIN timestamp_authority a ON a.fingerprint = t.authority
                        WHERE t.state = 'stamped' AND t.tree_size = (SELECT MAX(tree_size) FROM checkpoint)
                        ORDER BY a.seq DESC LIMIT 1
                        """), let token = row["token"] as Data?
            else { return nil }
            return (Array(token), row["pem"])
        }
    }
}
