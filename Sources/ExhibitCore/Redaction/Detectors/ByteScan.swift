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

    /// The first offset at or after `start` whose byte is in `low..<(low + span)`, or `text.count`. Skips 16 bytes at a
    /// time with SIMD compares, so scanners triggered by digits (`low` 0x30, `span` 10) or by digits and colons (span 11)
    /// touch most of the text only in bulk.
    @inline(__always)
    static func next(in text: UnsafeBufferPointer<UInt8>, from start: Int, low: UInt8, span: UInt8) -> Int {
        var index = start
        let count = text.count
        if let base = text.baseAddress {
            let raw = UnsafeRawPointer(base)
            let lows = SIMD16<UInt8>(repeating: low)
            let spans = SIMD16<UInt8>(repeating: span)
            while index &+ 16 <= count {
                let block = raw.loadUnaligned(fromByteOffset: index, as: SIMD16<UInt8>.self)
                if let lane = firstLane((block &- lows) .< spans) { return index &+ lane }
                index &+= 16
            }
        }
        while index < count && text[index] &- low >= span { index += 1 }
        return index
    }

    /// The first true lane of a 16-lane mask, or `nil` (two 64-bit tests instead of a generic reduction).
    @inline(__always)
    static func firstLane(_ mask: SIMDMask<SIMD16<Int8>>) -> Int? {
        let halves = unsafeBitCast(mask, to: SIMD2<UInt64>.self)
        if halves[0] != 0 { return halves[0].trailingZeroBitCount >> 3 }
        if halves[1] != 0 { return 8 &+ halves[1].trailingZeroBitCount >> 3 }
        return nil
    }

    /// The first offset at or after `start` holding an ASCII digit, or `text.count`.
    @inline(__always)
    static func nextDigit(in text: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        next(in: text, from: start, low: zero, span: 10)
    }

    /// Whether the `count` bytes before `end` are ASCII letters starting a word (not preceded by a letter or digit) and
    /// not before `lowerBound`.
    @inline(__always)
    static func isLetterWord(_ text: UnsafeBufferPointer<UInt8>, count: Int, before end: Int, notBefore lowerBound: Int) -> Bool {
        let start = end - count
        guard start >= lowerBound, start >= 0 else { return false }
        for index in start..<end where !isLetter(text[index]) { return false }
        return boundaryBefore(text, start)
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

    /// Whether the lower-case ASCII `word` is at `index`, compared case-insensitively.
    @inline(__always)
    static func matches(_ text: UnsafeBufferPointer<UInt8>, _ index: Int, _ word: ArraySlice<UInt8>) -> Bool {
        guard index >= 0, index + word.count <= text.count else { return false }
        for (offset, expected) in word.enumerated() where lower(text[index + offset]) != expected { return false }
        return true
    }

    /// Whether the lower-case ASCII `word` is at `index`, compared case-insensitively (a literal: no lazy global).
    @inline(__always)
    static func matches(_ text: UnsafeBufferPointer<UInt8>, _ index: Int, literal word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard index >= 0, index + count <= text.count else { return false }
        let bytes = word.utf8Start
        for offset in 0..<count where lower(text[index + offset]) != bytes[offset] { return false }
        return true
    }

    /// Whether the case-insensitive literal `word` is at `index` and is not followed by a letter.
    @inline(__always)
    static func matchesWord(_ text: UnsafeBufferPointer<UInt8>, _ index: Int, literal word: StaticString) -> Bool {
        matches(text, index, literal: word) && !isLetter(byte(text, index + word.utf8CodeUnitCount))
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
