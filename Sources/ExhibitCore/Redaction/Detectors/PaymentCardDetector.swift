/// Payment card numbers: 13–19 digits starting with 2–6, contiguous or in groups of four (Amex/Diners 4-6-5 and 4-6-4)
/// separated by single spaces or dashes, passing the Luhn check.
struct PaymentCardDetector: DigitRunDetector {
    static let kind = IdentifierKind.paymentCard

    static func finding(
        in text: UnsafeBufferPointer<UInt8>, digitRunAt digit: Int, length run: Int, notBefore lowerBound: Int
    ) -> Finding? {
        guard text[digit] &- 0x32 < 5, run == 4 || (13...19).contains(run), ByteScan.boundaryBefore(text, digit),
            let end = parse(text, at: digit, run: run)
        else { return nil }
        let range = digit..<end
        return Finding(range: range, kind: .identifier(kind), key: ByteScan.digits(text, range))
    }

    /// The card number starting at `start`, whose first digit run is `run` long.
    /// - Parameters:
    ///   - text: UTF-8 text.
    ///   - start: Offset of the first digit (at a word start).
    ///   - run: Length of the digit run at `start`.
    /// - Returns: The end offset, or `nil`.
    static func parse(_ text: UnsafeBufferPointer<UInt8>, at start: Int, run: Int) -> Int? {
        var end = start + run
        var total = run
        if run == 4 {
            let separator = ByteScan.byte(text, end)
            guard separator == ByteScan.space || separator == ByteScan.hyphen else { return nil }
            let second = ByteScan.digitRun(text, end + 1)
            if second == 6 {
                // 4-6-5 (Amex) or 4-6-4 (Diners).
                guard ByteScan.byte(text, end + 7) == separator else { return nil }
                let third = ByteScan.digitRun(text, end + 8)
                guard third == 5 || third == 4 else { return nil }
                end += 8 + third
                total += 6 + third
            } else {
                // Groups of four; the last may be shorter.
                while ByteScan.byte(text, end) == separator {
                    let group = ByteScan.digitRun(text, end + 1)
                    guard group >= 1, group <= 4, total + group <= 19 else { break }
                    end += 1 + group
                    total += group
                    if group < 4 { break }
                }
                guard total >= 13 else { return nil }
            }
            // Part of a longer grouped sequence.
            if ByteScan.byte(text, end) == separator && ByteScan.isDigit(ByteScan.byte(text, end + 1)) { return nil }
        }
        guard ByteScan.boundaryAfter(text, end), luhn(text, start..<end, count: total) else { return nil }
        return end
    }

    /// The Luhn check over the digits in `range` (`count` of them).
    static func luhn(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, count: Int) -> Bool {
        var sum = 0
        var position = 0
        for index in range where ByteScan.isDigit(text[index]) {
            var digit = Int(text[index] &- ByteScan.zero)
            if (count - position) % 2 == 0 {
                digit *= 2
                if digit > 9 { digit -= 9 }
            }
            sum += digit
            position += 1
        }
        return sum % 10 == 0
    }
}
