/// Byte classes, word boundaries and small helpers shared by the hand-written scanners.
///
/// All scanners work on UTF-8 bytes. ASCII is classified with arithmetic; a byte of 0x80 or more only matters at a
/// boundary, where the whole code point is decoded (so a match is never glued to "é" and never split inside it, while
/// punctuation such as U+2019 or a no-break space still separates words).
enum ByteScan {
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09
    static let newline: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D
    static let plus: UInt8 = 0x2B
    static let comma: UInt8 = 0x2C
    static let hyphen: UInt8 = 0x2D
    static let dot: UInt8 = 0x2E
    static let slash: UInt8 = 0x2F
    static let colon: UInt8 = 0x3A
    static let openParen: UInt8 = 0x28
    static let closeParen: UInt8 = 0x29
    static let apostrophe: UInt8 = 0x27
    static let zero: UInt8 = 0x30

    @inline(__always) static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }
    @inline(__always) static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) &- 0x61 < 26 }
    @inline(__always) static func isUpper(_ byte: UInt8) -> Bool { byte &- 0x41 < 26 }
    @inline(__always) static func isLower(_ byte: UInt8) -> Bool { byte &- 0x61 < 26 }
    @inline(__always) static func isAlnum(_ byte: UInt8) -> Bool { isDigit(byte) || isLetter(byte) }
    @inline(__always) static func isHex(_ byte: UInt8) -> Bool { isDigit(byte) || (byte | 0x20) &- 0x61 < 6 }
    @inline(__always) static func lower(_ byte: UInt8) -> UInt8 { isUpper(byte) ? byte | 0x20 : byte }
    @inline(__always) static func upper(_ byte: UInt8) -> UInt8 { isLower(byte) ? byte & 0xDF : byte }
    @inline(__always) static func isBlank(_ byte: UInt8) -> Bool { byte == space || byte == tab }

    /// The byte at `index`, or 0 outside the buffer (0 is neither a letter, a digit nor a separator).
    @inline(__always)
    static func byte(_ text: UnsafeBufferPointer<UInt8>, _ index: Int) -> UInt8 {
        index >= 0 && index < text.count ? text[index] : 0
    }

    /// Whether the code point ending at `index` (exclusive) is not a letter or digit (true at the start).
    @inline(__always)
    static func boundaryBefore(_ text: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        if index <= 0 { return true }
        let previous = text[index - 1]
        if previous < 0x80 { return !isAlnum(previous) }
        return !isWordScalar(scalar(endingAt: index, in: text))
    }

    /// Whether the code point starting at `index` is not a letter or digit (true at the end).
    @inline(__always)
    static func boundaryAfter(_ text: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        if index >= text.count { return true }
        let next = text[index]
        if next < 0x80 { return !isAlnum(next) }
        return !isWordScalar(scalar(startingAt: index, in: text))
    }

    /// Whether a code point counts as part of a word: letters and digits of any script (approximately: everything but
    /// the Latin-1 and general punctuation blocks, symbols, arrows, box drawing, CJK punctuation, emoji and tags).
    static func isWordScalar(_ value: UInt32) -> Bool {
        switch value {
        case 0..<0x80:
            let byte = UInt8(truncatingIfNeeded: value)
            return isAlnum(byte)
        case 0x80..<0xC0, 0xD7, 0xF7: return false
        case 0x2000..<0x2C00, 0x2E00..<0x2E80, 0x3000..<0x3040: return false
        case 0xFE00..<0xFE70, 0xFEFF, 0xFF00..<0xFF10, 0xFFF0...0xFFFF: return false
        case 0x1F000..<0x1FC00, 0xE0000...: return false
        default: return true
        }
    }

    /// Decodes the code point starting at `index`; 0 when the bytes there are not valid UTF-8.
    static func scalar(startingAt index: Int, in text: UnsafeBufferPointer<UInt8>) -> UInt32 {
        let lead = text[index]
        let length: Int
        var value: UInt32
        switch lead {
        case 0..<0x80: return UInt32(lead)
        case 0xC2..<0xE0:
            length = 2
            value = UInt32(lead & 0x1F)
        case 0xE0..<0xF0:
            length = 3
            value = UInt32(lead & 0x0F)
        case 0xF0..<0xF5:
            length = 4
            value = UInt32(lead & 0x07)
        default: return 0
        }
        guard index + length <= text.count else { return 0 }
        for offset in 1..<length {
            let continuation = text[index + offset]
            guard continuation & 0xC0 == 0x80 else { return 0 }
            value = value << 6 | UInt32(continuation & 0x3F)
        }
        return value
    }

    /// Decodes the code point that ends just before `index`; 0 when the bytes there are not valid UTF-8.
    static func scalar(endingAt index: Int, in text: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var start = index - 1
        while start > 0 && index - start < 4 && text[start] & 0xC0 == 0x80 { start -= 1 }
        guard start >= 0, start + sequenceLength(text[start]) == index else { return 0 }
        return scalar(startingAt: start, in: text)
    }

    /// Length of the UTF-8 sequence introduced by `lead` (1 for a stray continuation byte).
    @inline(__always)
    static func sequenceLength(_ lead: UInt8) -> Int {
        switch lead {
        case 0xC0..<0xE0: return 2
        case 0xE0..<0xF0: return 3
        case 0xF0..<0xF8: return 4
        default: return 1
        }
    }

    /// Length of the run of ASCII digits starting at `index` (looking at no more than `limit` bytes).
    @inline(__always)
    static func digitRun(_ text: UnsafeBufferPointer<UInt8>, _ index: Int, limit: Int = 32) -> Int {
        var end = index
        let stop = min(text.count, index + limit)
        while end < stop && isDigit(text[end]) { end += 1 }
        return end - index
    }

    /// Value of the `count` ASCII digits starting at `index`.
    @inline(__always)
    static func number(_ text: UnsafeBufferPointer<UInt8>, _ index: Int, count: Int) -> Int {
        var value = 0
        for offset in 0..<count { value = value * 10 + Int(text[index + offset] &- zero) }
        return value
    }

    /// Whether the lower-case ASCII `word` is at `index`, compared case-insensitively.
    @inline(__always)
    static func matches(_ text: UnsafeBufferPointer<UInt8>, _ index: Int, _ word: [UInt8]) -> Bool {
        guard index >= 0, index + word.count <= text.count else { return false }
        for offset in 0..<word.count where lower(text[index + offset]) != word[offset] { return false }
        return true
    }

    /// Whether the case-insensitive `word` is at `index` and is not followed by a letter.
    @inline(__always)
    static func matchesWord(_ text: UnsafeBufferPointer<UInt8>, _ index: Int, _ word: [UInt8]) -> Bool {
        matches(text, index, word) && !isLetter(byte(text, index + word.count))
    }

    /// The bytes of `range` as a string.
    static func string(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: text[range]), as: UTF8.self)
    }

    /// The ASCII digits of `range` as a string.
    static func digits(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        var out = [UInt8]()
        out.reserveCapacity(range.count)
        for index in range where isDigit(text[index]) { out.append(text[index]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// The letters and digits of `range`, upper-cased, as a string.
    static func upperAlnum(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        var out = [UInt8]()
        out.reserveCapacity(range.count)
        for index in range where isAlnum(text[index]) { out.append(upper(text[index])) }
        return String(decoding: out, as: UTF8.self)
    }

    /// The text of `range` with ASCII lower-cased and each run of white space turned into one space.
    static func lowerSingleSpaced(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        var out = [UInt8]()
        out.reserveCapacity(range.count)
        var pendingSpace = false
        for index in range {
            let byte = text[index]
            if byte == space || byte == tab || byte == newline || byte == carriageReturn {
                pendingSpace = true
                continue
            }
            if pendingSpace && !out.isEmpty { out.append(space) }
            pendingSpace = false
            out.append(lower(byte))
        }
        return String(decoding: out, as: UTF8.self)
    }
}
