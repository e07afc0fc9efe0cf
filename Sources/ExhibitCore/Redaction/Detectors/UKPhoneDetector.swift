/// UK telephone numbers in national (`0…`) and international (`+44`, `0044`, `+44 (0)`) forms.
struct UKPhoneDetector: DigitRunDetector {
    static let kind = IdentifierKind.ukPhone

    static func finding(
        in text: UnsafeBufferPointer<UInt8>, digitRunAt digit: Int, length run: Int, notBefore lowerBound: Int
    ) -> Finding? {
        guard let (start, match) = UKPhoneParser.parse(text, digitRunAt: digit, notBefore: lowerBound) else { return nil }
        return Finding(range: start..<match.end, kind: .identifier(kind), key: match.key)
    }
}

/// Recognises UK telephone numbers.
///
/// After the trunk `0` (or `+44`/`0044`, optionally followed by `(0)`) comes the national significant number: 10
/// digits, or 9 for some `01…` areas and `0800` numbers, whose first digit is 1, 2, 3, 5, 7 or 8. Digits come in groups
/// of two or more (the first national group, with its `0`, of three or more) separated by up to three spaces, dashes or
/// dots; the first national group may be in brackets: `(0113) 496 0123`. The key is the national form, digits only.
enum UKPhoneParser {
    /// The phone number that starts at `digit` (the start of a run of digits), or just before it at a `+`, `(` or `(+`,
    /// and not before `lowerBound`.
    /// - Parameters:
    ///   - text: UTF-8 text.
    ///   - digit: Offset of a digit.
    ///   - lowerBound: The number may not start before this offset.
    /// - Returns: Where the number starts, where it ends and its key; or `nil`.
    @inline(__always)
    static func parse(
        _ text: UnsafeBufferPointer<UInt8>, digitRunAt digit: Int, notBefore lowerBound: Int
    ) -> (start: Int, match: (end: Int, key: String))? {
        let previous = ByteScan.byte(text, digit - 1)
        if previous == ByteScan.plus || previous == ByteScan.openParen {
            if previous == ByteScan.plus && ByteScan.byte(text, digit - 2) == ByteScan.openParen && digit - 2 >= lowerBound,
                ByteScan.boundaryBefore(text, digit - 2), let match = parse(text, at: digit - 2)
            {
                return (digit - 2, match)
            }
            if digit - 1 >= lowerBound, ByteScan.boundaryBefore(text, digit - 1), let match = parse(text, at: digit - 1) {
                return (digit - 1, match)
            }
        }
        guard text[digit] == ByteScan.zero, ByteScan.boundaryBefore(text, digit), let match = parse(text, at: digit) else {
            return nil
        }
        return (digit, match)
    }

    /// The phone number starting exactly at `start`.
    /// - Parameters:
    ///   - text: UTF-8 text.
    ///   - start: Offset of the first character (`0`, `+` or `(`).
    /// - Returns: The end offset and the national-form key, or `nil`.
    static func parse(_ text: UnsafeBufferPointer<UInt8>, at start: Int) -> (end: Int, key: String)? {
        var index = start
        let first = ByteScan.byte(text, index)
        var international = false
        if first == ByteScan.plus {
            guard ByteScan.byte(text, index + 1) == 0x34, ByteScan.byte(text, index + 2) == 0x34 else { return nil }
            index += 3
            international = true
        } else if first == ByteScan.openParen && ByteScan.byte(text, index + 1) == ByteScan.plus {
            guard ByteScan.byte(text, index + 2) == 0x34, ByteScan.byte(text, index + 3) == 0x34,
                ByteScan.byte(text, index + 4) == ByteScan.closeParen
            else { return nil }
            index += 5
            international = true
        } else if first == ByteScan.zero && ByteScan.byte(text, index + 1) == ByteScan.zero {
            guard ByteScan.byte(text, index + 2) == 0x34, ByteScan.byte(text, index + 3) == 0x34 else { return nil }
            index += 4
            international = true
        }
        var digits = Digits()
        var bracketed = false
        if international {
            index = skipSeparators(text, index)
            if ByteScan.byte(text, index) == ByteScan.openParen, ByteScan.byte(text, index + 1) == ByteScan.zero,
                ByteScan.byte(text, index + 2) == ByteScan.closeParen
            {
                index = skipSeparators(text, index + 3)
            } else if ByteScan.byte(text, index) == ByteScan.zero {
                index += 1  // "+44 07700 …": a redundant trunk zero
            }
        } else {
            if first == ByteScan.openParen {
                bracketed = true
                index += 1
            }
            guard ByteScan.byte(text, index) == ByteScan.zero else { return nil }
            index += 1
            digits.groupLength = 1
        }
        guard let end = collect(text, from: index, into: &digits, national: !international, bracketed: bracketed),
            digits.isValid, ByteScan.boundaryAfter(text, end)
        else { return nil }
        return (end, "0" + String(digits.value))
    }

    /// The national significant number read so far.
    private struct Digits {
        var value: UInt64 = 0
        var count = 0
        var groupLength = 0

        var isValid: Bool {
            guard count == 10 || count == 9 else { return false }
            let leading = value / (count == 10 ? 1_000_000_000 : 100_000_000)
            switch leading {
            case 1, 2, 3, 5, 7, 8: break
            default: return false
            }
            return count == 10 || leading == 1 || value / 1_000_000 == 800
        }
    }

    /// Reads digit groups from `start`; returns the end of the last digit, or `nil` when the number is glued to more
    /// digits or its groups are malformed.
    private static func collect(
        _ text: UnsafeBufferPointer<UInt8>, from start: Int, into digits: inout Digits, national: Bool, bracketed: Bool
    ) -> Int? {
        var index = start
        guard ByteScan.isDigit(ByteScan.byte(text, index)), ByteScan.byte(text, index) != ByteScan.zero else { return nil }
        var firstGroup = true
        while true {
            while index < text.count && ByteScan.isDigit(text[index]) {
                if digits.count == 10 { return nil }
                digits.value = digits.value * 10 + UInt64(text[index] &- ByteScan.zero)
                digits.count += 1
                digits.groupLength += 1
                index += 1
            }
            var next = index
            if firstGroup && bracketed {
                guard ByteScan.byte(text, index) == ByteScan.closeParen else { return nil }
                next = skipSeparators(text, index + 1)
            } else {
                next = skipSeparators(text, index)
            }
            let groupLength = ByteScan.digitRun(text, next, limit: 12)
            let more = next > index || (firstGroup && bracketed)
            guard more, groupLength >= 2, digits.count + groupLength <= 10 else {
                return index
            }
            let minimum = firstGroup && national ? 3 : 2
            guard digits.groupLength >= minimum else { return nil }
            firstGroup = false
            digits.groupLength = 0
            index = next
        }
    }

    /// Skips up to three spaces, dashes or dots.
    @inline(__always)
    private static func skipSeparators(_ text: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int {
        var index = start
        while index < text.count && index - start < 3 {
            let byte = text[index]
            guard byte == ByteScan.space || byte == ByteScan.hyphen || byte == ByteScan.dot else { break }
            index += 1
        }
        return index
    }
}
