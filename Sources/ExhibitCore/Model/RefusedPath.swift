/// A path offered for registration and refused, with the reason.
public struct RefusedPath: Codable, Sendable, Equatable {
    /// The path as found.
    public var path: String
    /// Why it was not taken in, e.g. `symbolic link (not followed)`.
    public var reason: String

    /// Creates a refusal record.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
}
