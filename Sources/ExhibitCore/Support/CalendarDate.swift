import Foundation

/// Calendar dates as people type them (`14/03/2013`, `14-03-2013`, `2013-03-14`), normalised to `yyyy-mm-dd`.
public enum CalendarDate {
    /// The date as `yyyy-mm-dd`, or nil when the text is not a valid day-month-year or ISO date.
    public static func normalise(_ text: String) -> String? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(whereSeparator: { "/-.".contains($0) }).map(String.init)
        guard parts.count == 3, let first = Int(parts[0]), let second = Int(parts[1]), let third = Int(parts[2]) else {
            return nil
        }
        let (year, month, day) = parts[0].count == 4 ? (first, second, third) : (third, second, first)
        guard (1900...2100).contains(year), (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else {
            return nil
        }
        return String(format: "%04d-%02d-%02d", year, month, day)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
