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

    /// The report without its items (`ItemMaker` makes them, one at a time, as they are written).
    package static func head(policy: SharingPolicy, caseRef: String, generatedAt: String) -> RedactionReport {
        RedactionReport(
            policy: Policy(
                id: policy.id, version: policy.version, sha256: policy.sha256, title: policy.title, from: policy.from.rawValue,
                to: policy.to.rawValue, purpose: policy.purpose, lawfulBasis: policy.lawfulBasis,
                protectiveMarking: policy.protectiveMarking, retention: policy.retention, onwardSharing: policy.onwardSharing),
            caseRef: policy.allows(.caseRef) ? caseRef : nil, generatedAt: generatedAt, items: [])
    }

    /// Makes the report's item for each redacted file: what the policy lets travel of it. The exhibits' descriptions
    /// are redacted once each, when it is made (an exhibit may hold a hundred thousand files).
    package struct ItemMaker {
        let policy: SharingPolicy
        let redactor: TextRedactor
        /// Each exhibit's description as the policy's text rules leave it.
        private let descriptions: [String: String]

        package init(policy: SharingPolicy, descriptions: [String: String], redactor: TextRedactor) {
            self.policy = policy
            self.redactor = redactor
            var scratch = RedactionTally()
            self.descriptions = descriptions.mapValues { redactor.redact($0, tally: &scratch) }
        }

        /// The redacted description of the item's exhibit, when it travels.
        package func description(_ item: RedactedItem) -> String? {
            policy.allows(.description) || item.treatment == .hashOnly ? descriptions[item.ref] : nil
        }

        /// The media type the item travels as, when it may be told.
        package func mediaType(_ item: RedactedItem) -> String? {
            policy.allows(.mediaType) ? item.mediaType : nil
        }

        /// The report's item for `item`.
        package func item(_ item: RedactedItem) -> Item {
            let hashOnly = item.treatment == .hashOnly
            return Item(
                ref: policy.allows(.ref) ? item.ref : nil,
                category: policy.allows(.category) || hashOnly ? item.category : nil,
                description: description(item),
                file: policy.allows(.fileNames) ? item.output ?? (redactor.findsAnything(in: item.file) ? nil : item.file) : nil,
                mediaType: mediaType(item),
                size: policy.allows(.size) || hashOnly ? item.size : nil,
                sha256: policy.allows(.sha256) || hashOnly ? item.sha256 : nil,
                treatment: item.treatment, reason: item.reason, rules: item.rules, output: item.output,
                outputSha256: item.derived?.sha256 ?? (item.treatment == .share ? item.sha256 : nil), sharedAs: item.sharedAs,
                check: item.check, notes: item.notes)
        }
    }
}
