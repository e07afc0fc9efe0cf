import Foundation

/// A calendar date found in text.
struct ParsedDate: Equatable {
    var range: Range<Int>
    var year: Int
    var month: Int
    var day: Int

    /// `yyyy-mm-dd`.
    var key: String {
        let digits: [UInt8] = [
            year / 1000, year / 100 % 10, year / 10 % 10, year % 10, -1, month / 10, month % 10, -1, day / 10, day % 10,
        ].map { $0 < 0 ? ByteScan.hyphen : ByteScan.zero + UInt8($0) }
        return String(decoding: digits, as: UTF8.self)
    }
}

/// Recognises dates: `dd/mm/yyyy`, `d/m/yy`, `dd-mm-yyyy`, `dd.mm.yyyy`, `yyyy-mm-dd`, `14 March 2013`,
/// `14th March 2013`, `14th of March, 2013`, `March 14, 2013`, `14 Mar 2013`, `14 Mar 13`, `14-Mar-2013`,
/// `14/March/13`, `14MAR2013`. Day and month ranges are validated
/// (including leap years); four-digit years must be 1900–2099; two-digit years up to `pivotYear` are 20xx, others 19xx.
struct DateParser {
    /// Two-digit years up to this are in the 2000s.
    var pivotYear: Int

    /// A parser whose two-digit-year pivot is the current year.
    init() {
        let year = Calendar(identifier: .gregorian).component(.year, from: Date())
        pivotYear = year % 100
    }

    /// A parser with an explicit two-digit-year pivot.
    /// - Parameter pivotYear: Two-digit years up to this are in the 2000s.
    init(pivotYear: Int) {
        self.pivotYear = pivotYear
    }

    private static let months: [[UInt8]] = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
        "december",
    ].map { Array($0.utf8) }
    private static let ordinals: [[UInt8]] = ["st", "nd", "rd", "th"].map { Array($0.utf8) }
    private static let ofWord: [UInt8] = Array("of".utf8)

    /// Calls `body` with every date that has a digit in `starts` and does not start before `starts.lowerBound`, in
    /// order (dates may run past the end of `starts`).
    ///
    /// Every date has a digit: dates are found from the start of each run of digits, looking back over a month name for
    /// the `March 14, 2013` forms.
    /// - Parameters:
    ///   - text: UTF-8 text.
    ///   - starts: Offsets where the first digit of a date may be.
    ///   - body: Called with each date.
    func forEach(in text: UnsafeBufferPointer<UInt8>, starts: Range<Int>, _ body: (ParsedDate) -> Void) {
        let lowerBound = max(0, starts.lowerBound)
        var index = lowerBound
        let stop = min(text.count, starts.upperBound)
        while index < stop {
            let digit = ByteScan.nextDigit(in: text, from: index)
            guard digit < stop else { return }
            if let date = parse(text, digitAt: digit, notBefore: index) {
                body(date)
                index = date.range.upperBound
                continue
            }
            index = digit + max(1, ByteScan.digitRun(text, digit))
        }
    }

    /// The date whose first digit is the one at `digit` (the start of a digit run): starting there, or at a month name
    /// just before it, not before `lowerBound`.
    /// - Parameters:
    ///   - text: UTF-8 text.
    ///   - digit: Offset of a digit.
    ///   - lowerBound: The date may not start before this offset.
    /// - Returns: The date, or `nil`.
    func parse(_ text: UnsafeBufferPointer<UInt8>, digitAt digit: Int, notBefore lowerBound: Int) -> ParsedDate? {
        guard !ByteScan.isDigit(ByteScan.byte(text, digit - 1)) else { return nil }
        if ByteScan.byte(text, digit - 1) == ByteScan.space, let monthStart = monthNameStart(text, before: digit),
            monthStart >= lowerBound, let date = parseMonthFirst(text, at: monthStart)
        {
            return date
        }
        return ByteScan.boundaryBefore(text, digit) ? parse(text, at: digit) : nil
    }

    /// Start of the word before the spaces (and an abbreviation's dot) that end at `end`, when it can be a month name.
    private func monthNameStart(_ text: UnsafeBufferPointer<UInt8>, before end: Int) -> Int? {
        var index = end
        while end - index < 3 && ByteScan.byte(text, index - 1) == ByteScan.space { index -= 1 }
        if ByteScan.byte(text, index - 1) == ByteScan.dot { index -= 1 }
        let wordEnd = index
        while wordEnd - index < 10 && ByteScan.isLetter(ByteScan.byte(text, index - 1)) { index -= 1 }
        guard (3...9).contains(wordEnd - index), ByteScan.boundaryBefore(text, index) else { return nil }
        return index
    }

    /// The date starting exactly at `start` (a word start).
    /// - Parameters:
    ///   - text: UTF-8 text.
    ///   - start: Offset of the first character.
    /// - Returns: The date, or `nil`.
    func parse(_ text: UnsafeBufferPointer<UInt8>, at start: Int) -> ParsedDate? {
        let first = text[start]
        if ByteScan.isLetter(first) { return parseMonthFirst(text, at: start) }
        let run = ByteScan.digitRun(text, start, limit: 5)
        switch run {
        case 4: return parseYearFirst(text, at: start)
        case 1, 2:
            let separator = ByteScan.byte(text, start + run)
            if separator == ByteScan.slash || separator == ByteScan.hyphen || separator == ByteScan.dot {
                if ByteScan.isLetter(ByteScan.byte(text, start + run + 1)) {
                    return parseDayMonthNameJoined(text, at: start, run: run, separator: separator)
                }
                return parseDayFirst(text, at: start, run: run)
            }
            return parseDayMonthName(text, at: start, run: run)
        default: return nil
        }
    }

    /// Whether the numeric date at `range` is glued to more of the same pattern (`1.2.2013.4`, `2.10.12.13`).
    private func isPartOfLongerSequence(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        if !ByteScan.boundaryAfter(text, range.upperBound) { return true }
        if isNumberJoiner(ByteScan.byte(text, range.upperBound)) && ByteScan.isDigit(ByteScan.byte(text, range.upperBound + 1)) {
            return true
        }
        return isNumberJoiner(ByteScan.byte(text, range.lowerBound - 1))
            && ByteScan.isDigit(ByteScan.byte(text, range.lowerBound - 2))
    }

    @inline(__always)
    private func isNumberJoiner(_ byte: UInt8) -> Bool {
        byte == ByteScan.slash || byte == ByteScan.hyphen || byte == ByteScan.dot || byte == ByteScan.colon
    }

    private func parseYearFirst(_ text: UnsafeBufferPointer<UInt8>, at start: Int) -> ParsedDate? {
        let separator = ByteScan.byte(text, start + 4)
        guard separator == ByteScan.hyphen || separator == ByteScan.slash || separator == ByteScan.dot else { return nil }
        let monthRun = ByteScan.digitRun(text, start + 5, limit: 3)
        guard (1...2).contains(monthRun), ByteScan.byte(text, start + 5 + monthRun) == separator else { return nil }
        let dayStart = start + 6 + monthRun
        let dayRun = ByteScan.digitRun(text, dayStart, limit: 3)
        guard (1...2).contains(dayRun) else { return nil }
        let range = start..<(dayStart + dayRun)
        guard !isPartOfLongerSequence(text, range) else { return nil }
        return validated(
            range, year: ByteScan.number(text, start, count: 4), month: ByteScan.number(text, start + 5, count: monthRun),
            day: ByteScan.number(text, dayStart, count: dayRun))
    }

    private func parseDayFirst(_ text: UnsafeBufferPointer<UInt8>, at start: Int, run: Int) -> ParsedDate? {
        let separator = text[start + run]
        let monthStart = start + run + 1
        let monthRun = ByteScan.digitRun(text, monthStart, limit: 3)
        guard (1...2).contains(monthRun), ByteScan.byte(text, monthStart + monthRun) == separator else { return nil }
        let yearStart = monthStart + monthRun + 1
        let yearRun = ByteScan.digitRun(text, yearStart, limit: 5)
        guard yearRun == 2 || yearRun == 4 else { return nil }
        let range = start..<(yearStart + yearRun)
        guard !isPartOfLongerSequence(text, range) else { return nil }
        var year = ByteScan.number(text, yearStart, count: yearRun)
        if yearRun == 2 { year += year <= pivotYear ? 2000 : 1900 }
        return validated(
            range, year: year, month: ByteScan.number(text, monthStart, count: monthRun),
            day: ByteScan.number(text, start, count: run))
    }

    /// `14 March 2013`, `14th March 2013`, `14th of March, 2013`, `14 Mar. 2013`, `14 Mar 13`, and joined up as on
    /// police systems: `14MAR2013`, `14Mar13`.
    private func parseDayMonthName(_ text: UnsafeBufferPointer<UInt8>, at start: Int, run: Int) -> ParsedDate? {
        guard ByteScan.isLetter(ByteScan.byte(text, start + run)) || ByteScan.byte(text, start + run) == ByteScan.space else {
            return nil
        }
        var index = skipOrdinal(text, start + run)
        let joined = index == start + run && ByteScan.isLetter(ByteScan.byte(text, index))
        if !joined {
            guard let afterSpace = skipSpaces(text, index) else { return nil }
            index = afterSpace
        }
        if ByteScan.matchesWord(text, index, Self.ofWord), let afterOf = skipSpaces(text, index + 2) { index = afterOf }
        guard let (month, monthEnd) = joined ? joinedMonthName(text, at: index) : monthName(text, at: index) else {
            return nil
        }
        index = monthEnd
        if ByteScan.byte(text, index) == ByteScan.comma { index += 1 }
        guard let yearStart = joined ? index : skipSpaces(text, index), let year = year(text, at: yearStart) else {
            return nil
        }
        return validated(start..<year.end, year: year.value, month: month, day: ByteScan.number(text, start, count: run))
    }

    /// `14-Mar-2013`, `14/March/2013`, `14.Mar.13`: the same separator on both sides of the month name.
    private func parseDayMonthNameJoined(_ text: UnsafeBufferPointer<UInt8>, at start: Int, run: Int, separator: UInt8)
        -> ParsedDate?
    {
        guard let (month, monthEnd) = monthName(text, at: start + run + 1), ByteScan.byte(text, monthEnd) == separator,
            let year = year(text, at: monthEnd + 1)
        else { return nil }
        let range = start..<year.end
        guard !isPartOfLongerSequence(text, range) else { return nil }
        return validated(range, year: year.value, month: month, day: ByteScan.number(text, start, count: run))
    }

    /// A year of four digits, or of two (pivoted) not followed by a time's colon or a decimal point, ending a word.
    private func year(_ text: UnsafeBufferPointer<UInt8>, at start: Int) -> (value: Int, end: Int)? {
        let run = ByteScan.digitRun(text, start, limit: 5)
        guard run == 4 || run == 2, ByteScan.boundaryAfter(text, start + run) else { return nil }
        if run == 4 { return (ByteScan.number(text, start, count: 4), start + 4) }
        let after = ByteScan.byte(text, start + 2)
        guard after != ByteScan.colon, !(after == ByteScan.dot && ByteScan.isDigit(ByteScan.byte(text, start + 3))) else {
            return nil
        }
        let value = ByteScan.number(text, start, count: 2)
        return (value + (value <= pivotYear ? 2000 : 1900), start + 2)
    }

    /// A three-letter month abbreviation or a full month name glued to the digits on both sides (`14MAR2013`).
    private func joinedMonthName(_ text: UnsafeBufferPointer<UInt8>, at start: Int) -> (month: Int, end: Int)? {
        let prefix =
            UInt32(ByteScan.lower(ByteScan.byte(text, start))) << 16 | UInt32(ByteScan.lower(ByteScan.byte(text, start + 1))) << 8
            | UInt32(ByteScan.lower(ByteScan.byte(text, start + 2)))
        guard let month = Self.month(prefix: prefix) else { return nil }
        var length = 3
        while length < 10 && ByteScan.isLetter(ByteScan.byte(text, start + length)) { length += 1 }
        let name = Self.months[month - 1]
        guard length == 3 || (length == name.count && ByteScan.matches(text, start, name)),
            ByteScan.isDigit(ByteScan.byte(text, start + length))
        else { return nil }
        return (month, start + length)
    }

    /// `March 14, 2013`, `Mar 14th 2013`.
    private func parseMonthFirst(_ text: UnsafeBufferPointer<UInt8>, at start: Int) -> ParsedDate? {
        guard let (month, monthEnd) = monthName(text, at: start), let dayStart = skipSpaces(text, monthEnd) else { return nil }
        let dayRun = ByteScan.digitRun(text, dayStart, limit: 3)
        guard (1...2).contains(dayRun) else { return nil }
        var index = skipOrdinal(text, dayStart + dayRun)
        guard ByteScan.boundaryAfter(text, index) else { return nil }
        if ByteScan.byte(text, index) == ByteScan.comma { index += 1 }
        guard let yearStart = skipSpaces(text, index), ByteScan.digitRun(text, yearStart, limit: 5) == 4 else { return nil }
        let range = start..<(yearStart + 4)
        guard ByteScan.boundaryAfter(text, range.upperBound) else { return nil }
        return validated(
            range, year: ByteScan.number(text, yearStart, count: 4), month: month,
            day: ByteScan.number(text, dayStart, count: dayRun))
    }

    /// A month name (full, three letters, or "Sept") at `start`, optionally followed by a dot after an abbreviation.
    private func monthName(_ text: UnsafeBufferPointer<UInt8>, at start: Int) -> (month: Int, end: Int)? {
        let prefix =
            UInt32(ByteScan.lower(ByteScan.byte(text, start))) << 16 | UInt32(ByteScan.lower(ByteScan.byte(text, start + 1))) << 8
            | UInt32(ByteScan.lower(ByteScan.byte(text, start + 2)))
        guard let month = Self.month(prefix: prefix) else { return nil }
        let name = Self.months[month - 1]
        var length = 3
        while length < 10 && ByteScan.isLetter(ByteScan.byte(text, start + length)) { length += 1 }
        let isName =
            length == 3 || (length == name.count && ByteScan.matches(text, start, name))
            || (month == 9 && length == 4 && ByteScan.lower(text[start + 3]) == 0x74)
        guard isName, ByteScan.boundaryAfter(text, start + length) else { return nil }
        var end = start + length
        if length < name.count && ByteScan.byte(text, end) == ByteScan.dot { end += 1 }
        return (month, end)
    }

    /// The month whose name starts with the three lower-case ASCII letters packed in `prefix`.
    @inline(__always)
    private static func month(prefix: UInt32) -> Int? {
        switch prefix {
        case 0x6A_616E: return 1  // jan
        case 0x66_6562: return 2  // feb
        case 0x6D_6172: return 3  // mar
        case 0x61_7072: return 4  // apr
        case 0x6D_6179: return 5  // may
        case 0x6A_756E: return 6  // jun
        case 0x6A_756C: return 7  // jul
        case 0x61_7567: return 8  // aug
        case 0x73_6570: return 9  // sep
        case 0x6F_6374: return 10  // oct
        case 0x6E_6F76: return 11  // nov
        case 0x64_6563: return 12  // dec
        default: return nil
        }
    }

    /// The offset after an ordinal suffix ("st", "nd", "rd", "th") at `index`, or `index`.
    @inline(__always)
    private func skipOrdinal(_ text: UnsafeBufferPointer<UInt8>, _ index: Int) -> Int {
        guard ByteScan.isLetter(ByteScan.byte(text, index)) else { return index }
        for suffix in Self.ordinals where ByteScan.matches(text, index, suffix) && ByteScan.boundaryAfter(text, index + 2) {
            return index + 2
        }
        return index
    }

    /// The offset after one or more spaces (at most three) at `index`, or `nil` when there is none.
    private func skipSpaces(_ text: UnsafeBufferPointer<UInt8>, _ index: Int) -> Int? {
        var end = index
        while end - index < 3 && ByteScan.byte(text, end) == ByteScan.space { end += 1 }
        return end > index ? end : nil
    }

    private func validated(_ range: Range<Int>, year: Int, month: Int, day: Int) -> ParsedDate? {
        guard (1900...2099).contains(year), (1...12).contains(month), day >= 1, day <= Self.daysIn(month, year: year) else {
            return nil
        }
        return ParsedDate(range: range, year: year, month: month, day: day)
    }

    /// Days in `month` of `year` (Gregorian).
    static func daysIn(_ month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
