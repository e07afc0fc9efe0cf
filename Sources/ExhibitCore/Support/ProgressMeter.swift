import Foundation

/// The arithmetic of a progress line, kept apart from any terminal so it can be tested with a clock of its own:
/// bytes done of bytes in all, the rate since the start and the time left at that rate, and when a new line is
/// due (the first update, then at most every `interval` seconds, and the last one).
package struct ProgressMeter: Sendable {
    /// The least time between two lines.
    package static let interval: TimeInterval = 0.5

    private let label: String
    private let start: TimeInterval
    private var lastShown: TimeInterval?

    /// Starts a meter at `now` (seconds on any monotonic clock).
    package init(_ label: String, now: TimeInterval) {
        self.label = label
        self.start = now
    }

    /// The line to show for `done` of `total` bytes at `now`, or nil when the last one is too recent.
    package mutating func update(done: Int64, total: Int64, now: TimeInterval) -> String? {
        if let lastShown, now - lastShown < Self.interval, done < total { return nil }
        lastShown = now
        return line(done: done, total: total, now: now)
    }

    /// `extracting 12.3 MB of 50.0 MB (24%), 8.1 MB/s, 5 s left`.
    package func line(done: Int64, total: Int64, now: TimeInterval) -> String {
        let elapsed = max(now - start, 0)
        var text = "\(label) \(Self.bytes(done))"
        if total > 0 { text += " of \(Self.bytes(total)) (\(min(100, done * 100 / total))%)" }
        guard elapsed >= 0.05, done > 0 else { return text }
        let rate = Double(done) / elapsed
        text += ", \(Self.bytes(Int64(rate)))/s"
        if total > done { text += ", \(Self.duration(Double(total - done) / rate)) left" }
        return text
    }

    /// Byte counts in SI units: `512 bytes`, `1.2 MB`.
    package static func bytes(_ count: Int64) -> String {
        let units = ["bytes", "KB", "MB", "GB", "TB"]
        var value = Double(count)
        var unit = 0
        while value >= 1000, unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return unit == 0 ? "\(count) bytes" : String(format: "%.1f %@", value, units[unit])
    }

    /// `4 s`, `2 min 5 s`, `1 h 3 min`.
    package static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "?" }
        let whole = Int(seconds.rounded(.up))
        if whole < 60 { return "\(whole) s" }
        if whole < 3600 { return "\(whole / 60) min \(whole % 60) s" }
        return "\(whole / 3600) h \(whole % 3600 / 60) min"
    }
}
