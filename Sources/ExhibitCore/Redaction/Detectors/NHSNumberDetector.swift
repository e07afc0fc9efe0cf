/// NHS numbers: 10 digits, optionally grouped 3-3-4 with single spaces or dashes, with a valid mod-11 check digit.
struct NHSNumberDetector: DigitRunDetector {
    static let kind = IdentifierKind.nhsNumber

    static func finding(
        in text: UnsafeBufferPointer<UInt8>, digitRunAt digit: Int, length run: Int, notBefore lowerBound: Int
    ) -> Finding? {
        guard run == 10 || run == 3, ByteScan.boundaryBefore(text, digit), let end = parse(text, at: digit, run: run) else {
            return nil
        }
        let range = digit..<end
        return Finding(range: range, kind: .identifier(kind), key: ByteScan.digits(text, range))
    }

    /// The NHS number starting at `start`, whose first digit run is `run` long.
    /// - Parameters:
    ///   - text: UTF-8 text.
    ///   - start: Offset of the first digit (at a word start).
    ///   - run: Length of the digit run at `start`.
    /// - Returns: The end offset, or `nil`.
    static func parse(_ text: UnsafeBufferPointer<UInt8>, at start: Int, run: Int) -> Int? {
        var end = start + run
        if run == 3 {
            let separator = ByteScan.byte(text, end)
            guard separator == ByteScan.space || separator == ByteScan.hyphen,
                ByteScan.digitRun(text, end + 1) == 3, ByteScan.byte(text, end + 4) == separator,
                ByteScan.digitRun(text, end + 5) == 4
            else { return nil }
            end += 9
        }
        guard ByteScan.boundaryAfter(text, end) else { return nil }
        var weight = 10
        var sum = 0
        var check = -1
        for index in start..<end where ByteScan.isDigit(text[index]) {
            let digit = Int(text[index] &- ByteScan.zero)
            if weight >= 2 {
                sum += digit * weight
                weight -= 1
            } else {
                check = digit
            }
        }
        var expected = 11 - sum % 11
        if expected == 11 { expected = 0 }
        return expected != 10 && expected == check ? end : nil
    }
}
