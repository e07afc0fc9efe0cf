/// UK postcodes (the UK Government Data Standards pattern), with or without the space, all upper or all lower case.
struct PostcodeDetector: DigitRunDetector {
    static let kind = IdentifierKind.postcode

    static func finding(
        in text: UnsafeBufferPointer<UInt8>, digitRunAt digit: Int, length run: Int, notBefore lowerBound: Int
    ) -> Finding? {
        // Every postcode has a digit one or two letters after its start (or four, in GIR 0AA).
        guard let range = PostcodeParser.parse(text, digitAt: digit, notBefore: lowerBound) else { return nil }
        return Finding(range: range, kind: .identifier(kind), key: ByteScan.upperAlnum(text, range))
    }
}

/// Recognises a postcode: outward code `A9`, `A99`, `AA9`, `AA99`, `A9A` or `AA9A` (first letter not Q, V or X; second
/// letter not I, J or Z; third-position letter of `A9A` in ABCDEFGHJKPSTUW; fourth-position letter of `AA9A` in
/// ABEHMNPRVWXY), an optional single space, and inward code `9AA` (letters not C, I, K, M, O or V); or `GIR 0AA`.
enum PostcodeParser {
    private static let girSpace: [UInt8] = Array("gir ".utf8)

    /// The postcode whose first digit is the one at `digit` (the start of a digit run), not starting before `lowerBound`.
    /// - Parameters:
    ///   - text: UTF-8 text.
    ///   - digit: Offset of a digit.
    ///   - lowerBound: The postcode may not start before this offset.
    /// - Returns: The postcode's range, or `nil`.
    @inline(__always)
    static func parse(_ text: UnsafeBufferPointer<UInt8>, digitAt digit: Int, notBefore lowerBound: Int) -> Range<Int>? {
        guard !ByteScan.isDigit(ByteScan.byte(text, digit - 1)) else { return nil }
        for letters in 1...2 where ByteScan.isLetterWord(text, count: letters, before: digit, notBefore: lowerBound) {
            return parse(text, at: digit - letters).map { (digit - letters)..<$0 }
        }
        guard text[digit] == ByteScan.zero else { return nil }
        // GIR 0AA, GIR0AA
        let start = ByteScan.byte(text, digit - 1) == ByteScan.space ? digit - 4 : digit - 3
        guard start >= lowerBound, ByteScan.matches(text, start, girSpace[0..<(digit - start)]),
            ByteScan.boundaryBefore(text, start)
        else { return nil }
        return parse(text, at: start).map { start..<$0 }
    }

    /// The postcode starting exactly at `start` (a word start).
    /// - Parameters:
    ///   - text: UTF-8 text.
    ///   - start: Offset of the first letter.
    /// - Returns: The end offset, or `nil`.
    static func parse(_ text: UnsafeBufferPointer<UInt8>, at start: Int) -> Int? {
        // Cheap rejection: a digit must come second or third.
        guard ByteScan.isDigit(ByteScan.byte(text, start + 1)) || ByteScan.isDigit(ByteScan.byte(text, start + 2)) else {
            if ByteScan.byte(text, start) | 0x20 == 0x67 { return parseGIR(text, at: start) }
            return nil
        }
        var firstLength = 0
        while firstLength < 8 && ByteScan.isAlnum(ByteScan.byte(text, start + firstLength)) { firstLength += 1 }
        let upperCase = ByteScan.isUpper(text[start])
        if (5...7).contains(firstLength) {
            guard ByteScan.boundaryAfter(text, start + firstLength),
                sameCase(text, start..<(start + firstLength), upper: upperCase),
                isOutward(text, start, length: firstLength - 3), isInward(text, start + firstLength - 3)
            else { return nil }
            return start + firstLength
        }
        guard (2...4).contains(firstLength), ByteScan.byte(text, start + firstLength) == ByteScan.space else { return nil }
        let inward = start + firstLength + 1
        guard ByteScan.isAlnum(ByteScan.byte(text, inward + 2)), !ByteScan.isAlnum(ByteScan.byte(text, inward + 3)),
            ByteScan.boundaryAfter(text, inward + 3),
            sameCase(text, start..<(start + firstLength), upper: upperCase),
            sameCase(text, inward..<(inward + 3), upper: upperCase),
            isOutward(text, start, length: firstLength), isInward(text, inward)
        else { return nil }
        return inward + 3
    }

    private static let gir: [UInt8] = Array("gir".utf8)
    private static let zeroAA: [UInt8] = Array("0aa".utf8)

    private static func parseGIR(_ text: UnsafeBufferPointer<UInt8>, at start: Int) -> Int? {
        guard ByteScan.matches(text, start, gir) else { return nil }
        var index = start + 3
        if ByteScan.byte(text, index) == ByteScan.space { index += 1 }
        guard ByteScan.matches(text, index, zeroAA), ByteScan.boundaryAfter(text, index + 3) else { return nil }
        let upperCase = ByteScan.isUpper(text[start])
        guard sameCase(text, start..<(start + 3), upper: upperCase),
            sameCase(text, (index + 1)..<(index + 3), upper: upperCase)
        else { return nil }
        return index + 3
    }

    /// Every letter in `range` is upper case (`upper`) or lower case.
    @inline(__always)
    private static func sameCase(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, upper: Bool) -> Bool {
        for index in range where ByteScan.isLetter(text[index]) && ByteScan.isUpper(text[index]) != upper { return false }
        return true
    }

    /// Whether `letter` (either case) is one of the upper-case `allowed` letters.
    @inline(__always)
    private static func isLetter(_ letter: UInt8, in allowed: StaticString) -> Bool {
        guard ByteScan.isLetter(letter) else { return false }
        let wanted = ByteScan.upper(letter)
        let pointer = allowed.utf8Start
        for offset in 0..<allowed.utf8CodeUnitCount where pointer[offset] == wanted { return true }
        return false
    }

    private static func isOutward(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, length: Int) -> Bool {
        let first = text[start]
        guard isLetter(first, in: "ABCDEFGHIJKLMNOPRSTUWYZ") else { return false }
        let second = text[start + 1]
        if ByteScan.isDigit(second) {
            switch length {
            case 2: return true  // A9
            case 3:  // A99 or A9A
                let third = text[start + 2]
                return ByteScan.isDigit(third) || isLetter(third, in: "ABCDEFGHJKPSTUW")
            default: return false
            }
        }
        guard isLetter(second, in: "ABCDEFGHKLMNOPQRSTUVWXY"), ByteScan.isDigit(text[start + 2]) else { return false }
        switch length {
        case 3: return true  // AA9
        case 4:  // AA99 or AA9A
            let fourth = text[start + 3]
            return ByteScan.isDigit(fourth) || isLetter(fourth, in: "ABEHMNPRVWXY")
        default: return false
        }
    }

    private static func isInward(_ text: UnsafeBufferPointer<UInt8>, _ start: Int) -> Bool {
        ByteScan.isDigit(text[start]) && isLetter(text[start + 1], in: "ABDEFGHJLNPQRSTUWXYZ")
            && isLetter(text[start + 2], in: "ABDEFGHJLNPQRSTUWXYZ")
    }
}
