/// The outcome of checking a received bundle: each check in the order it ran, with its verdict.
public struct BundleVerdict: Sendable, Codable, Equatable {
    /// One check.
    public struct Check: Sendable, Codable, Equatable {
        public var name: String
        public var passed: Bool
        public var detail: String
    }

    public var bundleID: String?
    public var bundleSHA256: String
    public var sender: BundleManifest.Party?
    public var purpose: String?
    public var policy: RedactionReport.Policy?
    public var checks: [Check] = []
    /// Items the manifest lists (when the checks got that far).
    public var items: [BundleManifest.Item] = []
    /// References the items were imported under.
    public var imported: [String] = []
    public var entries: [Int] = []
    public var report: String?
    public var receipt: String?

    /// True when every check ran and passed.
    public var passed: Bool { !checks.isEmpty && checks.allSatisfy(\.passed) && checks.count == Self.checkNames.count }

    /// The checks, in order.
    public static let checkNames = [
        "outer archive", "sender signature (outer)", "outer manifests", "decryption and GCM tag", "safe extraction",
        "sender signature (inner)", "inner manifests", "recipient", "custody extract", "policy",
    ]

    mutating func pass(_ name: String, _ detail: String) { checks.append(Check(name: name, passed: true, detail: detail)) }
    mutating func fail(_ name: String, _ detail: String) { checks.append(Check(name: name, passed: false, detail: detail)) }
}
