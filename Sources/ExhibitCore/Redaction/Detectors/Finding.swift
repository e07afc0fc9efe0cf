/// A span of UTF-8 text found by a detector.
public struct Finding: Sendable, Equatable {
    /// Byte offsets into the buffer scanned.
    public var range: Range<Int>
    /// What was found.
    public var kind: FindingKind
    /// The normalised value: national `0…` digits for phones, lower case for e-mail, upper case without spaces for
    /// postcodes, NI numbers and registrations, digits for NHS, card and account numbers (`sortcode-account` for both),
    /// `yyyy-mm-dd` for dates, canonical text for IP addresses, lower-cased single-spaced text for street addresses.
    public var key: String
    /// For a name that is also an ordinary word: how it was judged (nil for every other finding).
    public var ambiguity: Ambiguity?

    /// Creates a finding.
    /// - Parameters:
    ///   - range: Byte offsets into the buffer scanned.
    ///   - kind: What was found.
    ///   - key: The normalised value.
    public init(range: Range<Int>, kind: FindingKind, key: String) {
        self.range = range
        self.kind = kind
        self.key = key
    }
}

/// What a finding is: a standard identifier, one of the case's people, or a person nobody registered.
public enum FindingKind: Sendable, Equatable, Hashable {
    case identifier(IdentifierKind)
    case party(index: Int, field: PartyField)  // from PartyMatcher
    /// From PersonNameDetector: a likely name from a cue (title, sender label, "my name is", …); `professional` when a
    /// rank or professional title introduced it ("DC 4521 Priya Shah", "Dr Ahmed"), so the policy's rule for
    /// professionals applies.
    case person(professional: Bool)
}

extension FindingKind {
    /// Whether the finding is a person's name (registered or not).
    /// Whether the finding is a likely name of someone nobody registered.
    var isUnregisteredPerson: Bool {
        if case .person = self { return true }
        return false
    }

    var isName: Bool {
        switch self {
        case .party(_, let field): return field == .name || field == .alias
        case .person: return true
        case .identifier: return false
        }
    }
}

/// How a registered name that is also an ordinary word ("Grace", "Will", "Green") was judged where it was found.
public enum Ambiguity: String, Sendable, Codable {
    /// Taken for the name (by its case or position) and redacted, but not certainly a name.
    case redacted
    /// Taken for the ordinary word and kept.
    case kept
}

/// The field of a party record a `PartyMatcher` pattern comes from.
public enum PartyField: String, Sendable, Codable {
    case name
    case alias
    case address
    case phone
    case email
}

/// One detector.
public protocol TextDetector: Sendable {
    /// Appends every finding in `text` (any order) to `findings`.
    /// - Parameters:
    ///   - text: UTF-8 text.
    ///   - findings: Where the findings are appended.
    func scan(_ text: UnsafeBufferPointer<UInt8>, into findings: inout [Finding])
}
