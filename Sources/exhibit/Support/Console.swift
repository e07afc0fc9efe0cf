import ExhibitKit
import Foundation

/// Where the command line writes: results to stdout, messages and progress to stderr.
enum Console {
    /// Prints an error line, prefixed with the tool's name.
    static func error(_ message: String) {
        FileHandle.standardError.write(Data("exhibit: \(message)\n".utf8))
    }

    /// Prints a message to stderr.
    static func note(_ message: String) {
        FileHandle.standardError.write(Data("\(message)\n".utf8))
    }

    /// True when stderr is a terminal (progress is shown only then).
    static var stderrIsTerminal: Bool { isatty(2) == 1 }

    /// Writes a value as JSON to stdout: sorted keys, stable layout.
    static func json<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        FileHandle.standardOutput.write(data)
        FileHandle.standardOutput.write(Data("\n".utf8))
    }

    /// Human-readable byte counts: `1.2 MB`.
    static func bytes(_ count: Int64) -> String {
        let units = ["bytes", "KB", "MB", "GB", "TB"]
        var value = Double(count)
        var unit = 0
        while value >= 1000, unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return unit == 0 ? "\(count) bytes" : String(format: "%.1f %@", value, units[unit])
    }

    /// A progress line on stderr, redrawn in place, shown only on a terminal.
    final class Progress {
        private let label: String
        private let start = Date()
        private var shown = false

        init(_ label: String) { self.label = label }

        func update(_ done: Int64, _ total: Int64) {
            guard Console.stderrIsTerminal, Date().timeIntervalSince(start) > 1 else { return }
            shown = true
            let line = "\r\(label) \(Console.bytes(done)) of \(Console.bytes(total))\u{1B}[K"
            FileHandle.standardError.write(Data(line.utf8))
        }

        func finish() {
            if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        }
    }
}
