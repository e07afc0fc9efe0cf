/// Finds a case's people: names, aliases, addresses, phone numbers and e-mail addresses.
///
/// Names, aliases and addresses are matched case-insensitively on whole words in one pass over the text with a
/// character trie of the normalised patterns: between words the text may have any run of white space (line breaks
/// included), optionally after one comma, full stop, semicolon or colon (so commas in addresses are optional and
/// "T. Okafor" also matches "T Okafor"); apostrophes match `'` or `’`; a possessive ("Darren's", "Darren’s", "Jones'")
/// matches the name, and the finding covers the name only. At each position the longest pattern wins; when several
/// parties share a pattern, the first one given wins. Phone patterns match any number the uk-phone detector accepts
/// with the same national key; e-mail patterns match addresses case-insensitively.
///
/// The walk from each word start is bounded by the longest pattern, so a scan is one pass over the text with no
/// per-pattern rescans. A finding's key is the matched pattern normalised: lower-case words separated by single spaces
/// (punctuation between words dropped) for names, aliases and addresses, the national phone number (`07700900123`),
/// or the lower-cased e-mail address.
public struct PartyMatcher: TextDetector {
    /// One thing to look for.
    public struct Pattern: Sendable {
        /// The text: a name, alias, address, phone number or e-mail address.
        public var text: String
        /// The party's index (reported in findings).
        public var party: Int
        /// Which field of the party the text comes from.
        public var field: PartyField
        /// Whether the text is also an ordinary word ("Grace", "Will", "Green") or very short: a match is judged
        /// from its case and position (`NameJudgement`) before it counts.
        public var ambiguous: Bool

        /// Creates a pattern.
        /// - Parameters:
        ///   - text: The text: a name, alias, address, phone number or e-mail address.
        ///   - party: The party's index (reported in findings).
        ///   - field: Which field of the party the text comes from.
        ///   - ambiguous: Whether a match is judged before it counts.
        public init(text: String, party: Int, field: PartyField, ambiguous: Bool = false) {
            self.text = text
            self.party = party
            self.field = field
            self.ambiguous = ambiguous
        }
    }

    /// What a match reports.
    private struct Entry: Sendable {
        var kind: FindingKind
        var key: String
        var ambiguous = false
    }

    private let trie: WordTrie
    private let entries: [Entry]
    private let phones: [String: Int]
    private let emails: [String: Int]

    /// Creates a matcher for `patterns`.
    /// - Parameter patterns: The parties' names, aliases, addresses, phone numbers and e-mail addresses.
    public init(_ patterns: [Pattern]) {
        var builder = WordTrie.Builder()
        var entries: [Entry] = []
        var phones: [String: Int] = [:]
        var emails: [String: Int] = [:]
        for pattern in patterns {
            let kind = FindingKind.party(index: pattern.party, field: pattern.field)
            switch pattern.field {
            case .phone:
                guard let key = Self.phoneKey(pattern.text), phones[key] == nil else { continue }
                phones[key] = entries.count
                entries.append(Entry(kind: kind, key: key))
            case .email:
                let key = pattern.text.trimmingWhitespace().lowercasedASCII()
                guard !key.isEmpty, emails[key] == nil else { continue }
                emails[key] = entries.count
                entries.append(Entry(kind: kind, key: key))
            case .name, .alias, .address:
                let symbols = WordTrie.normalise(pattern.text)
                guard !symbols.isEmpty, builder.insert(symbols, entry: Int32(entries.count)) else { continue }
                entries.append(
                    Entry(kind: kind, key: String(decoding: symbols, as: UTF8.self), ambiguous: pattern.ambiguous))
            }
        }
        self.trie = builder.build()
        self.entries = entries
        self.phones = phones
        self.emails = emails
    }

    /// The national key of a phone pattern: as the uk-phone detector reads it, or its digits (`+44…` made national).
    private static func phoneKey(_ text: String) -> String? {
        var bytes = Array(text.trimmingWhitespace().utf8)
        let parsed = bytes.withUnsafeBufferPointer { buffer in
            buffer.isEmpty ? nil : UKPhoneParser.parse(buffer, at: 0).flatMap { $0.end == buffer.count ? $0.key : nil }
        }
        if let parsed { return parsed }
        let international = bytes.first == ByteScan.plus
        bytes = bytes.filter(ByteScan.isDigit)
        if international && bytes.starts(with: [0x34, 0x34]) { bytes = [ByteScan.zero] + bytes.dropFirst(2) }
        return bytes.count >= 6 ? String(decoding: bytes, as: UTF8.self) : nil
    }

    public func scan(_ text: UnsafeBufferPointer<UInt8>, into findings: inout [Finding]) {
        if !trie.isEmpty || !phones.isEmpty { scanWordsAndPhones(text, into: &findings) }
        if !emails.isEmpty {
            EmailParser.forEach(in: text) { range in
                if let entry = emails[EmailParser.key(text, range)] {
                    findings.append(Finding(range: range, kind: entries[entry].kind, key: entries[entry].key))
                }
            }
        }
    }

    private func scanWordsAndPhones(_ text: UnsafeBufferPointer<UInt8>, into findings: inout [Finding]) {
        let hasPhones = !phones.isEmpty
        let hasWords = !trie.isEmpty
        trie.withUnsafeStorage { storage in
            var index = 0
            let count = text.count
            while index < count {
                let byte = text[index]
                let wordByte = byte < 0x80 ? ByteScan.isAlnum(byte) : byte >= 0xC0
                if wordByte {
                    let startsWord =
                        ByteScan.boundaryBefore(text, index)
                        && (byte < 0x80 || ByteScan.isWordScalar(ByteScan.scalar(startingAt: index, in: text)))
                    if startsWord {
                        if hasWords, storage.mayStart(text, at: index), let match = storage.longestMatch(text, at: index) {
                            let entry = entries[Int(match.entry)]
                            var finding = Finding(range: index..<match.end, kind: entry.kind, key: entry.key)
                            if entry.ambiguous {
                                // Judged: a name is redacted (and an uncertain one reported), an ordinary word is
                                // reported and kept.
                                switch NameJudgement.judge(text, index..<match.end) {
                                case .name: break
                                case .uncertain: finding.ambiguity = .redacted
                                case .word: finding.ambiguity = .kept
                                }
                            }
                            findings.append(finding)
                            index = match.end
                            continue
                        }
                        if hasPhones && byte == ByteScan.zero, let end = phone(text, at: index, into: &findings) {
                            index = end
                            continue
                        }
                    }
                    index += 1
                    while index < count && ByteScan.isAlnum(text[index]) { index += 1 }
                    continue
                }
                if hasPhones && (byte == ByteScan.plus || byte == ByteScan.openParen) && ByteScan.boundaryBefore(text, index),
                    let end = phone(text, at: index, into: &findings)
                {
                    index = end
                    continue
                }
                index += 1
            }
        }
    }

    /// Reads a phone number at `start`; reports it when it is a party's. Returns the number's end, or `nil`.
    @inline(__always)
    private func phone(_ text: UnsafeBufferPointer<UInt8>, at start: Int, into findings: inout [Finding]) -> Int? {
        guard let match = UKPhoneParser.parse(text, at: start) else { return nil }
        if let entry = phones[match.key] {
            findings.append(Finding(range: start..<match.end, kind: entries[entry].kind, key: entries[entry].key))
        }
        return match.end
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }

    fileprivate func lowercasedASCII() -> String {
        String(decoding: utf8.map(ByteScan.lower), as: UTF8.self)
    }
}
