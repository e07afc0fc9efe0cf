/// Dates of birth: the first date starting up to 40 bytes after the end of a keyword such as "DOB", "D.O.B.",
/// "date of birth", "born" or "birthday", or, when there is none, the last date ending up to 20 bytes before the keyword
/// on the same line ("14/03/2013 (DOB)"); and any date equal to one of the case's known dates of birth.
struct DateOfBirthDetector: TextDetector {
    /// `yyyy-mm-dd` dates that are dates of birth wherever they appear.
    var knownBirthDates: Set<String>
    /// The date recogniser.
    var parser = DateParser()

    /// How far after the end of a keyword a date may start.
    static let maxGapAfter = 40
    /// How far before the start of a keyword a date may end.
    static let maxGapBefore = 20

    init(knownBirthDates: Set<String>) {
        self.knownBirthDates = knownBirthDates
    }

    func scan(_ text: UnsafeBufferPointer<UInt8>, into findings: inout [Finding]) {
        let keywords = Self.keywords(in: text)
        var dates: [ParsedDate] = []
        if knownBirthDates.isEmpty {
            // Only look for dates around keywords.
            var scannedUpTo = 0
            for keyword in keywords {
                let from = max(scannedUpTo, keyword.lowerBound - Self.maxGapBefore - 32)
                let to = keyword.upperBound + Self.maxGapAfter + 1
                parser.forEach(in: text, starts: from..<to) { dates.append($0) }
                scannedUpTo = max(to, dates.last?.range.upperBound ?? 0)
            }
        } else {
            parser.forEach(in: text, starts: 0..<text.count) { dates.append($0) }
        }
        guard !dates.isEmpty else { return }
        var chosen = [Bool](repeating: false, count: dates.count)
        if !knownBirthDates.isEmpty {
            for (offset, date) in dates.enumerated() where knownBirthDates.contains(date.key) { chosen[offset] = true }
        }
        var next = 0  // first date starting at or after the current keyword's end
        for keyword in keywords {
            while next < dates.count && dates[next].range.lowerBound < keyword.upperBound { next += 1 }
            if next < dates.count && dates[next].range.lowerBound - keyword.upperBound <= Self.maxGapAfter {
                chosen[next] = true
                continue  // a keyword introduces the date after it; the one before belongs to something else
            }
            var previous = next - 1
            while previous >= 0 && dates[previous].range.upperBound > keyword.lowerBound { previous -= 1 }
            if previous >= 0 {
                let gap = dates[previous].range.upperBound..<keyword.lowerBound
                if gap.count <= Self.maxGapBefore && !gap.contains(where: { text[$0] == ByteScan.newline }) {
                    chosen[previous] = true
                }
            }
        }
        for (offset, date) in dates.enumerated() where chosen[offset] {
            findings.append(Finding(range: date.range, kind: .identifier(.dateOfBirth), key: date.key))
        }
    }

    private static let dob: [UInt8] = Array("dob".utf8)
    private static let dottedDOB: [UInt8] = Array("d.o.b".utf8)
    private static let date: [UInt8] = Array("date".utf8)
    private static let of: [UInt8] = Array("of".utf8)
    private static let birth: [UInt8] = Array("birth".utf8)
    private static let born: [UInt8] = Array("born".utf8)
    private static let birthday: [UInt8] = Array("birthday".utf8)
    private static let birthdate: [UInt8] = Array("birthdate".utf8)

    /// Ranges of the date-of-birth keywords in `text`, in order.
    /// - Parameter text: UTF-8 text.
    /// - Returns: The keyword ranges.
    static func keywords(in text: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var index = 0
        let count = text.count
        while index < count {
            let byte = text[index] | 0x20
            guard byte == 0x64 || byte == 0x62, ByteScan.isLetter(text[index]), ByteScan.boundaryBefore(text, index) else {
                index += 1
                continue
            }
            if let end = keyword(text, at: index) {
                result.append(index..<end)
                index = end
                continue
            }
            index += 1
            while index < count && ByteScan.isAlnum(text[index]) { index += 1 }
        }
        return result
    }

    /// The keyword at `start` (a word start beginning with "d" or "b").
    private static func keyword(_ text: UnsafeBufferPointer<UInt8>, at start: Int) -> Int? {
        if ByteScan.matchesWord(text, start, dob) { return start + 3 }
        if ByteScan.matches(text, start, dottedDOB) {
            let end = start + 5
            return ByteScan.byte(text, end) == ByteScan.dot ? end + 1 : (ByteScan.boundaryAfter(text, end) ? end : nil)
        }
        if ByteScan.matchesWord(text, start, born) { return start + 4 }
        if ByteScan.matchesWord(text, start, birthday) { return start + 8 }
        if ByteScan.matchesWord(text, start, birthdate) { return start + 9 }
        if ByteScan.matchesWord(text, start, birth) {
            // "birth date"
            if let dateStart = spaces(text, start + 5), ByteScan.matchesWord(text, dateStart, date) { return dateStart + 4 }
            return nil
        }
        if ByteScan.matchesWord(text, start, date), let ofStart = spaces(text, start + 4),
            ByteScan.matchesWord(text, ofStart, of),
            let birthStart = spaces(text, ofStart + 2), ByteScan.matchesWord(text, birthStart, birth)
        {
            return birthStart + 5
        }
        return nil
    }

    /// The offset after a run of spaces, tabs or line breaks at `index`, or `nil` when there is none.
    private static func spaces(_ text: UnsafeBufferPointer<UInt8>, _ index: Int) -> Int? {
        var end = index
        while end < text.count && end - index < 8
            && (ByteScan.isBlank(text[end]) || text[end] == ByteScan.newline || text[end] == ByteScan.carriageReturn)
        {
            end += 1
        }
        return end > index ? end : nil
    }
}
