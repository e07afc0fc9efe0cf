import ExhibitCore
import ExhibitKit
import Foundation

/// Formatting shared by the commands' human output.
enum Console {
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
    final class Progress: @unchecked Sendable {
        private let label: String
        private let context: CommandContext
        private let start = Date()
        // Guarded by `lock`: updates come from the intake workers.
        private let lock = NSLock()
        private var shown = false

        init(_ label: String, context: CommandContext) {
            self.label = label
            self.context = context
        }

        func update(_ done: Int64, _ total: Int64) {
            guard context.stderrIsTerminal, Date().timeIntervalSince(start) > 1 else { return }
            lock.withLock {
                shown = true
                context.standardError("\r\(label) \(Console.bytes(done)) of \(Console.bytes(total))\u{1B}[K")
            }
        }

        func finish() {
            lock.withLock {
                if shown { context.standardError("\r\u{1B}[K") }
            }
        }
    }
}
