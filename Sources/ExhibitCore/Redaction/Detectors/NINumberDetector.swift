/// National Insurance numbers: two prefix letters, six digits (optionally `12 34 56`), optional suffix A–D.
struct NINumberDetector: DigitRunDetector {
    static let kind = IdentifierKind.niNumber

    static func finding(
        in text: UnsafeBufferPointer<UInt8>, digitRunAt digit: Int, length run: Int, notBefore lowerBound: Int
    ) -> Finding? {
        // The digits come two letters (or two letters and a space) after the start.
        let start = ByteScan.byte(text, digit - 1) == ByteScan.space ? digit - 3 : digit - 2
        guard ByteScan.isLetterWord(text, count: 2, before: start + 2, notBefore: lowerBound), let end = parse(text, at: start)
        else { return nil }
        let range = start..<end
        return Finding(range: range, kind: .identifier(kind), key: ByteScan.upperAlnum(text, range))
    }

    private static let invalidPrefixes: [[UInt8]] = ["BG", "GB", "KN", "NK", "NT", "TN", "ZZ"].map { Array($0.utf8) }

    /// The NI number starting at `start`.
    /// - Parameters:
    ///   - text: UTF-8 text.
    ///   - start: Offset of the first letter (at a word start).
    /// - Returns: The end offset, or `nil`.
    static func parse(_ text: UnsafeBufferPointer<UInt8>, at start: Int) -> Int? {
        let first = text[start]
        let second = ByteScan.byte(text, start + 1)
        guard ByteScan.isLetter(second) else { return nil }
        var index = start + 2
        if ByteScan.byte(text, index) == ByteScan.space { index += 1 }
        guard ByteScan.isDigit(ByteScan.byte(text, index)) else { return nil }
        let upperCase = ByteScan.isUpper(first)
        guard ByteScan.isUpper(second) == upperCase else { return nil }
        let prefix = (ByteScan.upper(first), ByteScan.upper(second))
        guard !"DFIQUV".utf8.contains(prefix.0), !"DFIOQUV".utf8.contains(prefix.1),
            !invalidPrefixes.contains(where: { $0[0] == prefix.0 && $0[1] == prefix.1 })
        else { return nil }
        let run = ByteScan.digitRun(text, index)
        if run == 6 {
            index += 6
        } else if run == 2, ByteScan.byte(text, index + 2) == ByteScan.space, ByteScan.digitRun(text, index + 3) == 2,
            ByteScan.byte(text, index + 5) == ByteScan.space, ByteScan.digitRun(text, index + 6) == 2
        {
            index += 8
        } else {
            return nil
        }
        let next = ByteScan.byte(text, index)
        if ByteScan.isLetter(next) {
            // A suffix glued to the digits must be valid and end the word.
            return isSuffix(next, upper: upperCase) && ByteScan.boundaryAfter(text, index + 1) ? index + 1 : nil
        }
        guard ByteScan.boundaryAfter(text, index) else { return nil }
        // Optional suffix after one space, ending at a word boundary.
        if next == ByteScan.space, isSuffix(ByteScan.byte(text, index + 1), upper: upperCase),
            ByteScan.boundaryAfter(text, index + 2)
        {
            return index + 2
        }
        return index
    }

    @inline(__always)
    private static func isSuffix(_ letter: UInt8, upper: Bool) -> Bool {
        ByteScan.upper(letter) &- 0x41 < 4 && ByteScan.isUpper(letter) == upper
    }
}
