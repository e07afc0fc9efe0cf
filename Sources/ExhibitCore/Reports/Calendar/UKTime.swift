import Foundation

/// UK local time (Europe/London, GMT in winter and BST in summer) for reports, computed with Foundation's
/// `TimeZone` over the system's tzdata. The ledger stays in UTC; reports show local time with the UTC instant
/// beside it.
public enum UKTime {
    /// A moment as read on a clock in England and Wales.
    public struct Reading: Sendable, Equatable {
        /// The local calendar day.
        public var day: CalendarDay
        /// Hours, minutes and seconds of the local time.
        public var hour: Int
        public var minute: Int
        public var second: Int
        /// True in British Summer Time.
        public var isSummerTime: Bool

        /// `GMT` or `BST`.
        public var zone: String { isSummerTime ? "BST" : "GMT" }
        /// Minutes after local midnight.
        public var minutesIntoDay: Int { hour * 60 + minute }
    }

    private static let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The Europe/London zone.
    /// - Throws: `ExhibitError.environment` when the system has no tzdata for it.
    public static func zone() throws -> TimeZone {
        guard let zone = TimeZone(identifier: "Europe/London") else {
            throw ExhibitError.environment("the time zone Europe/London is not installed (install tzdata)")
        }
        return zone
    }

    private static func calendar() throws -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try zone()
        return calendar
    }

    /// The local reading of an instant.
    public static func reading(_ date: Date) throws -> Reading {
        let calendar = try calendar()
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        guard let year = parts.year, let month = parts.month, let dayOfMonth = parts.day,
            let day = CalendarDay(year: year, month: month, day: dayOfMonth)
        else { throw ExhibitError.environment("cannot convert \(date) to UK local time") }
        return Reading(
            day: day, hour: parts.hour ?? 0, minute: parts.minute ?? 0, second: parts.second ?? 0,
            isSummerTime: calendar.timeZone.isDaylightSavingTime(for: date))
    }

    /// The instant at which local clocks in England and Wales show `minutes` after midnight on `day`.
    /// (Only times that exist on that day are asked for: the working day never ends between 01:00 and 02:00.)
    public static func instant(on day: CalendarDay, minutes: Int) throws -> Date {
        let calendar = try calendar()
        let parts = DateComponents(year: day.year, month: day.month, day: day.day, hour: minutes / 60, minute: minutes % 60)
        guard let date = calendar.date(from: parts) else {
            throw ExhibitError.environment("cannot convert \(day) \(minutes / 60):\(minutes % 60) from UK local time")
        }
        return date
    }

    /// `Wed 18 Nov 2026 17:05 GMT`.
    public static func display(_ date: Date) throws -> String {
        let reading = try reading(date)
        return "\(weekdays[reading.day.weekday - 1]) \(reading.day.day) \(months[reading.day.month - 1]) \(reading.day.year) "
            + "\(twoDigits(reading.hour)):\(twoDigits(reading.minute)) \(reading.zone)"
    }

    /// `Wed 18 Nov 2026`.
    public static func display(_ day: CalendarDay) -> String {
        "\(weekdays[day.weekday - 1]) \(day.day) \(months[day.month - 1]) \(day.year)"
    }

    /// A ledger time (RFC 3339) shown in UK local time; the text itself when it is not a valid time.
    public static func display(ledgerTime text: String) -> String {
        guard let date = Timestamp.parse(text), let shown = try? display(date) else { return text }
        return shown
    }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
