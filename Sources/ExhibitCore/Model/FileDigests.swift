/// The size and the three hashes of one file, computed in one read pass.
public struct FileDigests: Sendable, Equatable, Codable {
    /// Size in bytes.
    public var size: Int64
    /// SHA-256, lower-case hex: the object's identity.
    public var sha256: String
    /// SHA-1, lower-case hex (legacy hash sets such as NSRL).
    public var sha1: String
    /// MD5, lower-case hex (CAID / Project VIC hash sets).
    public var md5: String

    /// Creates a digest record.
    public init(size: Int64, sha256: String, sha1: String, md5: String) {
        self.size = size
        self.sha256 = sha256
        self.sha1 = sha1
        self.md5 = md5
    }
}
