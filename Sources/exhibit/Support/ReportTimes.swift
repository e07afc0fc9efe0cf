import ExhibitCore
import ExhibitKit
import Foundation

/// Parsing of the report commands' times and holiday files.
enum ReportTimes {
    /// An RFC 3339 time or a UK local time (`18/11/2026 17:05`), or a UK date (`yyyy-mm-dd`, `dd/mm/yyyy`) taken
    /// from its local start or to its local end.
    static func bound(_ text: String?, flag: String, endOfDay: Bool, context: CommandContext) throws -> String? {
        guard let text else { return nil }
        if let day = CalendarDay(iso: text) ?? ukDay(text) {
            let start = try UKTime.instant(on: endOfDay ? day.adding(days: 1) : day, minutes: 0)
            return Timestamp.format(endOfDay ? start.addingTimeInterval(-0.001) : start)
        }
        return try context.time(text, flag: flag)
    }

    /// `18/11/2026` (a date alone, day first).
    private static func ukDay(_ text: String) -> CalendarDay? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[2].count == 4, let day = Int(parts[0]), let month = Int(parts[1]),
            let year = Int(parts[2])
        else { return nil }
        return CalendarDay(year: year, month: month, day: day)
    }

    /// A bank holiday file given by the user (at most 1 MiB).
    static func holidays(_ path: String) throws -> BankHolidayTable {
        guard FileSystem.exists(path), !FileSystem.isDirectory(path), let data = FileManager.default.contents(atPath: path) else {
            throw ExhibitError.badInput("\(path): no such bank holiday file, or it cannot be read")
        }
        guard data.count <= 1 << 20 else { throw ExhibitError.badInput("\(path) is larger than 1 MiB") }
        return try BankHolidayTable.parse(String(decoding: data, as: UTF8.self), origin: path)
    }
}
