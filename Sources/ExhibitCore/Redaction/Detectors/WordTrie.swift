/// A character trie over normalised patterns (see `normalise(_:)`), walked over raw text.
///
/// The walk reads text as people and programs write names: ASCII case ignored; Latin diacritics folded both ways
/// (`LatinFold`: "Wróblewska" and "Wroblewska" meet at "wroblewska"); `'` or `’` for an apostrophe; and between words
/// a gap (`gapEnd`): white space of any kind and amount (line breaks, no-break spaces, JSON `\n` escapes), optionally
/// after one comma, full stop, semicolon or colon, with HTML tags anywhere in it ("Kacper <b>Nowak</b>"), or a single
/// `_ . - , /` directly between two words ("kacper_nowak", "NOWAK,Kacper"). A word broken by a hyphen at a line end
/// ("Kac-\nper") is read whole.
struct WordTrie: Sendable {
    /// Symbol for a gap between words.
    static let gap: UInt8 = ByteScan.space

    /// Children of the root, indexed by byte (-1: none).
    fileprivate var root: [Int32]
    /// Per node: first edge, edge count, accepted entry (-1: none); three values per node.
    fileprivate var nodes: [Int32]
    /// Edges: symbol in the top 8 bits, target node in the low 24.
    fileprivate var edges: [UInt32]
    /// A bit per pair of first two symbols of some pattern (ASCII first symbol; the second a letter, a digit, an
    /// apostrophe or the gap), so most word starts are rejected before a walk.
    fileprivate var pairs: [UInt64]

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
            var pairs = [UInt64](repeating: 0, count: 1024)
            for (first, target) in children[0] where first < 0x80 {
                for second in children[Int(target)].keys {
                    let pair = Int(first) << 8 | Int(second)
                    pairs[pair >> 6] |= 1 << UInt64(pair & 63)
                }
                if accepts[Int(target)] >= 0 {  // a one-symbol pattern: any second byte
                    for second in 0..<256 {
                        let pair = Int(first) << 8 | second
                        pairs[pair >> 6] |= 1 << UInt64(pair & 63)
                    }
                }
            }
            return WordTrie(root: root, nodes: nodes, edges: edges, pairs: pairs)
        }
    }

    /// Normalises a pattern: words (letters and digits of any script) lower-cased with Latin diacritics folded, `'`/`’`
    /// kept between letters, and everything else between words (hyphens included) turned into one gap symbol.
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
                if value < 0x80 {
                    symbols.append(ByteScan.lower(UInt8(value)))
                } else if let (one, two) = LatinFold.fold(scalar: value) {
                    symbols.append(one)
                    if two != 0 { symbols.append(two) }
                } else {
                    symbols += Array(String(scalar).lowercased().utf8)
                }
            } else if (value == 0x27 || value == 0x2019) && !symbols.isEmpty && !pendingGap && pendingJoiner == nil {
                pendingJoiner = ByteScan.apostrophe
            } else {
                pendingGap = true
                pendingJoiner = nil
            }
        }
        return symbols
    }

    func withUnsafeStorage<Result>(_ body: (Storage) -> Result) -> Result {
        root.withUnsafeBufferPointer { root in
            nodes.withUnsafeBufferPointer { nodes in
                edges.withUnsafeBufferPointer { edges in
                    pairs.withUnsafeBufferPointer { pairs in
                        body(Storage(root: root, nodes: nodes, edges: edges, pairs: pairs))
                    }
                }
            }
        }
    }

    /// The trie's arrays while scanning.
    struct Storage {
        fileprivate var root: UnsafeBufferPointer<Int32>
        fileprivate var nodes: UnsafeBufferPointer<Int32>
        fileprivate var edges: UnsafeBufferPointer<UInt32>
        fileprivate var pairs: UnsafeBufferPointer<UInt64>

        /// Whether a pattern may start at `index`, judged from its first two bytes (an ASCII first byte; anything
        /// else may).
        @inline(__always)
        func mayStart(_ text: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
            let first = text[index]
            guard first < 0x80 else { return true }
            guard root[Int(ByteScan.lower(first))] >= 0 else { return false }
            let next = ByteScan.byte(text, index + 1)
            let second: UInt8
            if ByteScan.isAlnum(next) {
                second = ByteScan.lower(next)
            } else if next >= 0x80 || next == ByteScan.apostrophe {
                return true  // a folded letter, ’, or a no-break space: walk
            } else {
                second = WordTrie.gap
            }
            let pair = Int(ByteScan.lower(first)) << 8 | Int(second)
            return pairs[pair >> 6] & (1 << UInt64(pair & 63)) != 0
        }

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

        /// The longest pattern starting at `start` and ending at a word boundary (or where a name in a handle ends:
        /// before a digit, or before the capital of a camelCase join).
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
                    if ByteScan.isAlnum(byte) {
                        next = child(node, ByteScan.lower(byte))
                    } else if byte == ByteScan.apostrophe {
                        next = child(node, ByteScan.apostrophe)
                    }
                    if next < 0 && !ByteScan.isAlnum(byte) && node != 0 {
                        if byte == ByteScan.hyphen, let end = WordTrie.softBreakEnd(text, index),
                            ByteScan.isLower(ByteScan.byte(text, end)) || (0xC3...0xC9).contains(ByteScan.byte(text, end))
                        {
                            index = end  // "Kac-\nper": the word goes on after the line break
                            continue
                        }
                        let gapNode = child(node, WordTrie.gap)
                        if gapNode >= 0, let end = WordTrie.gapEnd(text, index) {
                            next = gapNode
                            advance = end - index
                        }
                    }
                } else if byte == 0xE2 && ByteScan.byte(text, index + 1) == 0x80 && ByteScan.byte(text, index + 2) == 0x99 {
                    next = child(node, ByteScan.apostrophe)  // ’
                    advance = 3
                } else if byte == 0xC2 && ByteScan.byte(text, index + 1) == 0xA0 {
                    let gapNode = child(node, WordTrie.gap)
                    if gapNode >= 0, let end = WordTrie.gapEnd(text, index) {
                        next = gapNode
                        advance = end - index
                    }
                } else if let (one, two) = LatinFold.fold(text, at: index) {
                    next = child(node, one)
                    if two != 0 && next >= 0 { next = child(next, two) }
                    advance = 2
                } else {
                    next = child(node, byte)
                }
                guard next >= 0 else { break }
                node = next
                index += advance
                let entry = nodes[Int(node) * 3 + 2]
                if entry >= 0 && WordTrie.endsName(text, index) { best = (index, entry) }
            }
            return best
        }
    }

    /// Whether a name may end at `index`: at a word boundary, before a digit after a letter ("kacper77"), or before
    /// an upper-case letter after a lower-case one ("KacperNowak").
    @inline(__always)
    static func endsName(_ text: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        if ByteScan.boundaryAfter(text, index) { return true }
        let previous = ByteScan.byte(text, index - 1)
        let next = text[index]
        return (ByteScan.isLetter(previous) && ByteScan.isDigit(next)) || (ByteScan.isLower(previous) && ByteScan.isUpper(next))
    }

    /// End of a hyphen that breaks a word at a line end ("-\n", "-\r\n", with spaces around the line break), or nil.
    static func softBreakEnd(_ text: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int? {
        var index = start + 1
        while ByteScan.isBlank(ByteScan.byte(text, index)) { index += 1 }
        if ByteScan.byte(text, index) == ByteScan.carriageReturn { index += 1 }
        guard ByteScan.byte(text, index) == ByteScan.newline else { return nil }
        index += 1
        while ByteScan.isBlank(ByteScan.byte(text, index)) { index += 1 }
        return index
    }

    /// End of a gap between two words at `start` (see the type's summary), or nil.
    static func gapEnd(_ text: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int? {
        var index = start
        let first = text[index]
        let following = ByteScan.byte(text, index + 1)
        if first == 0x5F || first == ByteScan.dot || first == ByteScan.hyphen || first == ByteScan.comma
            || first == ByteScan.slash
        {
            if ByteScan.isAlnum(following) || following >= 0xC0 { return index + 1 }
        }
        if first == ByteScan.comma || first == ByteScan.dot || first == 0x3B || first == ByteScan.colon
            || first == ByteScan.hyphen
        {
            index += 1
        }
        let blankStart = index
        var blanks = 0
        while index < text.count {
            let byte = text[index]
            if byte == ByteScan.space || byte == ByteScan.newline || byte == ByteScan.tab || byte == ByteScan.carriageReturn {
                index += 1
                blanks += 1
            } else if byte == 0xC2 && ByteScan.byte(text, index + 1) == 0xA0 {
                index += 2
                blanks += 1
            } else if byte == 0x5C, [0x6E, 0x72, 0x74].contains(ByteScan.byte(text, index + 1)) {
                index += 2  // JSON \n, \r, \t
                blanks += 1
            } else if byte == 0x3C, let end = tagEnd(text, index) {
                index = end
            } else {
                break
            }
        }
        // A hyphen needs white space after it ("Smith -\nJones"); other gaps need white space or a tag.
        guard index > blankStart, first != ByteScan.hyphen || blanks > 0 else { return nil }
        return index
    }

    /// End of an HTML tag (`<b>`, `</span>`, `<br/>`, `<a href="…">`) at `start`, at most 256 bytes long, or nil.
    private static func tagEnd(_ text: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int? {
        let first = ByteScan.byte(text, start + 1)
        guard ByteScan.isLetter(first) || first == ByteScan.slash else { return nil }
        var index = start + 2
        let stop = min(text.count, start + 256)
        while index < stop {
            let byte = text[index]
            if byte == 0x3E { return index + 1 }
            if byte == 0x3C || byte == ByteScan.newline { return nil }
            index += 1
        }
        return nil
    }
}
