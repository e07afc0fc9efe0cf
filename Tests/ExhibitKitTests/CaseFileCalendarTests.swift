import Foundation
import Testing

@testable import ExhibitCore
@testable import ExhibitKit

/// UK local time, the bank holiday table and the joint-working clocks' working-day arithmetic.
struct CaseFileCalendarTests {
    static func utc(_ text: String) throws -> Date { try #require(Timestamp.parse(text)) }

    static func day(_ text: String) throws -> CalendarDay { try #require(CalendarDay(iso: text)) }

    @Test(arguments: [
        // 2026: BST from 01:00 UTC on Sunday 29 March to 01:00 UTC on Sunday 25 October.
        ("2026-03-29T00:59:59Z", "Sun 29 Mar 2026 00:59 GMT"), ("2026-03-29T01:00:00Z", "Sun 29 Mar 2026 02:00 BST"),
        ("2026-10-25T00:59:59Z", "Sun 25 Oct 2026 01:59 BST"), ("2026-10-25T01:00:00Z", "Sun 25 Oct 2026 01:00 GMT"),
        ("2026-07-01T16:00:00Z", "Wed 1 Jul 2026 17:00 BST"), ("2026-12-31T23:30:00Z", "Thu 31 Dec 2026 23:30 GMT"),
    ])
    func londonTimeAcrossBothClockChangesOf2026(instant: String, shown: String) throws {
        #expect(try UKTime.display(try Self.utc(instant)) == shown)
    }

    @Test func localTimesConvertBackToTheRightInstantOnEitherSideOfAChange() throws {
        #expect(try UKTime.instant(on: try Self.day("2026-03-28"), minutes: 17 * 60) == (try Self.utc("2026-03-28T17:00:00Z")))
        #expect(try UKTime.instant(on: try Self.day("2026-03-30"), minutes: 17 * 60) == (try Self.utc("2026-03-30T16:00:00Z")))
        #expect(try UKTime.instant(on: try Self.day("2026-10-23"), minutes: 17 * 60) == (try Self.utc("2026-10-23T16:00:00Z")))
        #expect(try UKTime.instant(on: try Self.day("2026-10-26"), minutes: 17 * 60) == (try Self.utc("2026-10-26T17:00:00Z")))
    }

    @Test func calendarDaysCountAndNameWeekdays() throws {
        #expect(try Self.day("1970-01-01").ordinal == 0 && (try Self.day("1970-01-01")).weekday == 4)
        #expect(try Self.day("2026-11-20").weekday == 5)
        #expect(try Self.day("2028-02-28").adding(days: 1).description == "2028-02-29")
        #expect(CalendarDay(iso: "2026-02-29") == nil && CalendarDay(iso: "2026-4-01") == nil)
        for ordinal in stride(from: -800_000, to: 800_000, by: 997) {
            #expect(CalendarDay(ordinal: ordinal).ordinal == ordinal)
        }
    }

    @Test func theShippedTableIsTheRepositoryFileAndCoversTwentyTwentyToTwentyThirty() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let file = try String(
            contentsOf: root.appendingPathComponent("Calendars/bank-holidays-england-and-wales.csv"), encoding: .utf8)
        #expect(file == BankHolidayTable.shippedText + "\n", "the embedded table and the data file differ")
        #expect(file.contains("gov.uk/bank-holidays") && file.contains("computed by the statutory rules"))
        let table = try BankHolidayTable.shipped()
        #expect(table.years == Set(2020...2030))
        #expect(table.holidays.values.filter { $0.source == "computed" }.map(\.day.year).allSatisfy { $0 >= 2028 })
    }

    @Test(arguments: [
        "2020-05-08", "2020-12-28", "2021-12-27", "2021-12-28", "2022-01-03", "2022-06-02", "2022-06-03", "2022-09-19",
        "2022-12-26", "2022-12-27", "2023-01-02", "2023-05-08", "2026-12-28", "2027-12-27", "2027-12-28", "2028-01-03",
    ])
    func exceptionalAndSubstituteDaysAreBankHolidays(date: String) throws {
        let calendar = WorkingCalendar(holidays: try BankHolidayTable.shipped())
        #expect(try !calendar.isWorkingDay(try Self.day(date)))
    }

    @Test(arguments: ["2020-05-04", "2022-05-30", "2026-12-24", "2026-12-29", "2023-05-09"])
    func daysMovedAwayFromOrNextToHolidaysAreWorkingDays(date: String) throws {
        let calendar = WorkingCalendar(holidays: try BankHolidayTable.shipped())
        #expect(try calendar.isWorkingDay(try Self.day(date)))
    }

    /// The table agrees with the statutory rules in every year, except the days moved or added by proclamation.
    @Test func theTableFollowsTheStatutoryRulesExceptTheProclamations() throws {
        let table = try BankHolidayTable.shipped()
        let proclaimed: Set<String> = ["2020-05-08", "2022-06-02", "2022-06-03", "2022-09-19", "2023-05-08"]
        let replaced: Set<String> = ["2020-05-04", "2022-05-30"]
        for year in 2020...2030 {
            let expected = Set(Self.statutoryHolidays(year).map(\.description)).subtracting(replaced)
            let listed = Set(table.holidays.keys.filter { $0.year == year }.map(\.description)).subtracting(proclaimed)
            #expect(listed == expected, "\(year)")
        }
    }

    static func statutoryHolidays(_ year: Int) -> [CalendarDay] {
        func day(_ month: Int, _ day: Int) -> CalendarDay {
            CalendarDay(year: year, month: month, day: day) ?? CalendarDay(ordinal: 0)
        }
        var newYear = day(1, 1)
        while newYear.isWeekend { newYear = newYear.adding(days: 1) }
        // Easter Sunday (anonymous Gregorian algorithm).
        let golden = year % 19
        let century = year / 100
        let rest = year % 100
        let h = (19 * golden + century - century / 4 - (century - (century + 8) / 25 + 1) / 3 + 15) % 30
        let l = (32 + 2 * (century % 4) + 2 * (rest / 4) - h - rest % 4) % 7
        let m = (golden + 11 * h + 22 * l) / 451
        let easter = day((h + l - 7 * m + 114) / 31, (h + l - 7 * m + 114) % 31 + 1)
        var earlyMay = day(5, 1)
        while earlyMay.weekday != 1 { earlyMay = earlyMay.adding(days: 1) }
        var spring = day(5, 31)
        while spring.weekday != 1 { spring = spring.adding(days: -1) }
        var summer = day(8, 31)
        while summer.weekday != 1 { summer = summer.adding(days: -1) }
        let christmas = day(12, 25)
        let boxing: [CalendarDay]
        switch christmas.weekday {
        case 5: boxing = [christmas, day(12, 28)]  // Friday: Boxing Day (Saturday) moves to Monday
        case 6: boxing = [day(12, 27), day(12, 28)]
        case 7: boxing = [day(12, 26), day(12, 27)]
        default: boxing = [christmas, day(12, 26)]
        }
        return [newYear, easter.adding(days: -2), easter.adding(days: 1), earlyMay, spring, summer] + boxing
    }

    @Test func aDateOutsideTheTableIsAnErrorAndAUserFileExtendsIt() throws {
        let calendar = WorkingCalendar(holidays: try BankHolidayTable.shipped())
        #expect(throws: ExhibitError.self) { _ = try calendar.isWorkingDay(try Self.day("2031-01-02")) }
        #expect(throws: ExhibitError.self) { _ = try calendar.end(ofWorkingDays: 3, after: try Self.utc("2030-12-30T10:00:00Z")) }
        let extra = try BankHolidayTable.parse(
            "# mine\ndate,title,notes,source\n2031-01-01,New Year's Day,,my file\n", origin: "extra.csv")
        let extended = WorkingCalendar(holidays: try BankHolidayTable.shipped().merging(extra))
        #expect(try !extended.isWorkingDay(try Self.day("2031-01-01")))
        #expect(
            try extended.end(ofWorkingDays: 3, after: try Self.utc("2030-12-30T10:00:00Z"))
                == (try Self.utc("2031-01-03T17:00:00Z")))
        #expect(throws: ExhibitError.self) { _ = try BankHolidayTable.parse("date,title\n2031-01-04,Saturday,,\n", origin: "x") }
        #expect(throws: ExhibitError.self) { _ = try BankHolidayTable.parse("when,title\n", origin: "x") }
        // An unbalanced quote would swallow every later holiday into one field: refused, not read short.
        #expect(throws: ExhibitError.self) {
            _ = try BankHolidayTable.parse("date,title\n2031-01-06,\"Epiphany,,\n2031-04-18,Good Friday,,\n", origin: "x")
        }
    }

    @Test func endOfTheWorkingDayAcrossAWeekendABankHolidayAndTheClockChange() throws {
        let calendar = WorkingCalendar(holidays: try BankHolidayTable.shipped())
        // A working day, before 17:00: the same day.
        #expect(
            try calendar.endOfTheWorkingDay(of: try Self.utc("2026-11-18T10:00:00Z")) == (try Self.utc("2026-11-18T17:00:00Z")))
        // After 17:00 on a Friday: Monday 17:00.
        #expect(
            try calendar.endOfTheWorkingDay(of: try Self.utc("2026-11-20T17:30:00Z")) == (try Self.utc("2026-11-23T17:00:00Z")))
        // Thursday before Easter 2026 after hours: Good Friday and Easter Monday skipped, Tuesday 7 April 17:00 BST.
        #expect(
            try calendar.endOfTheWorkingDay(of: try Self.utc("2026-04-02T18:00:00Z")) == (try Self.utc("2026-04-07T16:00:00Z")))
        // Friday 27 March 2026 18:00 GMT: the clocks go forward on Sunday; Monday 17:00 BST is 16:00 UTC.
        #expect(
            try calendar.endOfTheWorkingDay(of: try Self.utc("2026-03-27T18:00:00Z")) == (try Self.utc("2026-03-30T16:00:00Z")))
        // 16:30 BST (15:30 UTC) is before the end of the working day; 17:30 BST is after it.
        #expect(
            try calendar.endOfTheWorkingDay(of: try Self.utc("2026-07-01T15:30:00Z")) == (try Self.utc("2026-07-01T16:00:00Z")))
        #expect(
            try calendar.endOfTheWorkingDay(of: try Self.utc("2026-07-01T16:30:00Z")) == (try Self.utc("2026-07-02T16:00:00Z")))
        // A store that ends the working day at 16:00.
        let early = WorkingCalendar(holidays: try BankHolidayTable.shipped(), dayEndMinutes: 16 * 60)
        #expect(try early.endOfTheWorkingDay(of: try Self.utc("2026-11-18T16:30:00Z")) == (try Self.utc("2026-11-19T16:00:00Z")))
    }

    @Test func workingDaysCountFromTheFirstWorkingDayAfterTheEvent() throws {
        let calendar = WorkingCalendar(holidays: try BankHolidayTable.shipped())
        // Monday 09:00: one working day is Tuesday.
        #expect(
            try calendar.end(ofWorkingDays: 1, after: try Self.utc("2026-11-16T09:00:00Z"))
                == (try Self.utc("2026-11-17T17:00:00Z")))
        // Friday: one working day is Monday; a Saturday event also counts from Monday.
        #expect(
            try calendar.end(ofWorkingDays: 1, after: try Self.utc("2026-11-20T09:00:00Z"))
                == (try Self.utc("2026-11-23T17:00:00Z")))
        #expect(
            try calendar.end(ofWorkingDays: 1, after: try Self.utc("2026-11-21T09:00:00Z"))
                == (try Self.utc("2026-11-23T17:00:00Z")))
        // Across Christmas 2026 (Friday 25th, Boxing Day substitute Monday 28th) and New Year's Day 2027.
        #expect(
            try calendar.end(ofWorkingDays: 1, after: try Self.utc("2026-12-24T12:00:00Z"))
                == (try Self.utc("2026-12-29T17:00:00Z")))
        #expect(
            try calendar.end(ofWorkingDays: 3, after: try Self.utc("2026-12-24T12:00:00Z"))
                == (try Self.utc("2026-12-31T17:00:00Z")))
        #expect(
            try calendar.end(ofWorkingDays: 4, after: try Self.utc("2026-12-24T12:00:00Z"))
                == (try Self.utc("2027-01-04T17:00:00Z")))
        // 15 working days from a strategy discussion on Thursday 19 March 2026 cross the clock change: Monday 13 April
        // (Good Friday 3 April and Easter Monday 6 April skipped), 17:00 BST.
        #expect(
            try calendar.end(ofWorkingDays: 15, after: try Self.utc("2026-03-19T11:00:00Z"))
                == (try Self.utc("2026-04-13T16:00:00Z")))
        // 24 clock hours across the spring change: 10:00 GMT Saturday is 11:00 BST on Sunday.
        let due = WorkingCalendar.end(ofHours: 24, after: try Self.utc("2026-03-28T10:00:00Z"))
        #expect(try UKTime.display(due) == "Sun 29 Mar 2026 11:00 BST")
    }
}
