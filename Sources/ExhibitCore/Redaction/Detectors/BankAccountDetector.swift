/// UK bank details: a sort code (`20-45-77` or `20 45 77`) followed closely by an 8-digit account number; a sort code
/// labelled "sort code", "sort-code" or "s/c"; an 8-digit number labelled "account", "acc", "acct" or "a/c". A bare
/// sort code without context is not reported (it looks like a date or a score).
struct BankAccountDetector: DigitRunDetector {
    static let kind = IdentifierKind.bankAccount

    static func finding(
        in text: UnsafeBufferPointer<UInt8>, digitRunAt digit: Int, length run: Int, notBefore lowerBound: Int
    ) -> Finding? {
        guard run == 2 || run == 6 || run == 8, ByteScan.boundaryBefore(text, digit) else { return nil }
        return parse(text, at: digit, run: run)
    }

    private static let sortCodeLabels: [[UInt8]] = ["sort code", "sort-code", "sortcode", "s/c"].map { Array($0.utf8) }
    private static let accountLabels: [[UInt8]] = ["account", "acct", "acc", "a/c"].map { Array($0.utf8) }
    private static let gapWords: [[UInt8]] = ["account", "acct", "acc", "a/c", "number", "no", "num"].map { Array($0.utf8) }

    /// Bank details starting at `start`, whose first digit run is `run` long.
    /// - Parameters:
    ///   - text: UTF-8 text.
    ///   - start: Offset of the first digit (at a word start).
    ///   - run: Length of the digit run at `start`.
    /// - Returns: The finding, or `nil`.
    static func parse(_ text: UnsafeBufferPointer<UInt8>, at start: Int, run: Int) -> Finding? {
        if run == 8 {
            guard ByteScan.boundaryAfter(text, start + 8), hasLabel(text, before: start, accountLabels, maxGap: 15) else {
                return nil
            }
            return finding(start..<(start + 8), key: ByteScan.digits(text, start..<(start + 8)))
        }
        var sortEnd = start + run
        if run == 2 {
            let separator = ByteScan.byte(text, sortEnd)
            guard separator == ByteScan.hyphen || separator == ByteScan.space,
                ByteScan.digitRun(text, sortEnd + 1) == 2, ByteScan.byte(text, sortEnd + 3) == separator,
                ByteScan.digitRun(text, sortEnd + 4) == 2
            else { return nil }
            sortEnd += 6
            if ByteScan.byte(text, sortEnd) == separator && ByteScan.isDigit(ByteScan.byte(text, sortEnd + 1)) {
                // Part of a longer grouped number, unless it is the account number after a space.
                guard separator == ByteScan.space, ByteScan.digitRun(text, sortEnd + 1) == 8 else { return nil }
            }
        }
        guard ByteScan.boundaryAfter(text, sortEnd) else { return nil }
        let sortCode = ByteScan.digits(text, start..<sortEnd)
        let labelled = hasLabel(text, before: start, sortCodeLabels, maxGap: 12)
        guard run == 2 || labelled else { return nil }
        if let account = accountAfter(text, sortEnd) {
            return finding(start..<account, key: sortCode + "-" + ByteScan.digits(text, (account - 8)..<account))
        }
        return labelled ? finding(start..<sortEnd, key: sortCode) : nil
    }

    private static func finding(_ range: Range<Int>, key: String) -> Finding {
        Finding(range: range, kind: .identifier(.bankAccount), key: key)
    }

    /// End of an 8-digit account number after a short gap (spaces, punctuation, "acc", "a/c", "account", "no").
    private static func accountAfter(_ text: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int? {
        var index = start
        let limit = min(text.count, start + 24)
        scanning: while index < limit {
            let byte = text[index]
            switch byte {
            case ByteScan.space, ByteScan.tab, ByteScan.comma, ByteScan.slash, ByteScan.colon, ByteScan.dot, ByteScan.hyphen,
                0x23, 0x3B:
                index += 1
                continue scanning
            default: break
            }
            guard ByteScan.isLetter(byte), ByteScan.boundaryBefore(text, index) else { break }
            for word in gapWords where ByteScan.matchesWord(text, index, word) {
                index += word.count
                continue scanning
            }
            break
        }
        guard index > start, ByteScan.digitRun(text, index) == 8, ByteScan.boundaryAfter(text, index + 8) else { return nil }
        return index + 8
    }

    /// Whether one of `labels` (lower case) ends no more than `maxGap` bytes before `position`, as a whole word, with no
    /// digit or line break between it and `position`.
    private static func hasLabel(
        _ text: UnsafeBufferPointer<UInt8>, before position: Int, _ labels: [[UInt8]], maxGap: Int
    ) -> Bool {
        var gapStart = position
        while gapStart > 0 && position - gapStart < maxGap {
            let byte = text[gapStart - 1]
            if ByteScan.isDigit(byte) || byte == ByteScan.newline || byte == ByteScan.carriageReturn { break }
            gapStart -= 1
        }
        // A label ends somewhere in gapStart...position.
        for end in stride(from: position, through: gapStart, by: -1) where !ByteScan.isLetter(ByteScan.byte(text, end)) {
            for label in labels where end >= label.count {
                let labelStart = end - label.count
                if ByteScan.matches(text, labelStart, label) && ByteScan.boundaryBefore(text, labelStart) { return true }
            }
        }
        return false
    }
}
