/// Judges a match of a registered name that is also an ordinary word ("Grace", "Jade", "Rose", "Will", "Mark",
/// "Green", "Hope") or is very short ("Li"), from how and where it is written:
/// - a name: after a title or rank ("Mr Green", "DC Hope"), after `@`, as a chat sender label at a line start
///   ("[21:14] grace: hi"), capitalised inside a sentence ("I told Grace"), or in capitals among ordinary text;
/// - an ordinary word: in lower case ("a grace period", "i will"), after "the", "a" or "an", before a street or
///   place word ("Green Lane"), in a line of capitals, or sentence-initial before a pronoun or determiner
///   ("Will you…", "Mark the box");
/// - uncertain (redacted, and listed in the preview): capitalised at the start of a sentence before a verb of reporting
///   or a conjunction ("Grace said", "Hope and Kacper"), punctuation or the end; before any other lower-case word it
///   is taken for the ordinary word ("Green light given").
enum NameJudgement {
    /// The verdict on one match.
    enum Verdict: Equatable {
        case name
        case uncertain
        case word
    }

    /// Judges the match at `range` of `text`.
    /// - Parameters:
    ///   - text: UTF-8 text.
    ///   - range: The matched name.
    /// - Returns: The verdict.
    static func judge(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Verdict {
        let previous = TextWords.previousWord(text, before: range.lowerBound)
        if let previous, NameLexicon.titles.contains(text, previous) { return .name }
        if TextWords.isCapitalisedWords(text, range) { return .name }  // "Joy Hill", "Will Green"
        if ByteScan.byte(text, range.lowerBound - 1) == 0x40 { return .name }  // @grace
        if TextWords.isSenderLabel(text, range) { return .name }
        if TextWords.isPossessive(text, range.upperBound), previous.map({ !TextWords.isArticle(text, $0) }) ?? true {
            return .name  // "jade's mum"
        }
        switch TextWords.letterCase(text, range) {
        case .lower, .other: return .word
        case .upper:
            if let previous, TextWords.letterCase(text, previous) == .upper { return .word }
            if let next = TextWords.nextWord(text, after: range.upperBound), TextWords.letterCase(text, next) == .upper {
                return .word
            }
            return .name
        case .capitalised:
            if let previous, TextWords.isArticle(text, previous) {
                // "the Bishops", "the Wards'": a family in the plural; "the Bishop", "a Rose": the word.
                return previous.count == 3 && ByteScan.lower(text[range.upperBound - 1]) == 0x73 ? .name : .word
            }
            if isMonthUse(text, range, previous: previous) { return .word }  // "in May", "May 2024"
            let next = TextWords.nextWord(text, after: range.upperBound)
            if let next, TextWords.letterCase(text, next) == .capitalised, NameLexicon.notSurnames.contains(text, next),
                !NameLexicon.titles.contains(text, next)
            {
                return .word
            }
            guard TextWords.isSentenceStart(text, range.lowerBound) else { return .name }
            // At a sentence start: a name when a verb of reporting or a conjunction follows ("Grace said", "Hope and
            // Kacper"), or nothing, punctuation or another name; an ordinary word before any other lower-case word
            // ("Green light given", "Hope you are ok").
            if let next, next.lowerBound == range.upperBound + 1, TextWords.letterCase(text, next) == .lower {
                return NameLexicon.nameFollowers.contains(text, next) ? .uncertain : .word
            }
            return .uncertain
        }
    }
}

extension NameJudgement {
    /// Month names that are also first names.
    private static let months = WordSet("january february march april may june july august september october november december")
    /// Words before a month ("in May", "since June").
    private static let beforeMonths = WordSet(
        "in on of since until till by from last next early late mid during before after this every each throughout")

    /// Whether a month name that is also a name is used as the month: after "in", "since", "last"…, or beside a
    /// number ("May 2024", "3 May").
    static func isMonthUse(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, previous: Range<Int>?) -> Bool {
        guard months.contains(text, range) else { return false }
        if let previous, beforeMonths.contains(text, previous) || ByteScan.isDigit(text[previous.lowerBound]) { return true }
        if let next = TextWords.nextWord(text, after: range.upperBound), ByteScan.isDigit(text[next.lowerBound]) { return true }
        return false
    }
}

/// Words around a position in UTF-8 text, for the judgements of names and the cues for people.
enum TextWords {
    /// How a word is written.
    enum LetterCase: Equatable {
        /// "grace"
        case lower
        /// "Grace"
        case capitalised
        /// "GRACE"
        case upper
        /// Starts with a digit or another script.
        case other
    }

    /// Whether `byte` (or a UTF-8 lead or continuation byte) can be part of a word.
    @inline(__always)
    static func isWordByte(_ byte: UInt8) -> Bool { ByteScan.isAlnum(byte) || byte >= 0x80 }

    /// The case of the word at `range`: its first letter, and for capitals every ASCII letter (at least two).
    static func letterCase(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> LetterCase {
        guard !range.isEmpty else { return .other }
        let first = text[range.lowerBound]
        let firstUpper: Bool
        if first < 0x80 {
            guard ByteScan.isLetter(first) else { return .other }
            firstUpper = ByteScan.isUpper(first)
        } else {
            firstUpper = isUpperScalar(ByteScan.scalar(startingAt: range.lowerBound, in: text))
        }
        guard firstUpper else { return .lower }
        var letters = 0
        var lower = false
        for index in range where ByteScan.isLetter(text[index]) {
            letters += 1
            if ByteScan.isLower(text[index]) { lower = true }
        }
        return !lower && letters >= 2 ? .upper : .capitalised
    }

    /// Whether `range` holds two or more words, each capitalised ("Joy Hill").
    static func isCapitalisedWords(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        var words = 0
        var index = range.lowerBound
        while index < range.upperBound {
            guard isWordByte(text[index]) else {
                index += 1
                continue
            }
            var end = index
            while end < range.upperBound && isWordByte(text[end]) { end += 1 }
            guard letterCase(text, index..<end) == .capitalised else { return false }
            words += 1
            index = end
        }
        return words >= 2
    }

    /// Upper-case Latin letters with diacritics (Latin-1 and Latin Extended-A).
    static func isUpperScalar(_ value: UInt32) -> Bool {
        switch value {
        case 0xC0...0xDE: return value != 0xD7
        case 0x100...0x137, 0x14A...0x177: return value % 2 == 0
        case 0x139...0x148, 0x179...0x17E: return value % 2 == 1
        default: return false
        }
    }

    /// The word that ends before `start`, skipping spaces and tabs and at most one full stop ("Mr. Green"), on the
    /// same line.
    static func previousWord(_ text: UnsafeBufferPointer<UInt8>, before start: Int) -> Range<Int>? {
        var end = start
        while ByteScan.isBlank(ByteScan.byte(text, end - 1)) && start - end < 4 { end -= 1 }
        if ByteScan.byte(text, end - 1) == ByteScan.dot { end -= 1 }
        guard end > 0, isWordByte(text[end - 1]) else { return nil }
        var begin = end
        while begin > 0 && end - begin < 24 && isWordByte(text[begin - 1]) { begin -= 1 }
        return begin..<end
    }

    /// The word that starts after `end`, skipping spaces and tabs, on the same line.
    static func nextWord(_ text: UnsafeBufferPointer<UInt8>, after end: Int) -> Range<Int>? {
        var start = end
        while ByteScan.isBlank(ByteScan.byte(text, start)) && start - end < 4 { start += 1 }
        guard start > end, start < text.count, isWordByte(text[start]) else { return nil }
        var stop = start
        while stop < text.count && stop - start < 24 && isWordByte(text[stop]) { stop += 1 }
        return start..<stop
    }

    /// Whether the word at `range` is "the", "a" or "an" in lower case.
    static func isArticle(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        switch range.count {
        case 1: return text[range.lowerBound] == 0x61
        case 2: return text[range.lowerBound] == 0x61 && text[range.lowerBound + 1] == 0x6E
        case 3: return ByteScan.matches(text, range.lowerBound, literal: "the") && ByteScan.isLower(text[range.lowerBound])
        default: return false
        }
    }

    /// Whether `'s` or `’s` ends a word at `index`.
    static func isPossessive(_ text: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        var next = index
        if ByteScan.byte(text, next) == ByteScan.apostrophe {
            next += 1
        } else if ByteScan.byte(text, next) == 0xE2 && ByteScan.byte(text, next + 1) == 0x80
            && ByteScan.byte(text, next + 2) == 0x99
        {
            next += 3
        } else {
            return false
        }
        return ByteScan.lower(ByteScan.byte(text, next)) == 0x73 && ByteScan.boundaryAfter(text, next + 1)
    }

    /// Offset of the start of the line holding `index`.
    static func lineStart(_ text: UnsafeBufferPointer<UInt8>, _ index: Int) -> Int {
        var start = index
        while start > 0 && index - start < 512 && text[start - 1] != ByteScan.newline { start -= 1 }
        return start
    }

    /// Whether the text before `index` on its line holds no lower-case ASCII letter (a timestamp, a bullet, brackets).
    static func onlyPrefixBefore(_ text: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        var position = index
        while position > 0 && index - position < 48 {
            let byte = text[position - 1]
            if byte == ByteScan.newline { return true }
            if ByteScan.isLower(byte) || byte >= 0x80 { return false }
            position -= 1
        }
        return position == 0
    }

    /// Whether `range` is (part of) a chat sender label: at a line start after at most a timestamp, and followed by
    /// a colon (and at most one more word before it: "Kacper N:").
    static func isSenderLabel(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard onlyPrefixBefore(text, range.lowerBound) || isLabelAfterName(text, range.lowerBound) else { return false }
        var index = range.upperBound
        if let next = nextWord(text, after: index), ByteScan.byte(text, next.upperBound) == ByteScan.colon {
            index = next.upperBound
        }
        return ByteScan.byte(text, index) == ByteScan.colon && !ByteScan.isDigit(ByteScan.byte(text, index + 1))
    }

    /// Whether `start` is the second word of a two-word label at a line start ("Kacper Nowak:").
    private static func isLabelAfterName(_ text: UnsafeBufferPointer<UInt8>, _ start: Int) -> Bool {
        guard let previous = previousWord(text, before: start), previous.upperBound < start else { return false }
        return onlyPrefixBefore(text, previous.lowerBound)
    }

    /// Whether `start` begins a sentence: only spaces, quotes, brackets, bullets or asterisks separate it from the
    /// start of the text, a line break, or a `.`, `!`, `?` or `:`.
    static func isSentenceStart(_ text: UnsafeBufferPointer<UInt8>, _ start: Int) -> Bool {
        var index = start
        while index > 0 && start - index < 16 {
            let byte = text[index - 1]
            switch byte {
            case ByteScan.space, ByteScan.tab, 0x22, 0x27, ByteScan.openParen, 0x5B, 0x2A, ByteScan.hyphen, 0x3E:
                index -= 1
            case ByteScan.newline, ByteScan.carriageReturn, ByteScan.dot, 0x21, 0x3F, ByteScan.colon: return true
            default: return false
            }
        }
        return index == 0
    }
}
