/// A name the preview lists for the officer: a likely person nobody registered (to register with
/// `party add --name … --role …`), or a registered name that is also an ordinary word and was judged where it
/// stood. One per name and kind in each file, with the first place it was seen and how often.
public struct PersonSighting: Sendable, Codable, Equatable {
    /// What was found.
    public enum Kind: String, Sendable, Codable {
        /// A likely name of a person nobody registered.
        case unregistered
        /// A registered name that is also an ordinary word, taken for the name (treated as the role says).
        case ambiguousRedacted = "ambiguous-name"
        /// A registered name that is also an ordinary word, taken for the word and kept.
        case ambiguousKept = "ambiguous-word"
    }

    /// The name as written (white space made single spaces).
    public var name: String
    /// What it is.
    public var kind: Kind
    /// The line of the file (1-based) where it was first seen.
    public var line: Int
    /// The redacted text around its first sighting (other identifiers and names already replaced).
    public var context: String
    /// How many times it was seen.
    public var count: Int

    /// Most sightings kept per file.
    static let limit = 500
}

/// Where a sighting is in `RedactionTally.people`: one per kind and key.
struct SightingKey: Hashable, Sendable {
    var kind: PersonSighting.Kind
    var key: String
}

/// A recently seen sighting and its place in `RedactionTally.people`.
struct RecentSighting: Equatable, Sendable {
    var key: SightingKey
    var index: Int
}

extension RedactionTally {
    /// Records a sighting: a new name and kind is added (up to `PersonSighting.limit`), a known one counted.
    /// - Parameters:
    ///   - key: The finding's normalised key (one entry per key and kind).
    ///   - kind: What was found.
    ///   - line: Where.
    ///   - output: The redacted output so far, for the context.
    ///   - range: The name's place in `output`.
    ///   - name: The name as written (only made for a new entry).
    mutating func sight(
        key: String, kind: PersonSighting.Kind, line: Int, output: [UInt8], range: Range<Int>, name: () -> String
    ) {
        let indexKey = SightingKey(kind: kind, key: key)
        // The same few names recur line after line: a short list of recent ones saves hashing.
        if let recent = recentSightings.first(where: { $0.key == indexKey }) {
            people[recent.index].count += 1
            return
        }
        if let index = sightingIndex[indexKey] {
            people[index].count += 1
            remember(indexKey, index)
            return
        }
        guard people.count < PersonSighting.limit else { return }
        var snippet = RedactionTally()
        snippet.sample("context", output: output, range: range)
        let context = snippet.samples["context"]?.first ?? ""
        sightingIndex[indexKey] = people.count
        remember(indexKey, people.count)
        people.append(PersonSighting(name: name(), kind: kind, line: line, context: context, count: 1))
    }

    private mutating func remember(_ key: SightingKey, _ index: Int) {
        if recentSightings.count >= 8 { recentSightings.removeFirst() }
        recentSightings.append(RecentSighting(key: key, index: index))
    }
}
