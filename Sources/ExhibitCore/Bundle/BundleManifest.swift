/// `exhibit/manifest.json`: every item of a bundle, with where its content is in the bag (if it travels),
/// its hashes and what the policy did; and who sent it to whom, why, under which policy.
public struct BundleManifest: Codable, Sendable, Equatable {
    public struct Agency: Codable, Sendable, Equatable {
        public var name: String
        public var fingerprint: String
        public var id: String?
        /// Creates a value from every stored property.
        public init(name: String, fingerprint: String, id: String? = nil) {
            self.name = name
            self.fingerprint = fingerprint
            self.id = id
        }
    }

    public struct Item: Codable, Sendable, Equatable {
        public var ref: String
        public var category: String?
        public var description: String?
        public var treatment: Treatment
        /// SHA-256 of the sender's registered file.
        public var sourceSHA256: String
        /// The file in the bag (`data/…`), when content travels.
        public var file: String?
        /// SHA-256 and size of what travels (the redacted copy, or the original when shared).
        public var sha256: String?
        public var size: Int64?
        public var mediaType: String?
        public var reason: String?
        /// Creates a value from every stored property.
        public init(
            ref: String, category: String? = nil, description: String? = nil, treatment: Treatment, sourceSHA256: String,
            file: String? = nil, sha256: String? = nil, size: Int64? = nil, mediaType: String? = nil, reason: String? = nil
        ) {
            self.ref = ref
            self.category = category
            self.description = description
            self.treatment = treatment
            self.sourceSHA256 = sourceSHA256
            self.file = file
            self.sha256 = sha256
            self.size = size
            self.mediaType = mediaType
            self.reason = reason
        }
    }

    public var bundleID: String
    public var createdAt: String
    public var sender: Agency
    public var recipient: Agency
    public var caseRef: String?
    public var purpose: String
    public var policy: RedactionReport.Policy
    public var custody: CustodyDetail
    public var items: [Item]
    /// Creates a value from every stored property.
    public init(
        bundleID: String, createdAt: String, sender: Agency, recipient: Agency, caseRef: String? = nil, purpose: String,
        policy: RedactionReport.Policy, custody: CustodyDetail, items: [Item]
    ) {
        self.bundleID = bundleID
        self.createdAt = createdAt
        self.sender = sender
        self.recipient = recipient
        self.caseRef = caseRef
        self.purpose = purpose
        self.policy = policy
        self.custody = custody
        self.items = items
    }
}
