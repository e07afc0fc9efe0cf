import ArgumentParser
import ExhibitCore
import ExhibitKit
import Foundation

/// Runs the command line: parses, runs, and maps every failure to one line on stderr and the
/// documented exit code (0 ok, 1 verification failed, 2 bad usage or input, 3 environment).
@main
enum EntryPoint {
    static func main() {
        // Tesseract's OpenMP runtime reads its thread limit when the library is loaded (lazily, on first OCR):
        // one thread is faster than OpenMP spinning on two cores. A limit the user set is kept.
        setenv(OCRThreads.name, OCRThreads.value, 0)
        Interruption.installSignalHandlers()
        HeapTuning.fixMappingThreshold()
        exit(execute(Array(CommandLine.arguments.dropFirst()), context: .process))
    }

    /// Parses and runs one command line in `context`.
    /// - Returns: the exit status.
    static func execute(_ arguments: [String], context: CommandContext) -> Int32 {
        do {
            var command = try Exhibit.parseAsRoot(arguments)
            if let runnable = command as? any ExhibitCommand {
                try runnable.run(context)
            } else {
                try command.run()
            }
            return ExitStatus.ok
        } catch let error as ExhibitError {
            context.error(error.message)
            jsonError(error.message, code: error.exitCode, arguments, context)
            return error.exitCode
        } catch let exit as ExitCode {
            return exit.rawValue
        } catch {
            let code = Exhibit.exitCode(for: error)
            if code == .success {
                context.standardOutput(Exhibit.fullMessage(for: error) + "\n")
                return ExitStatus.ok
            }
            // One line, like every other error: the parser's message and where to look for usage.
            let message = Exhibit.message(for: error).split(whereSeparator: \.isNewline).joined(separator: " ")
            context.error("\(message.lowercasedFirst) (see exhibit help)")
            jsonError("\(message.lowercasedFirst) (see exhibit help)", code: ExitStatus.badInput, arguments, context)
            return ExitStatus.badInput
        }
    }

    /// With `--json`, an error is also a JSON object on stdout, `{"error": …, "exitCode": …}`, so a script reading
    /// stdout always gets JSON. (A verification failure whose report is the command's JSON output exits 1 without one.)
    private static func jsonError(_ message: String, code: Int32, _ arguments: [String], _ context: CommandContext) {
        guard (arguments.prefix { $0 != "--" }).contains("--json") else { return }
        struct Failure: Encodable {
            var error: String
            var exitCode: Int32
        }
        try? context.json(Failure(error: message, exitCode: code))
    }
}

extension String {
    /// The string with its first letter in lower case (error lines follow one style).
    var lowercasedFirst: String {
        guard let first else { return self }
        return first.lowercased() + dropFirst()
    }
}
