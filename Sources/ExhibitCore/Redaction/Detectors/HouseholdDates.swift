/// Dates of birth with no keyword, where a household list or a record of people puts them: after a family or
/// household role ("MAZUR, Comfort - mother - 09-Apr-1968", "son: 18/05/2013"), after a "SURNAME, Forename" that
/// starts its line ("NOWAK, Kacper 18.05.2013"), or in brackets after a name that starts its line
/// ("Kacper Nowak (18/05/2013)"). Only separators (spaces, tabs, `-`, `–`, `,`, `:`, `;`, `|`, `(`) may stand between
/// the cue and the date, so "the mother called on 14/03/2024" keeps its date.
enum HouseholdDates {
    /// Calls `body` with every date of birth that a household cue introduces.
    /// - Parameters:
    ///   - text: UTF-8 text.
    ///   - parser: The date recogniser.
    ///   - body: Called with each date.
    static func forEach(in text: UnsafeBufferPointer<UInt8>, parser: DateParser, _ body: (ParsedDate) -> Void) {
        var index = 0
        let count = text.count
        while index < count {
            let digit = ByteScan.nextDigit(in: text, from: index)
            guard digit < count else { return }
            // Quick rejection: only a separator may stand just before the date (not "/", ":", a line break…).
            let previous = ByteScan.byte(text, digit - 1)
            guard isSeparator(previous) || isDashByte(text, digit - 1) else {
                index = digit + 1
                while index < count && ByteScan.isDigit(text[index]) { index += 1 }
                continue
            }
            let run = ByteScan.digitRun(text, digit)
            index = digit + max(1, run)
            guard run <= 4 else { continue }
            // Quick rejection: a letter (or a month name's dot) must come shortly before the date.
            var back = digit
            while digit - back < 8, isSeparator(ByteScan.byte(text, back - 1)) || isDashByte(text, back - 1) { back -= 1 }
            guard ByteScan.isLetter(ByteScan.byte(text, back - 1)) || ByteScan.byte(text, back - 1) == ByteScan.dot,
                let date = parser.parse(text, digitAt: digit, notBefore: 0)
            else { continue }
            if isIntroduced(text, date.range.lowerBound) {
                body(date)
                index = max(index, date.range.upperBound)
            }
        }
    }

    @inline(__always)
    private static func isSeparator(_ byte: UInt8) -> Bool {
        byte == ByteScan.space || byte == ByteScan.tab || byte == ByteScan.hyphen || byte == ByteScan.comma
            || byte == ByteScan.colon || byte == 0x3B || byte == 0x7C || byte == ByteScan.openParen
    }

    /// Whether the byte at `index` is part of an en or em dash (E2 80 93 / 94).
    @inline(__always)
    private static func isDashByte(_ text: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        let byte = ByteScan.byte(text, index)
        guard byte == 0x93 || byte == 0x94 || byte == 0x80 || byte == 0xE2 else { return false }
        var start = index
        while start > 0 && index - start < 2 && text[start] != 0xE2 { start -= 1 }
        return ByteScan.byte(text, start) == 0xE2 && ByteScan.byte(text, start + 1) == 0x80
            && (ByteScan.byte(text, start + 2) == 0x93 || ByteScan.byte(text, start + 2) == 0x94)
    }

    /// Whether a household cue ends just before the date starting at `start` (see the type's summary).
    static func isIntroduced(_ text: UnsafeBufferPointer<UInt8>, _ start: Int) -> Bool {
        var end = start
        var bracket = false
        while start - end < 8, isSeparator(ByteScan.byte(text, end - 1)) || isDashByte(text, end - 1) {
            if ByteScan.byte(text, end - 1) == ByteScan.openParen { bracket = true }
            end -= 1
        }
        guard end < start, let word = TextWords.previousWord(text, before: end), word.upperBound == end else { return false }
        if NameLexicon.householdRoles.contains(text, word) { return true }
        guard TextWords.letterCase(text, word) != .lower else { return false }
        let lineStart = TextWords.lineStart(text, word.lowerBound)
        return isSurnameFirstLine(text, lineStart..<word.upperBound) || (bracket && isNameLine(text, lineStart..<word.upperBound))
    }

    /// Whether `range` is "SURNAME, Forename" or "SURNAME, Forename Middle".
    private static func isSurnameFirstLine(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        let first = range.lowerBound..<PersonNameDetector.wordEnd(text, range.lowerBound)
        guard TextWords.letterCase(text, first) == .upper, ByteScan.byte(text, first.upperBound) == ByteScan.comma,
            let forename = TextWords.nextWord(text, after: first.upperBound + 1),
            let rest = PersonNameDetector.nameRun(text, from: forename.lowerBound)
        else { return false }
        return rest.upperBound == range.upperBound
    }

    /// Whether `range` is two to four capitalised words (a name starting its line).
    private static func isNameLine(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard let run = PersonNameDetector.nameRun(text, from: range.lowerBound), run.upperBound == range.upperBound else {
            return false
        }
        return range.contains { text[$0] == ByteScan.space }
    }
}
