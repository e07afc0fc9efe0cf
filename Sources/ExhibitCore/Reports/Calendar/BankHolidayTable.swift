import Foundation

/// The bank holidays of England and Wales, the table the joint-working clocks count working days with. The
/// shipped table is `Calendars/bank-holidays-england-and-wales.csv` (its source is named in its header),
/// embedded here so the binary needs no file at run time; a test keeps the two identical. A user extends it
/// with a file in the same format (`exhibit report clocks --bank-holidays FILE`).
public struct BankHolidayTable: Sendable, Equatable {
    /// One bank holiday.
    public struct Holiday: Sendable, Equatable, Codable {
        public var day: CalendarDay
        public var title: String
        public var notes: String
        /// `gov.uk`, `computed` (by the statutory rules), or the name of the user's file.
        public var source: String
    }

    /// Holidays by day.
    public private(set) var holidays: [CalendarDay: Holiday] = [:]
    /// The years the table covers in full.
    public private(set) var years: Set<Int> = []
    /// Where the table came from (the shipped table, then each file merged in).
    public private(set) var origins: [String] = []

    /// The most rows a holiday file may hold.
    static let maximumRows = 10_000

    /// The shipped table.
    /// - Throws: `ExhibitError.environment` if the embedded table cannot be read (a build defect).
    public static func shipped() throws -> BankHolidayTable {
        do {
            return try parse(shippedText, origin: "Calendars/bank-holidays-england-and-wales.csv")
        } catch {
            throw ExhibitError.environment("the shipped bank holiday table is damaged: \(error)")
        }
    }

    /// Parses a holiday file: `#` comment lines, a header `date,title,notes,source`, then one holiday a line.
    /// A year that appears is taken as covered in full.
    /// - Throws: `ExhibitError.badInput` naming the line at fault.
    public static func parse(_ text: String, origin: String) throws -> BankHolidayTable {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).filter {
            !$0.hasPrefix("#") && !$0.trimmingCharacters(in: .whitespaces).isEmpty
        }
        let rows: [[String]]
        do {
            rows = try CSVReader.records(lines.joined(separator: "\n") + "\n").map(\.fields)
        } catch CSVReader.Failure.unclosedQuote {
            // Comment and blank lines are dropped first, so the count would not be the file's line number.
            throw ExhibitError.badInput("\(origin): a quoted field opens and never closes (an unbalanced \")")
        }
        guard let header = rows.first, header.first == "date", header.count >= 2 else {
            throw ExhibitError.badInput("\(origin): the first line must be the header date,title,notes,source")
        }
        guard rows.count <= maximumRows else {
            throw ExhibitError.badInput("\(origin) has more than \(maximumRows) rows")
        }
        var table = BankHolidayTable()
        table.origins = [origin]
        for (index, row) in rows.dropFirst().enumerated() {
            guard row.count >= 2, let day = CalendarDay(iso: row[0].trimmingCharacters(in: .whitespaces)) else {
                throw ExhibitError.badInput("\(origin): row \(index + 1) does not start with a date such as 2026-12-25")
            }
            guard !day.isWeekend else {
                throw ExhibitError.badInput("\(origin): \(day) is a weekend day; list the substitute weekday instead")
            }
            let source = row.count > 3 && !row[3].isEmpty ? row[3] : origin
            table.holidays[day] = Holiday(
                day: day, title: row[1], notes: row.count > 2 ? row[2] : "", source: source)
            table.years.insert(day.year)
        }
        return table
    }

    /// This table with another's years and holidays added (a holiday of the other wins on the same day).
    public func merging(_ other: BankHolidayTable) -> BankHolidayTable {
        var merged = self
        for (day, holiday) in other.holidays { merged.holidays[day] = holiday }
        merged.years.formUnion(other.years)
        merged.origins += other.origins
        return merged
    }

    /// The shipped table's text (identical to `Calendars/bank-holidays-england-and-wales.csv`).
    static let shippedText = #"""
        # Bank holidays in England and Wales, one a line: date (yyyy-mm-dd), title, notes, source.
        # Source: GOV.UK, UK bank holidays (https://www.gov.uk/bank-holidays, the england-and-wales division of
        # bank-holidays.json) for 2020 to 2027. For 2028 to 2030, which GOV.UK had not yet published, the dates are
        # computed by the statutory rules (Banking and Financial Dealings Act 1971, Schedule 1, and the royal
        # proclamations that fix the early May bank holiday on the first Monday of May; a holiday falling on a
        # Saturday or Sunday is replaced by the next weekday that is not already a holiday) and marked computed:
        # a later proclamation may move or add a day. Working days are Monday to Friday except these dates.
        # A year listed here is covered in full; a date in any other year is an error, never a guess.
        date,title,notes,source
        2020-01-01,New Year's Day,,gov.uk
        2020-04-10,Good Friday,,gov.uk
        2020-04-13,Easter Monday,,gov.uk
        2020-05-08,Early May bank holiday (VE day),moved from Monday 4 May by proclamation,gov.uk
        2020-05-25,Spring bank holiday,,gov.uk
        2020-08-31,Summer bank holiday,,gov.uk
        2020-12-25,Christmas Day,,gov.uk
        2020-12-28,Boxing Day,substitute day,gov.uk
        2021-01-01,New Year's Day,,gov.uk
        2021-04-02,Good Friday,,gov.uk
        2021-04-05,Easter Monday,,gov.uk
        2021-05-03,Early May bank holiday,,gov.uk
        2021-05-31,Spring bank holiday,,gov.uk
        2021-08-30,Summer bank holiday,,gov.uk
        2021-12-27,Christmas Day,substitute day,gov.uk
        2021-12-28,Boxing Day,substitute day,gov.uk
        2022-01-03,New Year's Day,substitute day,gov.uk
        2022-04-15,Good Friday,,gov.uk
        2022-04-18,Easter Monday,,gov.uk
        2022-05-02,Early May bank holiday,,gov.uk
        2022-06-02,Spring bank holiday,moved from Monday 30 May by proclamation,gov.uk
        2022-06-03,Platinum Jubilee bank holiday,extra, by proclamation,gov.uk
        2022-08-29,Summer bank holiday,,gov.uk
        2022-09-19,Bank holiday for the State Funeral of Queen Elizabeth II,extra, by proclamation,gov.uk
        2022-12-26,Boxing Day,,gov.uk
        2022-12-27,Christmas Day,substitute day,gov.uk
        2023-01-02,New Year's Day,substitute day,gov.uk
        2023-04-07,Good Friday,,gov.uk
        2023-04-10,Easter Monday,,gov.uk
        2023-05-01,Early May bank holiday,,gov.uk
        2023-05-08,Bank holiday for the coronation of King Charles III,extra, by proclamation,gov.uk
        2023-05-29,Spring bank holiday,,gov.uk
        2023-08-28,Summer bank holiday,,gov.uk
        2023-12-25,Christmas Day,,gov.uk
        2023-12-26,Boxing Day,,gov.uk
        2024-01-01,New Year's Day,,gov.uk
        2024-03-29,Good Friday,,gov.uk
        2024-04-01,Easter Monday,,gov.uk
        2024-05-06,Early May bank holiday,,gov.uk
        2024-05-27,Spring bank holiday,,gov.uk
        2024-08-26,Summer bank holiday,,gov.uk
        2024-12-25,Christmas Day,,gov.uk
        2024-12-26,Boxing Day,,gov.uk
        2025-01-01,New Year's Day,,gov.uk
        2025-04-18,Good Friday,,gov.uk
        2025-04-21,Easter Monday,,gov.uk
        2025-05-05,Early May bank holiday,,gov.uk
        2025-05-26,Spring bank holiday,,gov.uk
        2025-08-25,Summer bank holiday,,gov.uk
        2025-12-25,Christmas Day,,gov.uk
        2025-12-26,Boxing Day,,gov.uk
        2026-01-01,New Year's Day,,gov.uk
        2026-04-03,Good Friday,,gov.uk
        2026-04-06,Easter Monday,,gov.uk
        2026-05-04,Early May bank holiday,,gov.uk
        2026-05-25,Spring bank holiday,,gov.uk
        2026-08-31,Summer bank holiday,,gov.uk
        2026-12-25,Christmas Day,,gov.uk
        2026-12-28,Boxing Day,substitute day,gov.uk
        2027-01-01,New Year's Day,,gov.uk
        2027-03-26,Good Friday,,gov.uk
        2027-03-29,Easter Monday,,gov.uk
        2027-05-03,Early May bank holiday,,gov.uk
        2027-05-31,Spring bank holiday,,gov.uk
        2027-08-30,Summer bank holiday,,gov.uk
        2027-12-27,Christmas Day,substitute day,gov.uk
        2027-12-28,Boxing Day,substitute day,gov.uk
        2028-01-03,New Year's Day,substitute day,computed
        2028-04-14,Good Friday,,computed
        2028-04-17,Easter Monday,,computed
        2028-05-01,Early May bank holiday,,computed
        2028-05-29,Spring bank holiday,,computed
        2028-08-28,Summer bank holiday,,computed
        2028-12-25,Christmas Day,,computed
        2028-12-26,Boxing Day,,computed
        2029-01-01,New Year's Day,,computed
        2029-03-30,Good Friday,,computed
        2029-04-02,Easter Monday,,computed
        2029-05-07,Early May bank holiday,,computed
        2029-05-28,Spring bank holiday,,computed
        2029-08-27,Summer bank holiday,,computed
        2029-12-25,Christmas Day,,computed
        2029-12-26,Boxing Day,,computed
        2030-01-01,New Year's Day,,computed
        2030-04-19,Good Friday,,computed
        2030-04-22,Easter Monday,,computed
        2030-05-06,Early May bank holiday,,computed
        2030-05-27,Spring bank holiday,,computed
        2030-08-26,Summer bank holiday,,computed
        2030-12-25,Christmas Day,,computed
        2030-12-26,Boxing Day,,computed
        """#
}
