/// A region of one image file of an exhibit to burn in.
public struct MarkDetails: Codable, Sendable, Equatable {
    /// The exhibit.
    public var ref: String
    /// The file's path within the exhibit.
    public var file: String
    /// The file's SHA-256.
    public var sha256: String
    /// The region.
    public var region: PixelRegion
    /// Why it must not be seen.
    public var reason: String

    /// Creates a mark.
    public init(ref: String, file: String, sha256: String, region: PixelRegion, reason: String) {
        self.ref = ref
        self.file = file
        self.sha256 = sha256
        self.region = region
        self.reason = reason
    }
}

/// What one redaction run produced.
public struct RedactionDetails: Codable, Sendable, Equatable {
    /// The policy applied.
    public var policy: PolicyReference
    /// One item per source file.
    public var items: [RedactionItem]

    /// Creates redaction details.
    public init(policy: PolicyReference, items: [RedactionItem]) {
        self.policy = policy
        self.items = items
    }
}

/// What a policy did with one file of an exhibit.
public struct RedactionItem: Codable, Sendable, Equatable {
    /// The exhibit.
    public var ref: String
    /// The file's path within the exhibit.
    public var file: String
    /// SHA-256 of the source object.
    public var source: String
    /// The treatment applied (`share`, `redact`, `hash-only`, `withhold`).
    public var treatment: Treatment
    /// Size and hashes of the derived object (redacted copies only).
    public var derived: FileDigests?
    /// Rules that fired, with counts (e.g. `uk-phone`: 3, `party:witness`: 2, `exif`: 1).
    public var rules: [String: Int]
    /// Why the file was withheld, when it was.
    public var reason: String?

    /// Creates an item.
    public init(
        ref: String, file: String, source: String, treatment: Treatment, derived: FileDigests?, rules: [String: Int],
        reason: String?
    ) {
        self.ref = ref
        self.file = file
        self.source = source
        self.treatment = treatment
        self.derived = derived
        self.rules = rules
        self.reason = reason
    }
}

extension RedactionItem {
    /// The rule counts as stored in the database: `name=count` lines in name order.
    package static func encodeRules(_ rules: [String: Int]) -> String {
        rules.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\n")
    }
}
