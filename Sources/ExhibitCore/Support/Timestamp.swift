import Foundation

/// RFC 3339 timestamps in UTC with millisecond precision, the only time format the ledger stores.
public enum Timestamp {
    /// The current time, e.g. `2026-11-27T05:10:25.123Z`.
    public static func now() -> String { format(Date()) }

    /// Formats a date as RFC 3339 UTC with milliseconds (truncated).
    public static func format(_ date: Date) -> String {
        format(epochMilliseconds: Int64((date.timeIntervalSince1970 * 1000).rounded(.down)))
    }

    /// Formats seconds and nanoseconds since the epoch (as `stat` reports them), truncated to milliseconds.
    public static func format(seconds: Int, nanoseconds: Int) -> String {
        format(epochMilliseconds: Int64(seconds) * 1000 + Int64(nanoseconds / 1_000_000))
    }

    /// Formats milliseconds since the epoch.
    static func format(epochMilliseconds: Int64) -> String {
        let seconds = epochMilliseconds >= 0 ? epochMilliseconds / 1000 : (epochMilliseconds - 999) / 1000
        let millis = Int(epochMilliseconds - seconds * 1000)
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
            Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
            Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), millis)
    }

    /// Parses RFC 3339 (`Z` or a numeric offset, optional fractional seconds) and returns it normalised
    /// to UTC with milliseconds; `nil` when the text is not RFC 3339.
    public static func normalise(_ text: String) -> String? {
        guard let date = parse(text) else { return nil }
        return format(date)
    }

    /// Parses an RFC 3339 timestamp.
    public static func parse(_ text: String) -> Date? {
        let withFraction = ISO8601DateFormatter()
        withFraction.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = withFraction.date(from: text) { return date }
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        return plain.date(from: text)
    }
}
