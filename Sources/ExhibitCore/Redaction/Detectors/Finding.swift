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

/// What a finding is: a standard identifier, or one of the case's people.
public enum FindingKind: Sendable, Equatable, Hashable {
    case identifier(IdentifierKind)
    case party(index: Int, field: PartyField)  // from PartyMatcher
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
