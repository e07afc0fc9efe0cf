/// UK street address lines: an optional "Flat 2," (or "Apartment"/"Unit") and/or a building's name ("Foundry House,"),
/// a house number (1–4 digits, optional letter), one to four capitalised words and a street suffix ("Road", "Rd",
/// "Close", "Row", "Mount", …), optionally followed by ", Town" (one capitalised word, at the end of a clause or CSV
/// cell) and/or a postcode.
struct StreetAddressDetector: DigitRunDetector {
    static let kind = IdentifierKind.streetAddress

    static func finding(
        in text: UnsafeBufferPointer<UInt8>, digitRunAt digit: Int, length run: Int, notBefore lowerBound: Int
    ) -> Finding? {
        // Quick rejection: a house number is followed by a space, a comma or one letter.
        let after = ByteScan.byte(text, digit + min(5, run))
        // Nor is it the end of a time, date or decimal ("23:56 The Family Court", "12/56 Church Lane").
        let before = ByteScan.byte(text, digit - 1)
        let joined =
            before == ByteScan.colon
            || ((before == ByteScan.slash || before == ByteScan.dot || before == ByteScan.hyphen)
                && ByteScan.isDigit(ByteScan.byte(text, digit - 2)))
        guard after == ByteScan.space || after == ByteScan.comma || ByteScan.isLetter(after), !joined,
            ByteScan.boundaryBefore(text, digit), let range = parse(text, at: digit)
        else { return nil }
        return Finding(range: range, kind: .identifier(kind), key: ByteScan.lowerSingleSpaced(text, range))
    }

    /// Street suffixes, lower case.
    static let suffixes: [[UInt8]] = [
        "road", "rd", "street", "st", "avenue", "ave", "lane", "ln", "close", "drive", "dr", "court", "ct", "way", "place",
        "pl", "crescent", "gardens", "terrace", "row", "grove", "hill", "walk", "mews", "square", "park", "rise", "view",
        "parade", "green", "mount", "approach", "boulevard", "broadway", "croft", "dale", "fold", "gate", "heights",
        "mead", "meadow", "meadows", "moor", "orchard", "path", "vale", "villas", "wharf", "wynd", "yard", "brow", "chase",
        "embankment", "garth", "glade", "grange", "hollow", "fields", "lea", "circle", "circus", "quay", "cottages",
        "passage", "precinct", "boulevard", "highway", "bypass", "mall", "hey", "nook",
    ].map { Array($0.utf8) }
    /// Words that end a building's name before its street address ("Foundry House, 61 Headingley Mount").
    static let buildingWords: [[UInt8]] = [
        "house", "court", "lodge", "cottage", "mansions", "building", "buildings", "tower", "towers", "flats", "apartments",
        "hall", "farm", "mill", "point", "block", "chambers", "works", "villa", "centre", "heights", "gardens", "place",
        "view", "wharf", "quay", "mews", "rise", "mount", "gate", "yard", "lofts", "studios",
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
        // ", Town" at the end of a clause (before punctuation, a line break, the end, or a postcode); in a CSV row the
        // town may follow the comma directly.
        if ByteScan.byte(text, end) == ByteScan.comma {
            let townStart = ByteScan.byte(text, end + 1) == ByteScan.space ? end + 2 : end + 1
            if let townEnd = capitalisedWordEnd(text, townStart), endsClause(text, townEnd) { end = townEnd }
        }
        // ", POSTCODE" or " POSTCODE".
        var postcodeStart = end
        if ByteScan.byte(text, postcodeStart) == ByteScan.comma { postcodeStart += 1 }
        if ByteScan.byte(text, postcodeStart) == ByteScan.space, ByteScan.isLetter(ByteScan.byte(text, postcodeStart + 1)),
            let postcodeEnd = PostcodeParser.parse(text, at: postcodeStart + 1)
        {
            end = postcodeEnd
        }
        return prefixStart(text, before: start)..<end
    }

    /// Start of what comes before a house number as part of the address: "Flat 2, ", a building's name
    /// ("Foundry House, "), or both ("Flat 3, Foundry House, "); `start` when there is nothing.
    private static func prefixStart(_ text: UnsafeBufferPointer<UInt8>, before start: Int) -> Int {
        let flat = flatPrefixStart(text, before: start)
        guard flat == start else { return flat }
        // ", " (or ",") before the number, then capitalised words ending in a building word.
        var index = start
        if ByteScan.byte(text, index - 1) == ByteScan.space { index -= 1 }
        guard ByteScan.byte(text, index - 1) == ByteScan.comma else { return start }
        index -= 1
        var wordStart = index
        var words = 0
        var lastWord: Range<Int>?
        while words < 4 {
            var begin = wordStart
            while begin > 0 && wordStart - begin < 24 && ByteScan.isLetter(text[begin - 1]) { begin -= 1 }
            guard begin < wordStart, ByteScan.isUpper(text[begin]) else { break }
            if lastWord == nil { lastWord = begin..<wordStart }
            words += 1
            index = begin
            guard ByteScan.byte(text, begin - 1) == ByteScan.space, ByteScan.isLetter(ByteScan.byte(text, begin - 2)) else {
                break
            }
            wordStart = begin - 1
        }
        guard let lastWord, words >= 2,
            buildingWords.contains(where: { $0.count == lastWord.count && ByteScan.matches(text, lastWord.lowerBound, $0) })
        else { return start }
        let building = index
        // "Flat 3, " before the building.
        var flatEnd = building
        if ByteScan.byte(text, flatEnd - 1) == ByteScan.space { flatEnd -= 1 }
        if ByteScan.byte(text, flatEnd - 1) == ByteScan.comma { flatEnd -= 1 }
        var digits = flatEnd
        if ByteScan.isLetter(ByteScan.byte(text, digits - 1)) && ByteScan.isDigit(ByteScan.byte(text, digits - 2)) { digits -= 1 }
        while flatEnd - digits < 5 && ByteScan.isDigit(ByteScan.byte(text, digits - 1)) { digits -= 1 }
        if digits < flatEnd, ByteScan.byte(text, digits - 1) == ByteScan.space {
            for word in flatWords where digits - 1 >= word.count {
                let wordStart = digits - 1 - word.count
                if ByteScan.matches(text, wordStart, word) && ByteScan.boundaryBefore(text, wordStart) { return wordStart }
            }
        }
        return building
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
            ByteScan.colon, 0x22, ByteScan.tab:
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
