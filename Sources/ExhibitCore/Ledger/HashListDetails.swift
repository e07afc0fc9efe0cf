/// `hash-list-imported`: a known-image hash list taken into the case store. The ledger records the list's
/// name, how many digests of each kind it holds and the SHA-256 of the file imported — never the digests.
public struct HashListDetails: Codable, Sendable, Equatable {
    /// The name given with `--name`.
    public var name: String
    /// Distinct digests in all, and of each kind.
    public var entries: Int
    public var md5: Int
    public var sha1: Int
    public var sha256: Int
    /// SHA-256 of the file imported.
    public var fileSHA256: String

    /// Creates the details.
    public init(name: String, entries: Int, md5: Int, sha1: Int, sha256: Int, fileSHA256: String) {
        self.name = name
        self.entries = entries
        self.md5 = md5
        self.sha1 = sha1
        self.sha256 = sha256
        self.fileSHA256 = fileSHA256
    }
}

/// `hash-matched`: files of exhibits whose digest is on a known-image hash list (found when the list was
/// imported, or when the file was taken in). Names the file by its exhibit, path and SHA-256, and the list.
public struct HashMatchRecord: Codable, Sendable, Equatable, Hashable {
    /// The exhibit and the file's path in it.
    public var ref: String
    public var file: String
    /// SHA-256 of the file (the object).
    public var sha256: String
    /// The hash list and the category it gives, when it gives one.
    public var list: String
    public var category: String?
    /// Which digest matched: `md5`, `sha1` or `sha256`.
    public var algorithm: String

    /// Creates a match record.
    public init(ref: String, file: String, sha256: String, list: String, category: String?, algorithm: String) {
        self.ref = ref
        self.file = file
        self.sha256 = sha256
        self.list = list
        self.category = category
        self.algorithm = algorithm
    }
}
