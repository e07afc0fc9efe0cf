/// `exhibit/manifest.json`: every item of a bundle, with where its content is in the bag (if it travels),
/// its hashes and what the policy did; and who sent it to whom, why, under which policy.
public struct BundleManifest: Codable, Sendable, Equatable {
    public struct Agency: Codable, Sendable, Equatable {
        public var name: String
        public var fingerprint: String
        public var id: String?
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
}
