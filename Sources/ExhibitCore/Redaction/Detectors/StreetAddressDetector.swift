/// UK street address lines: an optional "Flat 2," (or "Apartment"/"Unit"), a house number (1–4 digits, optional
/// letter), one to four capitalised words and a street suffix ("Road", "Rd", "Close", "Row", …), optionally followed by
/// ", Town" (one capitalised word, at the end of a clause) and/or a postcode.
struct StreetAddressDetector: DigitRunDetector {
    static let kind = IdentifierKind.streetAddress

    static func finding(
        in text: UnsafeBufferPointer<UInt8>, digitRunAt digit: Int, length run: Int, notBefore lowerBound: Int
    ) -> Finding? {
        // Quick rejection: a house number is followed by a space, a comma or one letter.
        let after = ByteScan.byte(text, digit + min(5, run))
        guard after == ByteScan.space || after == ByteScan.comma || ByteScan.isLetter(after),
            ByteScan.boundaryBefore(text, digit), let range = parse(text, at: digit)
        else { return nil }
        return Finding(range: range, kind: .identifier(kind), key: ByteScan.lowerSingleSpaced(text, range))
    }

    /// Street suffixes, lower case.
    static let suffixes: [[UInt8]] = [
        "road", "rd", "street", "st", "avenue", "ave", "lane", "ln", "close", "drive", "dr", "court", "ct", "way", "place",
        "pl", "crescent", "gardens", "terrace", "row", "grove", "hill", "walk", "mews", "square", "park", "rise", "view",
        "parade", "green",
    ].map { Array($0.utf8) }
    private static let flatWords: [[UInt8]] = ["flat", "apartment", "apt", "unit"].map { Array($0.utf8) }

    /// The address whose house number starts at `start`.
    /// - Parameters:
    ///   - text: UTF-8 text.
    ///   - start: Offset of the first digit of the house number (at a word start).
    /// - Returns: The address's range (extended back over a "Flat N," prefix), or `nil`.
    static func parse(_ text: UnsafeBufferPointer<UInt8>, at start: Int) -> Range<Int>? {
        guard var index = houseNumberEnd(text, start) else { return nil }
        if ByteScan.byte(text, index) == ByteScan.comma { index += 1 }
        guard ByteScan.byte(text, index) == ByteScan.space else { return nil }
        index += 1
        // Up to five capitalised words separated by single spaces: 1-4 name words and the suffix.
        var words: [Range<Int>] = []
        while words.count < 5, let end = capitalisedWordEnd(text, index) {
            words.append(index..<end)
            guard ByteScan.byte(text, end) == ByteScan.space, ByteScan.isUpper(ByteScan.byte(text, end + 1)) else { break }
            index = end + 1
        }
        guard let last = (1..<max(1, words.count)).last(where: { isSuffix(text, words[$0]) }) else { return nil }
        var end = words[last].upperBound
        // ", Town" at the end of a clause (before punctuation, a line break, the end, or a postcode).
        if ByteScan.byte(text, end) == ByteScan.comma && ByteScan.byte(text, end + 1) == ByteScan.space,
            let townEnd = capitalisedWordEnd(text, end + 2), endsClause(text, townEnd)
        {
            end = townEnd
        }
        // ", POSTCODE" or " POSTCODE".
        var postcodeStart = end
        if ByteScan.byte(text, postcodeStart) == ByteScan.comma { postcodeStart += 1 }
        if ByteScan.byte(text, postcodeStart) == ByteScan.space, ByteScan.isLetter(ByteScan.byte(text, postcodeStart + 1)),
            let postcodeEnd = PostcodeParser.parse(text, at: postcodeStart + 1)
        {
            end = postcodeEnd
        }
        return flatPrefixStart(text, before: start)..<end
    }

    /// End of a house number (1–4 digits and an optional letter) at `start`, which must end a word.
    private static func houseNumberEnd(_ text: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int? {
        let run = ByteScan.digitRun(text, start, limit: 5)
        guard (1...4).contains(run) else { return nil }
        var end = start + run
        if ByteScan.isLetter(ByteScan.byte(text, end)) { end += 1 }
        return ByteScan.boundaryAfter(text, end) ? end : nil
    }

    /// End of a capitalised word (`Larch`, `O'Neill`, `Bishop's`, `Stoke-on-Trent`, `HIGH`) of two or more letters at
    /// `start`.
    private static func capitalisedWordEnd(_ text: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int? {
        guard ByteScan.isUpper(ByteScan.byte(text, start)) else { return nil }
        var end = start + 1
        while end < text.count {
            let byte = text[end]
            let inside =
                ByteScan.isLetter(byte)
                || ((byte == ByteScan.apostrophe || byte == ByteScan.hyphen) && ByteScan.isLetter(ByteScan.byte(text, end + 1)))
            guard inside else { break }
            end += 1
        }
        guard end - start >= 2, ByteScan.boundaryAfter(text, end) else { return nil }
        return end
    }

    private static func isSuffix(_ text: UnsafeBufferPointer<UInt8>, _ word: Range<Int>) -> Bool {
        for suffix in suffixes where suffix.count == word.count && ByteScan.matches(text, word.lowerBound, suffix) {
            return true
        }
        return false
    }

    private static func endsClause(_ text: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        switch ByteScan.byte(text, index) {
        case 0, ByteScan.newline, ByteScan.carriageReturn, ByteScan.comma, ByteScan.dot, 0x3B, ByteScan.closeParen,
            ByteScan.colon:
            return true
        case ByteScan.space:
            return ByteScan.isLetter(ByteScan.byte(text, index + 1)) && PostcodeParser.parse(text, at: index + 1) != nil
        default: return false
        }
    }

    /// Start of a "Flat 2, " / "Flat 2A " prefix ending just before `start`, or `start` when there is none.
    private static func flatPrefixStart(_ text: UnsafeBufferPointer<UInt8>, before start: Int) -> Int {
        var index = start
        guard ByteScan.byte(text, index - 1) == ByteScan.space else { return start }
        index -= 1
        if ByteScan.byte(text, index - 1) == ByteScan.comma { index -= 1 }
        if ByteScan.isLetter(ByteScan.byte(text, index - 1)) { index -= 1 }
        var digits = 0
        while digits < 4 && ByteScan.isDigit(ByteScan.byte(text, index - 1)) {
            index -= 1
            digits += 1
        }
        guard digits > 0, ByteScan.boundaryBefore(text, index), ByteScan.byte(text, index - 1) == ByteScan.space else {
            return start
        }
        index -= 1
        for word in flatWords where index >= word.count {
            let wordStart = index - word.count
            if ByteScan.matches(text, wordStart, word) && ByteScan.boundaryBefore(text, wordStart) { return wordStart }
        }
        return start
    }
}
