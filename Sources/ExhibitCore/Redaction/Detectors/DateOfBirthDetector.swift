/// Dates of birth: the first date starting up to 40 bytes after the end of a keyword such as "DOB", "D.O.B.",
/// "date of birth", "born" or "birthday", or, when there is none, the last date ending up to 20 bytes before the keyword
/// on the same line ("14/03/2013 (DOB)"); and any date equal to one of the case's known dates of birth.
struct DateOfBirthDetector: TextDetector {
    /// `yyyy-mm-dd` dates that are dates of birth wherever they appear.
    let knownBirthDates: Set<String>
    /// The same dates as `yyyymmdd` numbers, sorted (a handful per case: a linear search beats hashing).
    private let knownDays: [Int]
    /// The date recogniser.
    var parser = DateParser()

    /// How far after the end of a keyword a date may start.
    static let maxGapAfter = 40
    /// How far before the start of a keyword a date may end.
    static let maxGapBefore = 20

    init(knownBirthDates: Set<String>) {
        self.knownBirthDates = knownBirthDates
        knownDays = knownBirthDates.compactMap { text in
            let parts = text.split(separator: "-")
            guard parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else {
                return nil
            }
            return year * 10_000 + month * 100 + day
        }.sorted()
    }

    func scan(_ text: UnsafeBufferPointer<UInt8>, into findings: inout [Finding]) {
        let keywords = Self.keywords(in: text)
        var dates: [ParsedDate] = []
        var known: [Bool] = []
        if knownDays.isEmpty {
            // Only look for dates around keywords.
            var scannedUpTo = 0
            for keyword in keywords {
                let from = max(scannedUpTo, keyword.lowerBound - Self.maxGapBefore - 32)
                let to = keyword.upperBound + Self.maxGapAfter + 12  // "September 14": the digit comes after the name
                // A date found for the previous keyword can run past this keyword's window: nothing new to scan.
                guard from < to else { continue }
                parser.forEach(in: text, starts: from..<to) { dates.append($0) }
                scannedUpTo = max(to, dates.last?.range.upperBound ?? 0)
            }
            known = [Bool](repeating: false, count: dates.count)
        } else {
            // Every date, keeping those that are known and those near enough to a keyword to be associated with it.
            var nearby = 0  // first keyword that does not end too far before the current date
            parser.forEach(in: text, starts: 0..<text.count) { date in
                while nearby < keywords.count && keywords[nearby].upperBound + Self.maxGapAfter < date.range.lowerBound {
                    nearby += 1
                }
                let day = date.day + 100 * date.month + 10_000 * date.year
                let isKnown = knownDays.count <= 16 ? knownDays.contains(day) : Self.sortedContains(knownDays, day)
                let isNear = nearby < keywords.count && keywords[nearby].lowerBound <= date.range.upperBound + Self.maxGapBefore
                if isKnown || isNear {
                    dates.append(date)
                    known.append(isKnown)
                }
            }
        }
        HouseholdDates.forEach(in: text, parser: parser) { date in
            findings.append(Finding(range: date.range, kind: .identifier(.dateOfBirth), key: date.key))
        }
        guard !dates.isEmpty else { return }
        var chosen = known
        var next = 0  // first date starting at or after the current keyword's end
        for keyword in keywords {
            while next < dates.count && dates[next].range.lowerBound < keyword.upperBound { next += 1 }
            if next < dates.count && dates[next].range.lowerBound - keyword.upperBound <= Self.maxGapAfter
                && !Self.textThenLineBreak(text, keyword.upperBound..<dates[next].range.lowerBound)
            {
                chosen[next] = true
                continue  // a keyword introduces the date after it; the one before belongs to something else
            }
            var previous = next - 1
            while previous >= 0 && dates[previous].range.upperBound > keyword.lowerBound { previous -= 1 }
            if previous >= 0 {
                let gap = dates[previous].range.upperBound..<keyword.lowerBound
                let lineBreak = gap.contains { text[$0] == ByteScan.newline || text[$0] == ByteScan.carriageReturn }
                if gap.count <= Self.maxGapBefore && !lineBreak {
                    chosen[previous] = true
                }
            }
        }
        for (offset, date) in dates.enumerated() where chosen[offset] {
            findings.append(Finding(range: date.range, kind: .identifier(.dateOfBirth), key: date.key))
        }
    }

    /// Whether `gap` has a letter or digit and then a line break: the keyword's line went on to something else, so a
    /// date on a later line is not the one it introduces ("Happy birthday x\n[19/11/2026, 21:05]" is a chat
    /// timestamp; "DOB:\n14/03/2013" is a date of birth).
    private static func textThenLineBreak(_ text: UnsafeBufferPointer<UInt8>, _ gap: Range<Int>) -> Bool {
        var sawText = false
        for index in gap {
            let byte = text[index]
            if byte == ByteScan.newline { return sawText }
            if ByteScan.isAlnum(byte) { sawText = true }
        }
        return false
    }

    /// Binary search in a sorted array.
    private static func sortedContains(_ sorted: [Int], _ value: Int) -> Bool {
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low < sorted.count && sorted[low] == value
    }

    /// Ranges of the date-of-birth keywords in `text`, in order.
    /// - Parameter text: UTF-8 text.
    /// - Returns: The keyword ranges.
    static func keywords(in text: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var index = 0
        let count = text.count
        while index < count {
            index = nextDOrB(text, from: index)
            guard index < count else { break }
            if ByteScan.boundaryBefore(text, index), let end = keyword(text, at: index) {
                result.append(index..<end)
                index = end
                continue
            }
            index += 1
        }
        return result
    }

    /// The first offset at or after `start` holding `d`, `D`, `b` or `B` (keywords start with one) not preceded by an
    /// ASCII letter or digit, or `text.count`.
    @inline(__always)
    private static func nextDOrB(_ text: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        let count = text.count
        if let base = text.baseAddress, index >= 1 {
            let raw = UnsafeRawPointer(base)
            let caseBit = SIMD16<UInt8>(repeating: 0x20)
            let lowerD = SIMD16<UInt8>(repeating: 0x64)
            let lowerB = SIMD16<UInt8>(repeating: 0x62)
            let lowerA = SIMD16<UInt8>(repeating: 0x61)
            let zero = SIMD16<UInt8>(repeating: ByteScan.zero)
            let letters = SIMD16<UInt8>(repeating: 26)
            let digits = SIMD16<UInt8>(repeating: 10)
            while index &+ 16 <= count {
                let block = raw.loadUnaligned(fromByteOffset: index, as: SIMD16<UInt8>.self) | caseBit
                let previous = raw.loadUnaligned(fromByteOffset: index &- 1, as: SIMD16<UInt8>.self)
                let wordBefore = (((previous | caseBit) &- lowerA) .< letters) .| ((previous &- zero) .< digits)
                if let lane = ByteScan.firstLane(((block .== lowerD) .| (block .== lowerB)) .& .!wordBefore) {
                    return index &+ lane
                }
                index &+= 16
            }
        }
        while index < count {
            let lowered = text[index] | 0x20
            if (lowered == 0x64 || lowered == 0x62) && (index == 0 || !ByteScan.isAlnum(text[index - 1])) { break }
            index += 1
        }
        return index
    }

    /// The keyword at `start` (a word start beginning with "d" or "b").
    private static func keyword(_ text: UnsafeBufferPointer<UInt8>, at start: Int) -> Int? {
        if ByteScan.matchesWord(text, start, literal: "dob") { return start + 3 }
        if ByteScan.matches(text, start, literal: "d.o.b") {
            let end = start + 5
            return ByteScan.byte(text, end) == ByteScan.dot ? end + 1 : (ByteScan.boundaryAfter(text, end) ? end : nil)
        }
        if ByteScan.matchesWord(text, start, literal: "born") { return start + 4 }
        if ByteScan.matchesWord(text, start, literal: "birthday") { return start + 8 }
        if ByteScan.matchesWord(text, start, literal: "birthdate") { return start + 9 }
        if ByteScan.matchesWord(text, start, literal: "birth") {
            // "birth date"
            if let dateStart = spaces(text, start + 5), ByteScan.matchesWord(text, dateStart, literal: "date") {
                return dateStart + 4
            }
            return nil
        }
        if ByteScan.matchesWord(text, start, literal: "date"), let ofStart = spaces(text, start + 4),
            ByteScan.matchesWord(text, ofStart, literal: "of"),
            let birthStart = spaces(text, ofStart + 2), ByteScan.matchesWord(text, birthStart, literal: "birth")
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
