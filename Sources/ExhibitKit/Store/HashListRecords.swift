import GRDB

/// A known-image hash list held by the store (`hash_list`).
struct HashListRow: Codable, FetchableRecord, PersistableRecord, Sendable, Equatable {
    static let databaseTableName = "hash_list"
    var name: String
    var fileSHA256: String
    var entries: Int
    var importedSeq: Int

    enum CodingKeys: String, CodingKey {
        case name, entries
        case fileSHA256 = "file_sha256"
        case importedSeq = "imported_seq"
    }
}

/// One digest of a hash list (`hash_list_entry`).
struct HashListEntryRow: Codable, FetchableRecord, PersistableRecord, Sendable, Equatable {
    static let databaseTableName = "hash_list_entry"
    var list: String
    var algorithm: String
    var digest: String
    var category: String?
}
