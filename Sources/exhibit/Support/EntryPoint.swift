import ArgumentParser
import ExhibitKit
import Foundation

/// Runs the command line: parses, runs, and maps every failure to one line on stderr and the
/// documented exit code (0 ok, 1 verification failed, 2 bad usage or input, 3 environment).
@main
enum EntryPoint {
    static func main() {
        // OpenMP (inside Tesseract) reads its thread limit only at start-up: set it, then start again (same pid).
        if ProcessInfo.processInfo.environment[OCRThreads.name] == nil {
            setenv(OCRThreads.name, OCRThreads.value, 1)
            execv("/proc/self/exe", CommandLine.unsafeArgv)
        }
        do {
            var command = try Exhibit.parseAsRoot()
            try command.run()
        } catch let error as ExhibitError {
            Console.error(error.message)
            exit(error.exitCode)
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch {
            let code = Exhibit.exitCode(for: error)
            if code == .success {
                print(Exhibit.fullMessage(for: error))
                exit(0)
            }
            // One line, like every other error: the parser's message and where to look for usage.
            let message = Exhibit.message(for: error).split(whereSeparator: \.isNewline).joined(separator: " ")
            Console.error("\(message.lowercasedFirst) (see exhibit help)")
            exit(ExitStatus.badInput)
        }
    }
}

extension String {
    /// The string with its first letter in lower case (error lines follow one style).
    var lowercasedFirst: String {
        guard let first else { return self }
        return first.lowercased() + dropFirst()
    }
}
