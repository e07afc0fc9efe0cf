/// What a policy does with one file of an exhibit, as previewed or produced.
public struct RedactedItem: Sendable, Codable, Equatable {
    /// The exhibit.
    public var ref: String
    /// The file's path within the exhibit.
    public var file: String
    /// Its media type.
    public var mediaType: String
    /// The exhibit's category.
    public var category: String?
    /// SHA-256 and size of the source.
    public var sha256: String
    public var size: Int64
    /// The treatment actually applied: a `redact` the file cannot get becomes `withhold`.
    public var treatment: Treatment
    /// Why it was withheld.
    public var reason: String?
    /// Rules fired, with counts.
    public var rules: [String: Int]
    /// Short snippets of the redacted output around replacements (preview only; never a redacted value).
    public var samples: [String: [String]]
    /// Where the output was written, relative to the output folder.
    public var output: String?
    /// Size and hashes of the output, when one was written.
    public var derived: FileDigests?
    /// The media type of the shared copy when it differs from the source (`image/jpeg` for a HEIC photo,
    /// `application/pdf` for a Word document).
    public var sharedAs: String? = nil
    /// How the shared copy was read back after burning (counts only, never text).
    public var check: ReadbackCheck? = nil
    /// Everything found in pictures and pages, with confidences and boxes (preview only; never text).
    public var findings: [PageFinding]? = nil
    /// What a conversion did to the document (tracked changes accepted, comments and hidden text dropped).
    public var notes: [String]? = nil
    /// Likely names of people nobody registered, and judged homonyms, with where each was seen (text files only).
    public var people: [PersonSighting]? = nil
}

/// The policy and items of one redaction run.
public struct RedactionOutcome: Sendable, Codable, Equatable {
    /// The policy applied.
    public var policy: PolicyReference
    /// Every file considered.
    public var items: [RedactedItem]
    /// The `redacted` ledger entry (produced runs only).
    public var entry: Int?
    /// Creates a value from every stored property.
    public init(policy: PolicyReference, items: [RedactedItem], entry: Int? = nil) {
        self.policy = policy
        self.items = items
        self.entry = entry
    }
}

extension RedactedItem {
    /// Creates an item from every stored property, what it sent first (an item read back from where a run keeps
    /// its items; the memberwise initialiser is internal to this module).
    package init(
        ref: String, file: String, mediaType: String, category: String?, sha256: String, size: Int64,
        treatment: Treatment, reason: String?, output: String?, derived: FileDigests?, sharedAs: String?,
        rules: [String: Int], samples: [String: [String]], check: ReadbackCheck?, findings: [PageFinding]?,
        notes: [String]?, people: [PersonSighting]?
    ) {
        self.ref = ref
        self.file = file
        self.mediaType = mediaType
        self.category = category
        self.sha256 = sha256
        self.size = size
        self.treatment = treatment
        self.reason = reason
        self.rules = rules
        self.samples = samples
        self.output = output
        self.derived = derived
        self.sharedAs = sharedAs
        self.check = check
        self.findings = findings
        self.notes = notes
        self.people = people
    }
}
