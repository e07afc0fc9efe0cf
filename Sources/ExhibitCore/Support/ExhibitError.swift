/// The error every Exhibit operation throws: a category that fixes the process exit code, and one
/// line a user can act on (lower case, no full stop, naming the file and the problem).
public struct ExhibitError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What went wrong, which decides the documented exit code.
    public enum Category: Sendable, Equatable {
        /// Tampering, missing data, a bad signature or a failed check: exit code 1.
        case verificationFailed
        /// Bad usage or bad input (missing file, malformed policy, contradictory flags): exit code 2.
        case badInput
        /// The environment: missing key, wrong passphrase, permissions, disk: exit code 3.
        case environment
    }

    /// The category of the failure.
    public let category: Category
    /// One line for the user.
    public let message: String

    /// Creates an error of a category with a message.
    public init(_ category: Category, _ message: String) {
        self.category = category
        self.message = message
    }

    /// Bad usage or bad input (exit code 2).
    public static func badInput(_ message: String) -> ExhibitError { ExhibitError(.badInput, message) }
    /// An environment problem (exit code 3).
    public static func environment(_ message: String) -> ExhibitError { ExhibitError(.environment, message) }
    /// A failed verification (exit code 1).
    public static func verificationFailed(_ message: String) -> ExhibitError {
        ExhibitError(.verificationFailed, message)
    }

    /// The process exit code documented for this category.
    public var exitCode: Int32 {
        switch category {
        case .verificationFailed: return 1
        case .badInput: return 2
        case .environment: return 3
        }
    }

    public var description: String { message }
}

/// The documented process exit codes.
public enum ExitStatus {
    /// Success.
    public static let ok: Int32 = 0
    /// Verification failed: tampering, missing data, bad signature.
    public static let verificationFailed: Int32 = 1
    /// Bad usage or bad input.
    public static let badInput: Int32 = 2
    /// Environment: key, passphrase, permissions, disk.
    public static let environment: Int32 = 3
    /// `partners check` cannot decide: nothing either partner holds relates the two checkpoints.
    public static let undecided: Int32 = 4
}
