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
        let year = Int(parts.tm_year) + 1900
        guard (0...9999).contains(year) else {
            return String(
                format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", year, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
                Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), millis)
        }
        // The same text as the format above, written digit by digit: every file registered is stamped with its time.
        var text: [UInt8] = []
        text.reserveCapacity(24)
        func append(_ value: Int, width: Int, then separator: UInt8) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            while divisor > 0 {
                text.append(UInt8(0x30 + value / divisor % 10))
                divisor /= 10
            }
            text.append(separator)
        }
        append(year, width: 4, then: UInt8(ascii: "-"))
        append(Int(parts.tm_mon) + 1, width: 2, then: UInt8(ascii: "-"))
        append(Int(parts.tm_mday), width: 2, then: UInt8(ascii: "T"))
        append(Int(parts.tm_hour), width: 2, then: UInt8(ascii: ":"))
        append(Int(parts.tm_min), width: 2, then: UInt8(ascii: ":"))
        append(Int(parts.tm_sec), width: 2, then: UInt8(ascii: "."))
        append(millis, width: 3, then: UInt8(ascii: "Z"))
        return String(decoding: text, as: UTF8.self)
    }

    /// Parses RFC 3339 (`Z` or a numeric offset, optional fractional seconds) and returns it normalised
    /// to UTC with milliseconds; `nil` when the text is not RFC 3339.
    public static func normalise(_ text: String) -> String? {
        guard let date = parse(text) else { return nil }
        return format(date)
    }

    /// Parses an RFC 3339 timestamp.
    public static func parse(_ text: String) -> Date? {
        // The ledger's own form, read once per entry by verify, without building a formatter.
        if let date = parseStored(Array(text.utf8)) { return date }
        let withFraction = ISO8601DateFormatter()
        withFraction.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = withFraction.date(from: text) { return date }
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        return plain.date(from: text)
    }

    /// Parses exactly `YYYY-MM-DDTHH:MM:SS.mmmZ` (what `format` writes), checking every field's range.
    static func parseStored(_ bytes: [UInt8]) -> Date? {
        guard bytes.count == 24, bytes[4] == 0x2D, bytes[7] == 0x2D, bytes[10] == 0x54, bytes[13] == 0x3A,
            bytes[16] == 0x3A, bytes[19] == 0x2E, bytes[23] == 0x5A
        else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let digit = Int(bytes[index]) - 0x30
                guard digit >= 0, digit <= 9 else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), let hour = number(11..<13),
            let minute = number(14..<16), let second = number(17..<19), let millis = number(20..<23),
            (1...12).contains(month), hour < 24, minute < 60, second < 60
        else { return nil }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard day >= 1, day <= lengths[month - 1] else { return nil }
        // Days from the civil date (Howard Hinnant's algorithm).
        let shifted = month <= 2 ? year - 1 : year
        let era = (shifted >= 0 ? shifted : shifted - 399) / 400
        let yearOfEra = shifted - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        let seconds = ((days * 24 + hour) * 60 + minute) * 60 + second
        return Date(timeIntervalSince1970: Double(seconds) + Double(millis) / 1000)
    }
}
