/// `extracted`: copies of exhibits' files written to a folder outside the store, for someone to open them.
public struct ExtractionDetails: Codable, Sendable, Equatable {
    /// The folder the copies were written to (absolute).
    public var destination: String
    /// How many files were written (besides `manifest-sha256.txt`).
    public var fileCount: Int
    /// The command that extracted: `extract` or `receive`.
    public var command: String

    /// Creates extraction details.
    public init(destination: String, fileCount: Int, command: String) {
        self.destination = destination
        self.fileCount = fileCount
        self.command = command
    }
}
