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

        /// Creates a pattern.
        /// - Parameters:
        ///   - text: The text: a name, alias, address, phone number or e-mail address.
        ///   - party: The party's index (reported in findings).
        ///   - field: Which field of the party the text comes from.
        public init(text: String, party: Int, field: PartyField) {
            self.text = text
            self.party = party
            self.field = field
        }
    }

    /// What a match reports.
    private struct Entry: Sendable {
        var kind: FindingKind
        var key: String
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
                entries.append(Entry(kind: kind, key: String(decoding: symbols, as: UTF8.self)))
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
                        if hasWords, storage.root[Int(ByteScan.lower(byte))] >= 0,
                            let match = storage.longestMatch(text, at: index)
                        {
                            let entry = entries[Int(match.entry)]
                            findings.append(Finding(range: index..<match.end, kind: entry.kind, key: entry.key))
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

/// A character trie over normalised patterns (see `normalise(_:)`), walked over raw text.
struct WordTrie: Sendable {
    /// Symbol for "one or more white-space characters, optionally after one comma, full stop, semicolon or colon".
    static let gap: UInt8 = ByteScan.space

    /// Children of the root, indexed by byte (-1: none).
    fileprivate var root: [Int32]
    /// Per node: first edge, edge count, accepted entry (-1: none); three values per node.
    fileprivate var nodes: [Int32]
    /// Edges: symbol in the top 8 bits, target node in the low 24.
    fileprivate var edges: [UInt32]

    var isEmpty: Bool { nodes.count <= 3 }

    /// Incremental construction.
    struct Builder {
        private var children: [[UInt8: Int32]] = [[:]]
        private var accepts: [Int32] = [-1]

        /// Adds a pattern; `false` when the same pattern is already present (the first one wins).
        /// - Parameters:
        ///   - symbols: The normalised pattern.
        ///   - entry: What the pattern reports.
        /// - Returns: Whether the pattern was added.
        mutating func insert(_ symbols: [UInt8], entry: Int32) -> Bool {
            var node = 0
            for symbol in symbols {
                if let next = children[node][symbol] {
                    node = Int(next)
                } else {
                    children.append([:])
                    accepts.append(-1)
                    children[node][symbol] = Int32(children.count - 1)
                    node = children.count - 1
                }
            }
            guard accepts[node] < 0 else { return false }
            accepts[node] = entry
            return true
        }

        /// The flattened trie.
        /// - Returns: The trie.
        func build() -> WordTrie {
            var root = [Int32](repeating: -1, count: 256)
            for (symbol, target) in children[0] { root[Int(symbol)] = target }
            var nodes: [Int32] = []
            var edges: [UInt32] = []
            nodes.reserveCapacity(children.count * 3)
            for (node, map) in children.enumerated() {
                nodes += [Int32(edges.count), Int32(map.count), accepts[node]]
                for (symbol, target) in map.sorted(by: { $0.key < $1.key }) {
                    edges.append(UInt32(symbol) << 24 | UInt32(target))
                }
            }
            return WordTrie(root: root, nodes: nodes, edges: edges)
        }
    }

    /// Normalises a pattern: words (letters and digits of any script) lower-cased (ASCII and Latin-1 capitals), `'`/`’`
    /// and `-` kept between letters, and everything else between words turned into one gap symbol.
    /// - Parameter pattern: A name, alias or address.
    /// - Returns: The trie symbols (UTF-8 bytes and gaps).
    static func normalise(_ pattern: String) -> [UInt8] {
        var symbols: [UInt8] = []
        var pendingGap = false
        var pendingJoiner: UInt8?
        for scalar in pattern.unicodeScalars {
            let value = scalar.value
            if ByteScan.isWordScalar(value) {
                if let joiner = pendingJoiner, !pendingGap {
                    symbols.append(joiner)
                } else if pendingGap && !symbols.isEmpty {
                    symbols.append(gap)
                }
                pendingGap = false
                pendingJoiner = nil
                let lowered = (0xC0...0xDE).contains(value) && value != 0xD7 ? value + 0x20 : value
                if lowered < 0x80 {
                    symbols.append(ByteScan.lower(UInt8(lowered)))
                } else if let loweredScalar = Unicode.Scalar(lowered) {
                    symbols += Array(String(Character(loweredScalar)).utf8)
                }
            } else if (value == 0x27 || value == 0x2019 || value == 0x2D) && !symbols.isEmpty && !pendingGap
                && pendingJoiner == nil
            {
                pendingJoiner = value == 0x2D ? ByteScan.hyphen : ByteScan.apostrophe
            } else {
                pendingGap = true
                pendingJoiner = nil
            }
        }
        return symbols
    }

    fileprivate func withUnsafeStorage<Result>(_ body: (Storage) -> Result) -> Result {
        root.withUnsafeBufferPointer { root in
            nodes.withUnsafeBufferPointer { nodes in
                edges.withUnsafeBufferPointer { edges in body(Storage(root: root, nodes: nodes, edges: edges)) }
            }
        }
    }

    /// The trie's arrays while scanning.
    fileprivate struct Storage {
        var root: UnsafeBufferPointer<Int32>
        var nodes: UnsafeBufferPointer<Int32>
        var edges: UnsafeBufferPointer<UInt32>

        @inline(__always)
        func child(_ node: Int32, _ symbol: UInt8) -> Int32 {
            if node == 0 { return root[Int(symbol)] }
            let base = Int(node) * 3
            var edge = Int(nodes[base])
            let end = edge + Int(nodes[base + 1])
            let wanted = UInt32(symbol)
            while edge < end {
                let packed = edges[edge]
                if packed >> 24 == wanted { return Int32(packed & 0xFF_FFFF) }
                edge += 1
            }
            return -1
        }

        /// The longest pattern starting at `start` and ending at a word boundary.
        func longestMatch(_ text: UnsafeBufferPointer<UInt8>, at start: Int) -> (end: Int, entry: Int32)? {
            var node: Int32 = 0
            var index = start
            var best: (end: Int, entry: Int32)?
            let count = text.count
            while index < count {
                let byte = text[index]
                var next: Int32 = -1
                var advance = 1
                if byte < 0x80 {
                    if isGapStart(byte) {
                        let gapNode = child(node, WordTrie.gap)
                        if gapNode >= 0, let end = gapEnd(text, index) {
                            next = gapNode
                            advance = end - index
                        }
                    }
                    if next < 0 { next = child(node, ByteScan.lower(byte)) }
                } else if byte == 0xE2 && ByteScan.byte(text, index + 1) == 0x80 && ByteScan.byte(text, index + 2) == 0x99 {
                    next = child(node, ByteScan.apostrophe)  // ’
                    advance = 3
                } else if byte == 0xC2 && ByteScan.byte(text, index + 1) == 0xA0 {
                    let gapNode = child(node, WordTrie.gap)
                    if gapNode >= 0, let end = gapEnd(text, index) {
                        next = gapNode
                        advance = end - index
                    }
                } else if byte == 0xC3, index + 1 < count, (0x80...0x9E).contains(text[index + 1]), text[index + 1] != 0x97 {
                    let lead = child(node, byte)  // a Latin-1 capital: match its lower case
                    if lead >= 0 { next = child(lead, text[index + 1] + 0x20) }
                    advance = 2
                } else {
                    next = child(node, byte)
                }
                guard next >= 0 else { break }
                node = next
                index += advance
                let entry = nodes[Int(node) * 3 + 2]
                if entry >= 0 && ByteScan.boundaryAfter(text, index) { best = (index, entry) }
            }
            return best
        }

        @inline(__always)
        private func isGapStart(_ byte: UInt8) -> Bool {
            byte == ByteScan.space || byte == ByteScan.newline || byte == ByteScan.comma || byte == ByteScan.dot
                || byte == ByteScan.tab || byte == ByteScan.carriageReturn || byte == 0x3B || byte == ByteScan.colon
        }

        /// End of a gap at `start`: an optional comma, full stop, semicolon or colon, then one or more spaces, tabs,
        /// line breaks or no-break spaces.
        private func gapEnd(_ text: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int? {
            var index = start
            let first = text[index]
            if first == ByteScan.comma || first == ByteScan.dot || first == 0x3B || first == ByteScan.colon { index += 1 }
            let blankStart = index
            while index < text.count {
                let byte = text[index]
                if byte == ByteScan.space || byte == ByteScan.newline || byte == ByteScan.tab || byte == ByteScan.carriageReturn {
                    index += 1
                } else if byte == 0xC2 && ByteScan.byte(text, index + 1) == 0xA0 {
                    index += 2
                } else {
                    break
                }
            }
            return index > blankStart ? index : nil
        }
    }
}
