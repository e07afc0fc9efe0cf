/// `redactions.json`: what a policy did, item by item, for the receiver. It carries counts of what was
/// redacted, never a redacted value, and only the exhibit metadata the policy lets travel (redacted).
public struct RedactionReport: Sendable, Codable, Equatable {
    /// The policy and its conditions.
    public struct Policy: Sendable, Codable, Equatable {
        public var id: String
        public var version: String
        public var sha256: String
        public var title: String
        public var from: String
        public var to: String
        public var purpose: String
        public var lawfulBasis: String
        public var protectiveMarking: String
        public var retention: String
        public var onwardSharing: String
    }

    /// One file.
    public struct Item: Sendable, Codable, Equatable {
        public var ref: String?
        public var category: String?
        public var description: String?
        public var file: String?
        public var mediaType: String?
        public var size: Int64?
        public var sha256: String?
        public var treatment: Treatment
        public var reason: String?
        public var rules: [String: Int]
        public var output: String?
        public var outputSha256: String?
        /// The shared copy's media type when it differs from the source's.
        public var sharedAs: String?
        /// How the shared copy was read back (counts only).
        public var check: ReadbackCheck?
        /// What a conversion did (tracked changes accepted, comments and hidden text dropped).
        public var notes: [String]?
    }

    public var policy: Policy
    public var caseRef: String?
    public var generatedAt: String
    public var items: [Item]

    /// The report for `outcome` under `policy`, made at `generatedAt`.
    package static func make(
        policy: SharingPolicy, outcome: [RedactedItem], descriptions: [String: String], caseRef: String, redactor: TextRedactor,
        generatedAt: String
    ) -> RedactionReport {
        var scratch = RedactionTally()
        let items = outcome.map { item -> Item in
            let hashOnly = item.treatment == .hashOnly
            let description = descriptions[item.ref].map { redactor.redact($0, tally: &scratch) }
            return Item(
                ref: policy.allows(.ref) ? item.ref : nil,
                category: policy.allows(.category) || hashOnly ? item.category : nil,
                description: policy.allows(.description) || hashOnly ? description : nil,
                file: policy.allows(.fileNames) ? item.output ?? (redactor.findsAnything(in: item.file) ? nil : item.file) : nil,
                mediaType: policy.allows(.mediaType) ? item.mediaType : nil,
                size: policy.allows(.size) || hashOnly ? item.size : nil,
                sha256: policy.allows(.sha256) || hashOnly ? item.sha256 : nil,
                treatment: item.treatment, reason: item.reason, rules: item.rules, output: item.output,
                outputSha256: item.derived?.sha256 ?? (item.treatment == .share ? item.sha256 : nil), sharedAs: item.sharedAs,
                check: item.check, notes: item.notes)
        }
        return RedactionReport(
            policy: Policy(
                id: policy.id, version: policy.version, sha256: policy.sha256, title: policy.title, from: policy.from.rawValue,
                to: policy.to.rawValue, purpose: policy.purpose, lawfulBasis: policy.lawfulBasis,
                protectiveMarking: policy.protectiveMarking, retention: policy.retention, onwardSharing: policy.onwardSharing),
            caseRef: policy.allows(.caseRef) ? caseRef : nil, generatedAt: generatedAt, items: items)
    }
}
