/// Where a file registered by `add --expand` came from: the ZIP it was extracted from and its path inside.
public struct ArchiveOrigin: Codable, Sendable, Equatable {
    /// The archive's path within the exhibit.
    public var archive: String
    /// The archive's SHA-256.
    public var archiveSHA256: String
    /// The member's path inside the archive.
    public var member: String

    /// Creates an origin.
    public init(archive: String, archiveSHA256: String, member: String) {
        self.archive = archive
        self.archiveSHA256 = archiveSHA256
        self.member = member
    }
}
