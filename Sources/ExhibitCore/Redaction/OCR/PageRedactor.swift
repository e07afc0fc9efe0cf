/// One thing found in a picture: on which page (1 for an image), under which rule, how confidently it was
/// read, and the box that is burned. Never the text itself.
public struct PageFinding: Sendable, Codable, Equatable {
    /// The page (1 for an image).
    public var page: Int
    /// The rule (`ni-number`, `party:witness`, `ocr:low-confidence`, `ocr:all-text`, `burned-regions`).
    public var rule: String
    /// OCR confidence, 0 to 100 (100 for a PDF's own text and for marked regions).
    public var confidence: Int
    /// The box burned, with its margin, in pixels of the page as rendered.
    public var box: PixelRegion
}

/// How the shared copy was read back after burning: counts only, never text.
public struct ReadbackCheck: Sendable, Codable, Equatable {
    /// `ocr` (text recognition of the burned pixels).
    public var method: String
    /// Pages or images read back.
    public var pages: Int
    /// Areas read (whole pages, or the areas around burned boxes).
    public var areas: Int
    /// Words read back.
    public var words: Int
    /// Rounds of reading back (a round that finds more burns it and reads again).
    public var rounds: Int
    /// Findings of the policy's rules in the shared copy: always 0 in a shared file (otherwise it is withheld).
    public var findings: Int

    mutating func add(_ other: ReadbackCheck) {
        pages += other.pages
        areas += other.areas
        words += other.words
        rounds = max(rounds, other.rounds)
        findings += other.findings
    }
}

/// Finds what to burn among the words of one picture or page, burns it and reads the result back.
///
/// Under `text-in-images: redact` every word a text rule replaces is burned (with a small margin); under
/// `burn-all-text` every word; words OCR read below the policy's minimum confidence are burned too, or make
/// the file withheld, as the policy says. Words from a PDF's own text layer are always redacted by the text
/// rules (they are text, whatever `text-in-images` says). After burning, the burned pixels are read again:
/// anything the rules still find is burned and read again, up to `maximumRounds`; then the file is withheld.
package struct PageRedactor {
    let engine: OCREngine
    let redactor: TextRedactor
    let rules: ImageRules
    /// Reading back more often than this means the burn does not converge: withhold.
    static let maximumRounds = 3

    /// Boxes and findings for a set of words.
    struct Plan {
        var boxes: [PixelRegion] = []
        var findings: [PageFinding] = []
        var counts: [String: Int] = [:]
    }

    /// What to burn among `words`.
    /// - Parameters:
    ///   - words: the words of the page.
    ///   - fromOCR: true for OCR words (subject to `text-in-images` and the confidence rule), false for a PDF's text layer.
    ///   - page: the page number, for the findings.
    ///   - judged: boxes of words already judged in an earlier pass: a low-confidence word over one of them is not burned again.
    /// - Returns: the boxes to burn, what each is, and counts per rule.
    /// - Throws: `ExhibitError.badInput` when a low-confidence word makes the policy withhold the file.
    func plan(_ words: [OCRWord], fromOCR: Bool, page: Int, judged: [PixelRegion] = []) throws -> Plan {
        var plan = Plan()
        var burned = Set<Int>()
        func burn(_ index: Int, _ rule: String) {
            guard burned.insert(index).inserted else { return }
            let word = words[index]
            // A PDF's own text boxes already span the font's full ascent and descent (a whole line's height): a
            // margin would reach into the lines above and below. OCR boxes hug the ink and get one.
            let box = fromOCR ? Self.withMargin(word.box) : word.box
            plan.boxes.append(box)
            plan.findings.append(
                PageFinding(page: page, rule: rule, confidence: Int(word.confidence.rounded()), box: box))
        }
        if fromOCR && rules.textInImages == .keep { return plan }
        if fromOCR && rules.textInImages == .burnAllText {
            for (index, word) in words.enumerated() where word.hasAlphanumerics { burn(index, "ocr:all-text") }
            plan.counts["ocr:all-text"] = burned.count
            return plan
        }
        let (hits, counts) = WordFindings.replaced(in: words, redactor: redactor)
        for hit in hits { burn(hit.word, hit.rule) }
        plan.counts = counts
        guard fromOCR else { return plan }
        let doubtful = words.indices.filter { index in
            let word = words[index]
            return !burned.contains(index) && word.hasAlphanumerics && word.confidence < Double(rules.minimumOCRConfidence)
                && !judged.contains { $0.contains(center: word.box) }
        }
        guard !doubtful.isEmpty else { return plan }
        if rules.belowConfidence == .withhold {
            throw ExhibitError.badInput(
                "OCR read \(doubtful.count) word(s) with less than \(rules.minimumOCRConfidence)% confidence and the policy withholds such files"
            )
        }
        for index in doubtful { burn(index, "ocr:low-confidence") }
        plan.counts["ocr:low-confidence", default: 0] += doubtful.count
        return plan
    }

    /// Burns `plan` into `raster`, then reads the result back and burns whatever the rules still find.
    /// - Parameters:
    ///   - raster: the page; burned in place.
    ///   - plan: the first pass; grows with what later rounds find.
    ///   - judged: the boxes of every word of the first pass.
    ///   - page: the page number.
    ///   - resolution: pixels per inch when known.
    ///   - wholePage: read the whole page back (PDF pages, whose text layer is that reading); otherwise only the
    ///     areas around burned boxes (the rest of the pixels are unchanged, and were read in the first pass).
    ///   - encode: turns the burned raster into what is shared and decodes it again, so the check reads the
    ///     shared pixels (lossy re-encoding included); nil when the raster itself is what is shared.
    /// - Returns: the check, the encoded output when `encode` was given, and the words of the last reading
    ///   (a whole-page reading is the PDF's new text layer).
    /// - Throws: `ExhibitError.verificationFailed` when the rules still find something after `maximumRounds`.
    func burnAndCheck(
        _ raster: inout ImageCodec.Raster, plan: inout Plan, judged: [PixelRegion], page: Int, resolution: Int?,
        wholePage: Bool, encode: ((ImageCodec.Raster) throws -> (output: [UInt8], decoded: ImageCodec.Raster))?
    ) throws -> (check: ReadbackCheck, output: [UInt8]?, words: [OCRWord]) {
        var check = ReadbackCheck(method: "ocr", pages: 1, areas: 0, words: 0, rounds: 0, findings: 0)
        var output: [UInt8]?
        var pending = plan.boxes
        var judged = judged
        while true {
            raster.fill(pending)
            var shared = raster
            if let encode {
                let encoded = try encode(raster)
                output = encoded.output
                shared = encoded.decoded
            }
            guard wholePage || !plan.boxes.isEmpty else { return (check, output, []) }
            check.rounds += 1
            // Only what changed is read again: the areas around the boxes burned in this round.
            let areas = wholePage ? [nil] : Self.readbackAreas(pending, width: raster.width, height: raster.height)
            var words: [OCRWord] = []
            for read in try engine.recognise(shared, resolution: resolution, areas: areas) {
                // Blocks of different areas are different blocks.
                let offset = (words.last?.block ?? -1) + 1
                words += read.map { word in
                    var word = word
                    word.block += offset
                    return word
                }
            }
            check.areas += areas.count
            check.words += words.count
            let found = try self.plan(words, fromOCR: true, page: page, judged: judged)
            let fresh = zip(found.boxes, found.findings).filter { box, _ in !plan.boxes.contains { $0.contains(center: box) } }
            if fresh.isEmpty { return (check, output, words) }
            guard check.rounds < Self.maximumRounds else {
                throw ExhibitError.verificationFailed(
                    "the shared copy still shows \(fresh.count) thing(s) the policy removes after \(Self.maximumRounds) readings")
            }
            pending = fresh.map(\.0)
            plan.boxes += pending
            plan.findings += fresh.map(\.1)
            for (rule, count) in found.counts { plan.counts[rule, default: 0] += count }
            judged += words.map(\.box)
        }
    }

    /// A word's box grown by a small margin: a sixth of its height, at least 3 pixels.
    package static func withMargin(_ box: PixelRegion) -> PixelRegion {
        let margin = max(3, box.height / 6)
        return PixelRegion(
            x: max(0, box.x - margin), y: max(0, box.y - margin), width: box.width + 2 * margin, height: box.height + 2 * margin)
    }

    /// The areas read back: each burned box grown by its height to the left and right (where a word cut short
    /// would show) and a quarter of it above and below, overlapping areas merged (a line's boxes become one).
    static func readbackAreas(_ boxes: [PixelRegion], width: Int, height: Int) -> [PixelRegion?] {
        var areas: [PixelRegion] = boxes.map { box in
            let grow = max(box.height, 8)
            let rise = max(box.height / 4, 3)
            let left = max(0, box.x - grow)
            let top = max(0, box.y - rise)
            return PixelRegion(
                x: left, y: top, width: min(width, box.x + box.width + grow) - left,
                height: min(height, box.y + box.height + rise) - top)
        }
        var merged = true
        while merged {
            merged = false
            outer: for first in areas.indices {
                for second in areas.indices where second > first && areas[first].intersects(areas[second]) {
                    areas[first] = areas[first].union(areas[second])
                    areas.remove(at: second)
                    merged = true
                    break outer
                }
            }
        }
        return areas
    }
}

extension PixelRegion {
    /// True when the centre of `other` lies inside this region.
    func contains(center other: PixelRegion) -> Bool {
        let x = other.x + other.width / 2
        let y = other.y + other.height / 2
        return x >= self.x && x < self.x + width && y >= self.y && y < self.y + height
    }

    /// True when the two regions share a pixel.
    func intersects(_ other: PixelRegion) -> Bool {
        x < other.x + other.width && other.x < x + width && y < other.y + other.height && other.y < y + height
    }

    /// The smallest region holding both.
    func union(_ other: PixelRegion) -> PixelRegion {
        let left = min(x, other.x)
        let top = min(y, other.y)
        return PixelRegion(
            x: left, y: top, width: max(x + width, other.x + other.width) - left,
            height: max(y + height, other.y + other.height) - top)
    }
}
