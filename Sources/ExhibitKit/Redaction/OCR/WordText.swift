/// Words with boxes (read by OCR or taken from a PDF's text layer) laid out as text for the detectors, with
/// each word's byte range kept so that a finding maps back to the boxes it covers.
///
/// Two layouts are scanned: blocks on lines of their own, with the lines and paragraphs of a block joined by
/// spaces (so an identifier wrapped inside a chat bubble reads as one), and the whole page joined by spaces
/// (so one split across two blocks is found too). A word is burned when any finding of either covers part of it.
struct WordText {
    /// The text.
    let bytes: [UInt8]
    /// Each word's byte range in `bytes`, in order, with its index in the words given.
    let spans: [(range: Range<Int>, word: Int)]

    /// Lays out words.
    /// - Parameters:
    ///   - words: the words in reading order.
    ///   - separateBlocks: true to put each block on its own line; false to join everything with spaces.
    init(_ words: [OCRWord], separateBlocks: Bool) {
        var bytes: [UInt8] = []
        var spans: [(Range<Int>, Int)] = []
        var previousBlock: Int?
        for (index, word) in words.enumerated() {
            let text = Array(TextNormaliser.spaces(Array(word.text.utf8)))
            guard !text.isEmpty else { continue }
            if let previousBlock {
                bytes.append(separateBlocks && previousBlock != word.block ? 0x0A : 0x20)
            }
            previousBlock = word.block
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
enum WordFindings {
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
        for layout in [WordText(words, separateBlocks: true), WordText(words, separateBlocks: false)] {
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
