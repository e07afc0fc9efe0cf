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

    /// The progress line of commands without `FeedbackOptions`: shown only when stderr is a terminal.
    typealias Progress = ProgressReporter
}
