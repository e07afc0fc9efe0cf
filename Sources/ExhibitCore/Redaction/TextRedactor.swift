import Foundation

/// Redacts UTF-8 text under a policy: every detector runs over the text, overlaps are resolved, and each
/// finding is replaced as the policy says. Files are streamed in chunks of whole lines; the last line of
/// each chunk is carried into the next, so a name split across a line break is still found, and memory
/// stays bounded whatever the file size.
package final class TextRedactor {
    let rules: RedactionRules
    private let detectors: [any TextDetector]
    /// Bytes read per step.
    static let chunkSize = 1 << 20
    /// A line longer than this is cut at white space (or anywhere) so memory stays bounded.
    static let longestLine = 8 << 20
    /// How much of a cut giant line is scanned again with the text that follows it: more than any identifier.
    static let rescanned = 4096

    package init(rules: RedactionRules) {
        self.rules = rules
        self.detectors = rules.detectors()
    }

    /// Redacts text held in memory. Unicode spaces become plain spaces in the output (`TextNormaliser.spaces`).
    func redact(_ text: [UInt8], tally: inout RedactionTally) -> [UInt8] {
        let text = TextNormaliser.spaces(text)
        var output: [UInt8] = []
        _ = redactPrefix(text, boundary: text.count, into: &output, tally: &tally)
        return output
    }

    /// Whether the rules would change anything in `text`, read as written or as words (`TextNormaliser.words`):
    /// for text that cannot be redacted in place (file names, hashed custody entries), only shared when false.
    package func findsAnything(in text: String) -> Bool {
        [text, TextNormaliser.words(text)].contains { form in
            var scratch = RedactionTally()
            return redact(form, tally: &scratch) != form
        }
    }

    /// The findings the policy would replace in `text`, with the rule each counts under, without redacting it:
    /// for text read from pictures, where each finding is mapped back to the word boxes it covers. Offsets are
    /// into `text` as given (it is not normalised; callers build it with plain spaces).
    /// - Parameter text: UTF-8 text.
    /// - Returns: non-overlapping byte ranges, sorted, each with its rule (`ni-number`, `party:witness`, …).
    func replacedFindings(in text: [UInt8]) -> [(range: Range<Int>, rule: String)] {
        let findings = text.withUnsafeBufferPointer { Detectors.scan($0, detectors: detectors) }
        return findings.compactMap { finding in
            let (replacement, rule) = rules.replacement(for: finding, text: text[finding.range])
            return replacement == nil ? nil : (finding.range, rule)
        }
    }

    /// Redacts a string held in memory.
    package func redact(_ text: String, tally: inout RedactionTally) -> String {
        String(decoding: redact(Array(text.utf8), tally: &tally), as: UTF8.self)
    }

    /// Streams `source` into `write`, redacted.
    /// - Parameters:
    ///   - source: a descriptor to read.
    ///   - path: its name, for messages.
    ///   - normalise: applied to each chunk of whole lines before detection (HTML character references,
    ///     JSON escapes), so identifiers cannot hide behind an encoding; Unicode spaces are always normalised.
    ///   - tally: counts and samples.
    ///   - write: receives the redacted output in order.
    /// - Throws: `ExhibitError` when reading fails or the text is not UTF-8.
    func redactStream(
        source: Int32, path: String, normalise: (([UInt8]) -> [UInt8])?, tally: inout RedactionTally,
        write: ([UInt8]) throws -> Void
    ) throws {
        var pending: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: Self.chunkSize)
        var finished = false
        var validator = UTF8Validator()
        while !finished {
            let count = chunk.withUnsafeMutableBytes { read(source, $0.baseAddress, Self.chunkSize) }
            if count < 0 {
                if errno == EINTR { continue }
                throw FileSystem.error(path, "cannot read")
            }
            finished = count == 0
            guard validator.accept(chunk.prefix(count), final: finished) else {
                throw ExhibitError.badInput("\(path) is not UTF-8 text")
            }
            pending += chunk.prefix(count)
            // Complete lines only (or a cut at white space in a giant line); the rest waits for more input.
            var complete = pending.count
            if !finished {
                if let newline = pending.lastIndex(of: 0x0A) {
                    complete = newline + 1
                } else if pending.count > Self.longestLine {
                    complete =
                        pending[..<(pending.count - 1024)].lastIndex { $0 == 0x20 || $0 == 0x09 }.map { $0 + 1 }
                        ?? Self.safeCut(pending, at: pending.count - 1024)
                } else {
                    continue
                }
            }
            var text = Array(pending[..<complete])
            let rest = pending[complete...]
            if let normalise { text = normalise(text) }
            text = TextNormaliser.spaces(text)
            // Keep the last line back (unless at the end) so a match spanning into the next line is seen whole.
            // A giant line has no earlier line break: all but its last few KiB are emitted, and those are
            // scanned again with what follows, so an identifier straddling the cut is still seen whole.
            let lastBreak = text.dropLast().lastIndex(of: 0x0A).map { $0 + 1 }
            var boundary = text.count
            if !finished {
                if let lastBreak {
                    boundary = lastBreak
                } else if text.count >= Self.longestLine / 2 {
                    boundary = Self.safeCut(text, at: text.count - Self.rescanned)
                } else {
                    boundary = 0
                }
            }
            var output: [UInt8] = []
            let consumed = redactPrefix(text, boundary: boundary, into: &output, tally: &tally)
            try write(output)
            pending = Array(text[consumed...]) + rest
            if finished, !pending.isEmpty {
                var tail: [UInt8] = []
                _ = redactPrefix(pending, boundary: pending.count, into: &tail, tally: &tally)
                try write(tail)
                pending = []
            }
        }
    }

    /// Redacts `text` and emits the output for its first part, up to `boundary` moved back to the start
    /// of any finding that crosses it.
    /// - Returns: how many bytes of `text` were consumed.
    private func redactPrefix(_ text: [UInt8], boundary: Int, into output: inout [UInt8], tally: inout RedactionTally) -> Int {
        let findings = text.withUnsafeBufferPointer { Detectors.scan($0, detectors: detectors) }
        var end = boundary
        for finding in findings where finding.range.lowerBound < end && finding.range.upperBound > end {
            end = finding.range.lowerBound
        }
        output.reserveCapacity(end)
        var cursor = 0
        var replaced: [(rule: String, range: Range<Int>)] = []
        var sightings: [(finding: Finding, kind: PersonSighting.Kind, line: Int, range: Range<Int>)] = []
        var lineCursor = 0
        var line = tally.linesSeen + 1
        for finding in findings where finding.range.upperBound <= end {
            guard finding.range.lowerBound >= cursor else { continue }
            let (replacement, rule) = rules.replacement(for: finding, text: text[finding.range])
            if let kind = Self.sightingKind(finding) {
                line += Self.newlines(text, lineCursor..<finding.range.lowerBound)
                lineCursor = finding.range.lowerBound
                let start = output.count + finding.range.lowerBound - cursor
                sightings.append((finding, kind, line, start..<(start + (replacement?.count ?? finding.range.count))))
            }
            guard let replacement else { continue }
            output += text[cursor..<finding.range.lowerBound]
            let start = output.count
            output += replacement
            replaced.append((rule, start..<output.count))
            // Markup inside a name ("Kacper <b>Nowak</b>") is kept after the replacement, so the document stays whole.
            if finding.kind.isName, finding.range.contains(where: { text[$0] == 0x3C }) {
                output += Self.tags(in: text[finding.range])
            }
            cursor = finding.range.upperBound
        }
        output += text[cursor..<end]
        // Counted per rule here, and sampled only while a rule has room for samples: one look-up per rule and chunk.
        var counts: [(rule: String, count: Int, sampling: Bool)] = []
        for (rule, range) in replaced {
            var slot = counts.firstIndex { $0.rule == rule }
            if slot == nil {
                counts.append((rule, 0, (tally.samples[rule]?.count ?? 0) < RedactionTally.sampleLimit))
                slot = counts.count - 1
            }
            guard let slot else { continue }
            counts[slot].count += 1
            if counts[slot].sampling {
                tally.sample(rule, output: output, range: range)
                counts[slot].sampling = (tally.samples[rule]?.count ?? 0) < RedactionTally.sampleLimit
            }
        }
        for entry in counts { tally.count(entry.rule, entry.count) }
        for sighting in sightings {
            tally.sight(
                key: sighting.finding.key, kind: sighting.kind, line: sighting.line, output: output, range: sighting.range
            ) {
                String(decoding: text[sighting.finding.range], as: UTF8.self).split(whereSeparator: \.isWhitespace)
                    .joined(separator: " ")
            }
        }
        tally.linesSeen = line - 1 + Self.newlines(text, lineCursor..<end)
        return end
    }

    /// What the preview lists a finding as, if anything: an unregistered name, or a judged homonym.
    private static func sightingKind(_ finding: Finding) -> PersonSighting.Kind? {
        if finding.kind.isUnregisteredPerson { return .unregistered }
        switch finding.ambiguity {
        case .redacted: return .ambiguousRedacted
        case .kept: return .ambiguousKept
        case nil: return nil
        }
    }

    /// The number of line feeds in `range` of `text`.
    private static func newlines(_ text: [UInt8], _ range: Range<Int>) -> Int {
        text.withUnsafeBufferPointer { ByteScan.count(of: ByteScan.newline, in: $0, range) }
    }

    /// The HTML tags (`<…>`) in `text`, in order.
    static func tags(in text: ArraySlice<UInt8>) -> [UInt8] {
        guard text.contains(0x3C) else { return [] }
        var tags: [UInt8] = []
        var start: Int?
        for index in text.indices {
            if text[index] == 0x3C { start = index }
            if text[index] == 0x3E, let open = start {
                tags += text[open...index]
                start = nil
            }
        }
        return tags
    }

    /// An offset at or before `index` that does not split a UTF-8 character.
    private static func safeCut(_ bytes: [UInt8], at index: Int) -> Int {
        var cut = index
        while cut > 0, bytes[cut] & 0xC0 == 0x80 { cut -= 1 }
        return cut
    }
}

/// Incremental UTF-8 validation across chunk boundaries.
struct UTF8Validator {
    private var carry: [UInt8] = []

    /// Accepts the next chunk; false when the text so far is not UTF-8.
    mutating func accept(_ chunk: ArraySlice<UInt8>, final: Bool) -> Bool {
        var bytes = carry + chunk
        carry = []
        // Hold back an incomplete character at the end for the next chunk.
        if !final {
            var back = 0
            var index = bytes.count - 1
            while index >= 0, back < 4, bytes[index] & 0xC0 == 0x80 {
                index -= 1
                back += 1
            }
            if index >= 0 {
                let lead = bytes[index]
                let needed = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
                if bytes.count - index < needed {
                    carry = Array(bytes[index...])
                    bytes.removeLast(bytes.count - index)
                }
            }
        }
        return String(validating: bytes, as: UTF8.self) != nil
    }
}
