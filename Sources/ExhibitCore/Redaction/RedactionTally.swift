/// What a redaction did to one file: how often each rule fired, and a few short snippets of the redacted
/// output around replacements, so an officer can check them ("…call me on [PHONE] tomorrow…"). Never
/// contains a redacted value.
public struct RedactionTally: Sendable, Codable, Equatable {
    /// Rule name → number of replacements (or removed metadata items).
    public var rules: [String: Int] = [:]
    /// Rule name → up to `sampleLimit` snippets of redacted output.
    public var samples: [String: [String]] = [:]
    /// Unregistered names and judged homonyms, with where each was first seen (`PersonSighting`).
    public var people: [PersonSighting] = []
    /// Lines of the file consumed so far (for the line numbers of sightings).
    var linesSeen = 0
    /// Index in `people` by kind and key.
    var sightingIndex: [SightingKey: Int] = [:]
    /// The last few sightings looked up, newest last.
    var recentSightings: [RecentSighting] = []

    private enum CodingKeys: String, CodingKey {
        case rules
        case samples
        case people
    }

    static let sampleLimit = 3

    /// Creates an empty tally.
    public init() {}

    mutating func count(_ rule: String, _ times: Int = 1) { rules[rule, default: 0] += times }

    mutating func merge(_ other: [String: Int]) {
        for (rule, count) in other { rules[rule, default: 0] += count }
    }

    /// Records a snippet of `output` around `range` for `rule`, if the rule has fewer than the limit.
    mutating func sample(_ rule: String, output: [UInt8], range: Range<Int>) {
        guard samples[rule, default: []].count < Self.sampleLimit else { return }
        var start = max(0, range.lowerBound - 32)
        var end = min(output.count, range.upperBound + 32)
        while start > 0, start < output.count, output[start] & 0xC0 == 0x80 { start -= 1 }
        while end < output.count, output[end] & 0xC0 == 0x80 { end += 1 }
        var text = String(decoding: output[start..<end], as: UTF8.self)
        text = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        samples[rule, default: []].append((start > 0 ? "…" : "") + text + (end < output.count ? "…" : ""))
    }
}
