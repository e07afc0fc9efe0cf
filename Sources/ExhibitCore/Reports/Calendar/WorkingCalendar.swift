import Foundation

/// Working days in England and Wales for the joint-working clocks: Monday to Friday except bank holidays
/// (from a `BankHolidayTable`), a working day ending at a set local time (17:00 Europe/London unless the
/// store's `working-day-end` setting says otherwise). A day in a year the table does not cover is an error.
public struct WorkingCalendar: Sendable {
    /// The bank holidays.
    public var holidays: BankHolidayTable
    /// When the working day ends, in minutes after local midnight.
    public var dayEndMinutes: Int

    /// Creates a calendar.
    public init(holidays: BankHolidayTable, dayEndMinutes: Int = 17 * 60) {
        self.holidays = holidays
        self.dayEndMinutes = dayEndMinutes
    }

    /// True on a working day.
    /// - Throws: `ExhibitError.badInput` when the bank holiday table does not cover the day's year.
    public func isWorkingDay(_ day: CalendarDay) throws -> Bool {
        guard holidays.years.contains(day.year) else {
            let covered = holidays.years.sorted()
            let range = covered.isEmpty ? "none" : "\(covered[0])-\(covered[covered.count - 1])"
            throw ExhibitError.badInput(
                "no bank holidays are known for \(day.year) (the table covers \(range)); add them with --bank-holidays FILE")
        }
        return !day.isWeekend && holidays.holidays[day] == nil
    }

    /// The first working day after `day`.
    public func nextWorkingDay(after day: CalendarDay) throws -> CalendarDay {
        var candidate = day.adding(days: 1)
        while try !isWorkingDay(candidate) { candidate = candidate.adding(days: 1) }
        return candidate
    }

    /// The end of the working day (local `dayEndMinutes`) on `day`.
    public func endOfWorkingDay(_ day: CalendarDay) throws -> Date {
        try UKTime.instant(on: day, minutes: dayEndMinutes)
    }

    /// "Before the end of the working day": the end of the day of `event` when that is a working day and its
    /// working day has not ended, else the end of the next working day.
    public func endOfTheWorkingDay(of event: Date) throws -> Date {
        let local = try UKTime.reading(event)
        if try isWorkingDay(local.day), event < (try endOfWorkingDay(local.day)) {
            return try endOfWorkingDay(local.day)
        }
        return try endOfWorkingDay(try nextWorkingDay(after: local.day))
    }

    /// "Within N working days": counted from the first working day after the event's local day, the deadline
    /// is the end of the N-th working day.
    public func end(ofWorkingDays count: Int, after event: Date) throws -> Date {
        var day = try UKTime.reading(event).day
        for _ in 0..<max(count, 1) { day = try nextWorkingDay(after: day) }
        return try endOfWorkingDay(day)
    }

    /// "Within N hours": clock hours, whatever the calendar or the clocks changing.
    public static func end(ofHours hours: Int, after event: Date) -> Date {
        event.addingTimeInterval(TimeInterval(hours * 3600))
    }
}
