import ArgumentParser
import ExhibitCore
import ExhibitKit
import Foundation

/// What a command runs with: where its output goes, its environment and its working folder. `run()` uses the
/// process's; tests pass their own and run commands in process.
struct CommandContext: Sendable {
    /// Receives text written to standard output.
    var standardOutput: @Sendable (String) -> Void
    /// Receives text written to standard error.
    var standardError: @Sendable (String) -> Void
    /// The environment (`EXHIBIT_STORE`, `EXHIBIT_PASSPHRASE_FILE`, …).
    var environment: [String: String]
    /// Relative paths are read against this folder.
    var workingDirectory: String
    /// True when standard error is a terminal (progress is shown only then).
    var stderrIsTerminal: Bool
    /// The arguments that are not UTF-8, as the system passed them (paths to files with such names).
    var argumentBytes = ArgumentBytes()

    /// The running process's streams, environment and folder.
    static var process: CommandContext {
        CommandContext(
            standardOutput: { FileHandle.standardOutput.write(Data($0.utf8)) },
            standardError: { FileHandle.standardError.write(Data($0.utf8)) },
            environment: ProcessInfo.processInfo.environment,
            workingDirectory: FileManager.default.currentDirectoryPath, stderrIsTerminal: isatty(2) == 1,
            argumentBytes: .process)
    }

    /// Prints a line of human-readable output; whatever came from users or files in it is escaped
    /// (`TerminalText`) in this one place.
    func print(_ line: String = "") {
        standardOutput(TerminalText.escape(line, keepLineBreaks: true) + "\n")
    }

    /// Prints a message on standard error (escaped like `print`).
    func note(_ message: String) {
        standardError(TerminalText.escape(message, keepLineBreaks: true) + "\n")
    }

    /// Prints the one error line, prefixed with the tool's name.
    func error(_ message: String) {
        standardError("exhibit: \(TerminalText.escape(message))\n")
    }

    /// Writes a value as JSON to standard output: sorted keys, stable layout.
    func json<T: Encodable>(_ value: T) throws {
        standardOutput(String(decoding: try JSONOutput.pretty(value), as: UTF8.self) + "\n")
    }

    /// A path given by the user, made absolute against the working folder; `-` (standard input or output) is kept
    /// as it is, so the command can refuse it plainly rather than write a file named `-`.
    func path(_ given: String) -> String { given == "-" ? given : Path.absolute(given, from: workingDirectory) }

    /// An optional path made absolute.
    func path(_ given: String?) -> String? { given.map { path($0) } }
}

/// A command that runs with an explicit context; `run()` forwards to `run(_:)` with the process's.
protocol ExhibitCommand: ParsableCommand {
    /// Runs the command.
    func run(_ context: CommandContext) throws
}

extension ExhibitCommand {
    func run() throws { try run(.process) }
}

extension CommandContext {
    /// A time given on the command line (RFC 3339, or a UK form such as `18/11/2026 17:05` read as Europe/London),
    /// as RFC 3339 UTC; how a UK form was read is said on stderr.
    /// - Throws: `.badInput` for an unreadable time, or a local time that does not exist or happened twice.
    func time(_ text: String?, flag: String) throws -> String? {
        guard let text else { return nil }
        let reading = try TimeInput.read(text, flag: flag)
        if let explanation = reading.explanation { note(explanation) }
        return reading.utc
    }

    /// The policy a `--policy` names: a file when it holds a `/` (`./mine.yaml`), else a shipped policy's id.
    /// - Throws: `.badInput` when there is no such policy or it is invalid.
    func policy(_ reference: String) throws -> SharingPolicy {
        if PolicyCatalog.isPath(reference) { return try PolicyLoader.load(path: path(reference)) }
        return try PolicyCatalog.load(reference, context: PolicyCatalog.Context(environment: environment))
    }
}
