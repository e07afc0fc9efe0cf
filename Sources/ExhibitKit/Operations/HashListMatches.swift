import ExhibitCore
import GRDB

/// The known-image hash lists a store holds, loaded once for lookups: the one question every path that could let
/// content out (export, redaction, preview, review page, report thumbnails, extract) asks before it does.
public struct HashListMatches: Sendable {
    /// A file's digest found on a list.
    public struct Match: Sendable, Equatable, Codable {
        /// The list's name, the category it gives (A, B or C) when it gives one, and the digest kind that matched.
        public var list: String
        public var category: String?
        public var algorithm: String
    }

    private var byDigest: [String: Match] = [:]

    /// The category whose policy treatment applies to content on a list (at most `hash-only`).
    public static let category = "indecent-image"

    /// True when the store holds no hash list.
    public var isEmpty: Bool { byDigest.isEmpty }

    /// Loads every list the store holds (none for a store written before hash lists existed).
    /// - Throws: the database's errors.
    public static func load(_ store: CaseStore) throws -> HashListMatches {
        try store.read { db in try load(db) }
    }

    /// Whether `digests` (a file's MD5, SHA-1 and SHA-256) are on a list of `store`: a convenience for one file.
    /// - Returns: the match, or nil when the content is on no list.
    public static func blocks(_ store: CaseStore, _ digests: FileDigests) throws -> Match? {
        try load(store).blocks(digests)
    }

    /// Loads the lists through an open connection (inside a read or a write).
    static func load(_ db: Database) throws -> HashListMatches {
        var matches = HashListMatches()
        guard try db.tableExists(HashListEntryRow.databaseTableName) else { return matches }
        let rows = try HashListEntryRow.order(Column("list"), Column("algorithm"), Column("digest")).fetchAll(db)
        for row in rows where matches.byDigest[row.digest] == nil {
            matches.byDigest[row.digest] = Match(list: row.list, category: row.category, algorithm: row.algorithm)
        }
        return matches
    }

    /// Only the digests of `file` (a list being imported).
    init(list name: String, file: HashListFile) {
        for entry in file.entries where byDigest[entry.digest] == nil {
            byDigest[entry.digest] = Match(list: name, category: entry.category, algorithm: entry.algorithm.rawValue)
        }
    }

    private init() {}

    /// The match for content with these digests: SHA-256 first, then SHA-1, then MD5; nil when it is on no list.
    public func blocks(_ digests: FileDigests) -> Match? {
        guard !byDigest.isEmpty else { return nil }
        return byDigest[digests.sha256.lowercased()] ?? byDigest[digests.sha1.lowercased()]
            ?? byDigest[digests.md5.lowercased()]
    }
}
