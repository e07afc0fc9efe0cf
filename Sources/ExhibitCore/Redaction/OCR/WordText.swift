/// Words with boxes (read by OCR or taken from a PDF's text layer) laid out as text for the detectors, with
/// each word's byte range kept so that a finding maps back to the boxes it covers.
///
/// Three layouts are scanned: blocks on lines of their own, with the lines and paragraphs of a block joined by
/// spaces (so an identifier wrapped inside a chat bubble reads as one); the whole page joined by spaces (so one
/// split across two blocks is found too); and the page with every one-letter word joined to the next word of
/// its line (OCR splits letter-spaced words: "J ade Wilson"). A word is burned when any finding of any layout
/// covers part of it.
struct WordText {
    /// The text.
    let bytes: [UInt8]
    /// Each word's byte range in `bytes`, in order, with its index in the words given.
    let spans: [(range: Range<Int>, word: Int)]

    /// Lays out words.
    /// - Parameters:
    ///   - words: the words in reading order.
    ///   - separateBlocks: true to put each block on its own line; false to join everything with spaces.
    ///   - joinFragments: true to join a one-letter word to the next word of the same line without a space.
    init(_ words: [OCRWord], separateBlocks: Bool, joinFragments: Bool = false) {
        var bytes: [UInt8] = []
        var spans: [(Range<Int>, Int)] = []
        var previous: OCRWord?
        for (index, word) in words.enumerated() {
            let text = Array(TextNormaliser.spaces(Array(word.text.utf8)))
            guard !text.isEmpty else { continue }
            if let previous {
                let fragment =
                    joinFragments && previous.line == word.line && previous.text.count == 1
                    && previous.text.first?.isLetter == true
                if !fragment { bytes.append(separateBlocks && previous.block != word.block ? 0x0A : 0x20) }
            }
            previous = word
            spans.append((bytes.count..<(bytes.count + text.count), index))
            bytes += text
        }
        self.bytes = bytes
        self.spans = spans
    }

    /// The indices of the words that overlap a byte range.
    func words(overlapping range: Range<Int>) -> [Int] {
        // Spans are sorted: find the first that ends after the range starts.
        var low = 0
        var high = spans.count
        while low < high {
            let middle = (low + high) / 2
            if spans[middle].range.upperBound <= range.lowerBound { low = middle + 1 } else { high = middle }
        }
        var result: [Int] = []
        var index = low
        while index < spans.count, spans[index].range.lowerBound < range.upperBound {
            result.append(spans[index].word)
            index += 1
        }
        return result
    }
}

/// What the policy's text rules find among words: for each word to burn, the rule that asks for it.
package enum WordFindings {
    /// One word the rules replace.
    struct Hit: Sendable, Equatable {
        /// Index into the words given.
        var word: Int
        /// The rule (`ni-number`, `party:informant`, `ocr:all-text`, `ocr:low-confidence`).
        var rule: String
    }

    /// The words the rules would replace, each once (the first rule that covers it names it), in word order,
    /// and how many findings each rule made (a phone number read as two words counts once; a finding of the
    /// page-wide layout counts only when it adds a word the block layout did not find).
    /// - Parameters:
    ///   - words: the words of one image or page.
    ///   - redactor: the run's text redactor (detectors, parties and policy actions).
    /// - Returns: the hits and the counts per rule.
    static func replaced(in words: [OCRWord], redactor: TextRedactor) -> (hits: [Hit], counts: [String: Int]) {
        var rules: [Int: String] = [:]
        var counts: [String: Int] = [:]
        let layouts = [
            WordText(words, separateBlocks: true), WordText(words, separateBlocks: false),
            WordText(words, separateBlocks: false, joinFragments: true),
        ]
        for layout in layouts {
            for finding in redactor.replacedFindings(in: layout.bytes) {
                let covered = layout.words(overlapping: finding.range).filter { rules[$0] == nil }
                guard !covered.isEmpty else { continue }
                counts[finding.rule, default: 0] += 1
                for word in covered { rules[word] = finding.rule }
            }
        }
        let hits = rules.keys.sorted().compactMap { index in rules[index].map { Hit(word: index, rule: $0) } }
        return (hits, counts)
    }
}
