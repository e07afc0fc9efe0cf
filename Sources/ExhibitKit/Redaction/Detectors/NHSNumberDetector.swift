/// NHS numbers: 10 digits, optionally grouped 3-3-4 with single spaces or dashes, with a valid mod-11 check digit.
struct NHSNumberDetector: TextDetector {
    func scan(_ text: UnsafeBufferPointer<UInt8>, into findings: inout [Finding]) {
        var index = 0
        let count = text.count
        while index < count {
            guard ByteScan.isDigit(text[index]) else {
                index += 1
                continue
            }
            let run = ByteScan.digitRun(text, index)
            if run == 10 || run == 3, ByteScan.boundaryBefore(text, index), let end = Self.parse(text, at: index, run: run) {
                let range = index..<end
                findings.append(Finding(range: range, kind: .identifier(.nhsNumber), key: ByteScan.digits(text, range)))
                index = end
                continue
            }
            index += run
        }
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
