/// A sharing policy as recorded wherever it was applied: its id, version and the SHA-256 of its text.
public struct PolicyReference: Codable, Sendable, Equatable {
    public var id: String
    public var version: String
    public var sha256: String

    /// Creates a reference.
    public init(id: String, version: String, sha256: String) {
        self.id = id
        self.version = version
        self.sha256 = sha256
    }
}
