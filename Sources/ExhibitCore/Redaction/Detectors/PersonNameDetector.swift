/// Likely names of people nobody registered, from cues that need no list of the case's people:
/// - a title or rank before capitalised words ("Mr Hale", "DC Priya Shah", "Sgt. O'Brien");
/// - a police or school log's "SURNAME, Forename" ("HALE, Martin");
/// - a chat sender label at a line start after a timestamp ("[12/03/2024, 21:14] Tyler:", "21:14 - Amy Ross:"), or a
///   label of two or three capitalised words ("Tyler Hale: hi");
/// - "my name is", "called", "named", "known as", "aka" before capitalised words;
/// - an e-mail display name ("Amy Ross <amy@…>");
/// - a signature: the capitalised words alone on the line after a sign-off ("Kind regards,");
/// - a first name from `NameLexicon.firstNames` (names that are not ordinary words), alone or with the capitalised
///   words after it ("Tyler", "Tyler Hale"), a capitalised word before a known surname ("Zed Okafor"), and a first
///   name just before a registered surname ("Will Turner").
///
/// A name runs over up to four capitalised words (or words in capitals, after one in capitals), stopping at street,
/// place and organisation words ("Tyler Road", "Amy Street School"). The key is the name's words lower-cased and
/// folded, single-spaced. Registered people found at the same place win (`Detectors.resolveOverlaps`); the words of
/// registered names already found when this detector runs (it runs after `PartyMatcher`) are skipped.
struct PersonNameDetector: TextDetector {
    func scan(_ text: UnsafeBufferPointer<UInt8>, into findings: inout [Finding]) {
        // Registered names found before this detector runs win anyway: their words are skipped.
        let registered = findings.compactMap { finding -> Range<Int>? in
            if case .party = finding.kind, finding.ambiguity != .kept { return finding.range }
            return nil
        }.sorted { $0.lowerBound < $1.lowerBound }
        var nextRegistered = 0
        var index = 0
        let count = text.count
        while index < count {
            index = ByteScan.next(in: text, from: index, low: 0x41, span: 26)
            guard index < count else { return }
            while nextRegistered < registered.count && registered[nextRegistered].upperBound <= index { nextRegistered += 1 }
            if nextRegistered < registered.count && registered[nextRegistered].lowerBound <= index {
                index = registered[nextRegistered].upperBound
                continue
            }
            guard ByteScan.boundaryBefore(text, index) else {
                index += 1
                continue
            }
            let word = index..<Self.wordEnd(text, index)
            let nextName = nextRegistered < registered.count ? registered[nextRegistered].lowerBound : count
            if case (var name, let professional)? =
                cue(text, word) ?? Self.firstNameBefore(text, word, registeredAt: nextName).map({ ($0, false) })
            {
                // A run that reaches a registered name stops before it ("Pauline" of "Pauline Turner").
                if name.upperBound > nextName {
                    var end = nextName
                    while end > name.lowerBound && !TextWords.isWordByte(text[end - 1]) { end -= 1 }
                    name = name.lowerBound..<end
                }
                if name.count >= 2 {
                    findings.append(Finding(range: name, kind: .person(professional: professional), key: Self.key(text, name)))
                    index = name.upperBound
                    continue
                }
            }
            index = max(word.upperBound, index + 1)
        }
    }

    /// The name that the capitalised word at `word` starts or introduces, if a cue says there is one, and whether a
    /// rank or professional title introduced it.
    private func cue(_ text: UnsafeBufferPointer<UInt8>, _ word: Range<Int>) -> (Range<Int>, Bool)? {
        guard let name = plainCue(text, word) else { return nil }
        return (name, NameLexicon.professionalTitles.contains(text, word))
    }

    /// The name that the capitalised word at `word` starts or introduces, if a cue says there is one.
    private func plainCue(_ text: UnsafeBufferPointer<UInt8>, _ word: Range<Int>) -> Range<Int>? {
        guard word.count >= 2 else { return nil }
        let letterCase = TextWords.letterCase(text, word)
        // A title or rank introduces the name after it.
        if NameLexicon.titles.contains(text, word), let next = Self.afterTitle(text, word.upperBound),
            let name = Self.nameRun(text, from: next)
        {
            return name
        }
        if letterCase == .upper {
            // "SURNAME, Forename"
            if ByteScan.byte(text, word.upperBound) == ByteScan.comma, !Self.isCommonWord(text, word),
                let forename = TextWords.nextWord(text, after: word.upperBound + 1),
                TextWords.letterCase(text, forename) == .capitalised, !NameLexicon.stopWords.contains(text, forename),
                !NameLexicon.labels.contains(text, forename),
                let rest = Self.nameRun(text, from: forename.lowerBound)
            {
                return word.lowerBound..<rest.upperBound
            }
            return nil
        }
        guard letterCase == .capitalised else { return nil }
        if NameLexicon.firstNames.contains(text, word) { return Self.nameRun(text, from: word.lowerBound) }
        // Cues from the words around (cheapest first; each is decisive).
        let atLineStart = TextWords.onlyPrefixBefore(text, word.lowerBound)
        if Self.isIntroduced(text, word.lowerBound) || (atLineStart && Self.isSender(text, word))
            || Self.isSignature(text, word.lowerBound) || Self.isDisplayName(text, word)
        {
            // The cue is strong enough for a name that is also an ordinary word ("my name is Precious").
            guard !NameLexicon.stopWords.contains(text, word), !NameLexicon.labels.contains(text, word),
                !NameLexicon.notSurnames.contains(text, word), let name = Self.nameRun(text, from: word.lowerBound)
            else { return nil }
            return name
        }
        // A capitalised word inside a sentence before a known surname ("see Anneka Whitfield on"). (Any two capitalised
        // words would also take in the Title Case names of services and schemes: "Universal Credit", "Online Safety".)
        if let next = TextWords.nextWord(text, after: word.upperBound), next.lowerBound == word.upperBound + 1,
            TextWords.letterCase(text, next) == .capitalised, NameLexicon.surnames.contains(text, next),
            !Self.isCommonWord(text, word), !TextWords.isSentenceStart(text, word.lowerBound),
            !NameLexicon.titles.contains(text, next), !Self.isInTitleCase(text, word.lowerBound),
            !NameLexicon.places.contains(text, word)
        {
            return Self.nameRun(text, from: word.lowerBound)
        }
        return nil
    }

    /// A capitalised first name (even one that is an ordinary word: "Will", "Grace") just before a registered name
    /// that starts at `registered` ("Will Turner" when only the Turners are registered).
    private static func firstNameBefore(_ text: UnsafeBufferPointer<UInt8>, _ word: Range<Int>, registeredAt registered: Int)
        -> Range<Int>?
    {
        guard registered == word.upperBound + 1, ByteScan.byte(text, word.upperBound) == ByteScan.space,
            TextWords.letterCase(text, word) == .capitalised, !NameLexicon.titles.contains(text, word),
            NameLexicon.firstNames.contains(text, word) || NameLexicon.ordinaryNames.contains(text, word)
        else { return nil }
        return word
    }

    /// End of the word at `start`: letters and digits of any script, with `'`, `’` and `-` inside.
    static func wordEnd(_ text: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int {
        var end = start
        while end < text.count && end - start < 40 {
            let byte = text[end]
            if ByteScan.isLetter(byte) || byte >= 0x80 {
                if byte == 0xE2 {  // ’ inside a word; other punctuation from U+2000 ends it
                    guard ByteScan.byte(text, end + 1) == 0x80, ByteScan.byte(text, end + 2) == 0x99,
                        ByteScan.isLetter(ByteScan.byte(text, end + 3))
                    else { break }
                    end += 3
                    continue
                }
                end += 1
            } else if (byte == ByteScan.apostrophe || byte == ByteScan.hyphen) && ByteScan.isLetter(ByteScan.byte(text, end + 1))
                && end > start
            {
                end += 1
            } else {
                break
            }
        }
        // A possessive is not part of the name.
        if end - start > 3, ByteScan.byte(text, end - 2) == ByteScan.apostrophe, ByteScan.lower(text[end - 1]) == 0x73 {
            end -= 2
        }
        return end
    }

    /// A run of up to four name words starting at `start`: capitalised (or in capitals), separated by one space,
    /// stopping before street, place, organisation and common words.
    static func nameRun(_ text: UnsafeBufferPointer<UInt8>, from start: Int) -> Range<Int>? {
        var end = start
        var words = 0
        var index = start
        while words < 4 {
            let word = index..<wordEnd(text, index)
            let letterCase = TextWords.letterCase(text, word)
            guard word.count >= 2 || (word.count == 1 && words > 0 && ByteScan.isUpper(text[index])),
                letterCase == .capitalised || letterCase == .upper,
                !NameLexicon.notSurnames.contains(text, word), !NameLexicon.stopWords.contains(text, word),
                !NameLexicon.titles.contains(text, word)
            else { break }
            end = word.upperBound
            words += 1
            // The next word, after one space (or a full stop and a space for an initial).
            var next = end
            if ByteScan.byte(text, next) == ByteScan.dot && word.count == 1 { next += 1 }
            guard ByteScan.byte(text, next) == ByteScan.space,
                ByteScan.isUpper(ByteScan.byte(text, next + 1))
                    || ByteScan.byte(text, next + 1) >= 0xC3 && ByteScan.byte(text, next + 1) <= 0xC5
            else { break }
            index = next + 1
        }
        return words > 0 ? start..<end : nil
    }

    /// Start of the name after a title ending at `end`: past an optional full stop, one or two spaces and a collar
    /// number ("PC 4521 Hughes").
    private static func afterTitle(_ text: UnsafeBufferPointer<UInt8>, _ end: Int) -> Int? {
        var index = end
        if ByteScan.byte(text, index) == ByteScan.dot { index += 1 }
        guard ByteScan.byte(text, index) == ByteScan.space else { return nil }
        index += 1
        if ByteScan.byte(text, index) == ByteScan.space { index += 1 }
        let digits = ByteScan.digitRun(text, index, limit: 7)
        if (2...6).contains(digits), ByteScan.byte(text, index + digits) == ByteScan.space { index += digits + 1 }
        let first = ByteScan.byte(text, index)
        return ByteScan.isUpper(first) || (first >= 0xC3 && first <= 0xC5) ? index : nil
    }

    /// Whether the word at `start` follows "my name is", "name's", "called", "named", "known as" or "aka".
    private static func isIntroduced(_ text: UnsafeBufferPointer<UInt8>, _ start: Int) -> Bool {
        var start = start
        // Past an opening quote: called "Jay", named ‘Jay’.
        if ByteScan.byte(text, start - 1) == 0x22 || ByteScan.byte(text, start - 1) == ByteScan.apostrophe {
            start -= 1
        } else if ByteScan.byte(text, start - 3) == 0xE2, ByteScan.byte(text, start - 2) == 0x80,
            [0x98, 0x9C].contains(ByteScan.byte(text, start - 1))
        {
            start -= 3
        }
        guard let previous = TextWords.previousWord(text, before: start) else { return false }
        func word(_ range: Range<Int>, _ literal: StaticString) -> Bool {
            range.count == literal.utf8CodeUnitCount && ByteScan.matches(text, range.lowerBound, literal: literal)
        }
        if word(previous, "called") || word(previous, "named") || word(previous, "aka") { return true }
        if word(previous, "is") || word(previous, "as"), let before = TextWords.previousWord(text, before: previous.lowerBound) {
            return word(previous, "is") ? word(before, "name") : word(before, "known")
        }
        return false
    }

    /// Whether the label at a line start that begins with `word` is a chat sender: words up to a colon, after a
    /// timestamp, or of two or three capitalised words, or a known first name; never a field label ("Subject:").
    private static func isSender(_ text: UnsafeBufferPointer<UInt8>, _ word: Range<Int>) -> Bool {
        guard !NameLexicon.labels.contains(text, word), let run = nameRun(text, from: word.lowerBound),
            ByteScan.byte(text, run.upperBound) == ByteScan.colon, ByteScan.byte(text, run.upperBound + 1) != ByteScan.colon,
            !ByteScan.isDigit(ByteScan.byte(text, run.upperBound + 1))
        else { return false }
        let lineStart = TextWords.lineStart(text, word.lowerBound)
        let stamped = (lineStart..<word.lowerBound).contains { ByteScan.isDigit(text[$0]) }
        let words = (run.lowerBound..<run.upperBound).filter { text[$0] == ByteScan.space }.count + 1
        return stamped || words >= 2 || NameLexicon.firstNames.contains(text, word)
    }

    /// Whether `start` begins the line after a sign-off line ("Kind regards," "Thanks,"), ignoring blank lines.
    private static func isSignature(_ text: UnsafeBufferPointer<UInt8>, _ start: Int) -> Bool {
        let lineStart = TextWords.lineStart(text, start)
        guard (lineStart..<start).allSatisfy({ ByteScan.isBlank(text[$0]) }) else { return false }
        var end = lineStart - 1
        while end > 0
            && (text[end - 1] == ByteScan.newline || text[end - 1] == ByteScan.carriageReturn || ByteScan.isBlank(text[end - 1]))
        {
            end -= 1
        }
        guard end > 0 else { return false }
        if text[end - 1] == ByteScan.comma { end -= 1 }
        let previousStart = TextWords.lineStart(text, end)
        guard end - previousStart <= 24, end > previousStart else { return false }
        var index = previousStart
        while index < end {
            let word = index..<max(index + 1, wordEnd(text, index))
            if ByteScan.isLetter(text[index]), !NameLexicon.signOffs.contains(text, word) { return false }
            index = word.upperBound
        }
        return true
    }

    /// Whether the capitalised words at `word` are an e-mail display name: followed by `<…@…>` on the line.
    private static func isDisplayName(_ text: UnsafeBufferPointer<UInt8>, _ word: Range<Int>) -> Bool {
        // Display names follow a header's colon, a quote, a comma between addresses, or start a line.
        var before = word.lowerBound
        while ByteScan.isBlank(ByteScan.byte(text, before - 1)) { before -= 1 }
        let previous = ByteScan.byte(text, before - 1)
        guard
            before == 0 || previous == ByteScan.colon || previous == 0x22 || previous == ByteScan.comma
                || previous == ByteScan.newline,
            let run = nameRun(text, from: word.lowerBound)
        else { return false }
        var index = run.upperBound
        if ByteScan.byte(text, index) == 0x22 { index += 1 }
        guard ByteScan.byte(text, index) == ByteScan.space, ByteScan.byte(text, index + 1) == 0x3C else { return false }
        index += 2
        let stop = min(text.count, index + 96)
        while index < stop, text[index] != 0x3E, text[index] != ByteScan.newline {
            if text[index] == 0x40 { return true }
            index += 1
        }
        return false
    }

    /// Whether the word before `start` is also capitalised (a heading or title in Title Case, "The Old Mill Inn").
    private static func isInTitleCase(_ text: UnsafeBufferPointer<UInt8>, _ start: Int) -> Bool {
        guard let previous = TextWords.previousWord(text, before: start), previous.upperBound < start else { return false }
        return TextWords.letterCase(text, previous) != .lower && !NameLexicon.titles.contains(text, previous)
    }

    /// Whether the word is an ordinary word, a stop word, a field label, a street or place word or a family role.
    private static func isCommonWord(_ text: UnsafeBufferPointer<UInt8>, _ word: Range<Int>) -> Bool {
        NameLexicon.ordinary.contains(text, word) || NameLexicon.stopWords.contains(text, word)
            || NameLexicon.labels.contains(text, word) || NameLexicon.notSurnames.contains(text, word)
            || NameLexicon.householdRoles.contains(text, word)
    }

    /// The name's words lower-cased, folded and single-spaced.
    static func key(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        var out: [UInt8] = []
        var index = range.lowerBound
        var pendingSpace = false
        while index < range.upperBound {
            let byte = text[index]
            if byte < 0x80 {
                if ByteScan.isAlnum(byte) || byte == ByteScan.apostrophe || byte == ByteScan.hyphen {
                    if pendingSpace && !out.isEmpty { out.append(ByteScan.space) }
                    pendingSpace = false
                    out.append(ByteScan.lower(byte))
                } else {
                    pendingSpace = true
                }
                index += 1
            } else if let (one, two) = LatinFold.fold(text, at: index) {
                if pendingSpace && !out.isEmpty { out.append(ByteScan.space) }
                pendingSpace = false
                out.append(one)
                if two != 0 { out.append(two) }
                index += 2
            } else {
                out.append(byte)
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
