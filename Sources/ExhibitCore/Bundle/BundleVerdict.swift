/// The outcome of checking a received bundle: each check in the order it ran, with its verdict.
public struct BundleVerdict: Sendable, Codable, Equatable {
    /// One check.
    public struct Check: Sendable, Codable, Equatable {
        /// The check's stable id (absent in receipts written by release 0.1.0).
        public var id: BundleCheck?
        /// Its name as printed.
        public var name: String
        /// What it establishes, in plain words (absent in receipts written by release 0.1.0).
        public var plain: String?
        public var passed: Bool
        public var detail: String

        /// The verdict of one check.
        public init(_ check: BundleCheck, passed: Bool, detail: String) {
            self.id = check
            self.name = check.title
            self.plain = check.plainTitle
            self.passed = passed
            self.detail = detail
        }
    }

    public var bundleID: String?
    public var bundleSHA256: String
    public var sender: BundleManifest.Agency?
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
    /// The folder the imported files were copied to (`receive --out`).
    public var extracted: String?

    /// Creates a verdict with no checks run yet.
    public init(bundleSHA256: String) { self.bundleSHA256 = bundleSHA256 }

    /// True when every check ran and passed.
    public var passed: Bool {
        checks.count == BundleCheck.allCases.count && checks.allSatisfy(\.passed)
    }

    /// The check to run next (the last one once all have run).
    package var next: BundleCheck {
        let all = BundleCheck.allCases
        return all[min(checks.count, all.count - 1)]
    }

    /// The checks not run (after a failure).
    public var notRun: [BundleCheck] { Array(BundleCheck.allCases.dropFirst(checks.count)) }

    /// Told of each check as it completes, while a receive runs under `$onCheck.withValue(_:)` (so the command line
    /// can print it at once; the checker itself knows nothing of it).
    @TaskLocal package static var onCheck: (@Sendable (Check) -> Void)?

    package mutating func pass(_ check: BundleCheck, _ detail: String) {
        checks.append(Check(check, passed: true, detail: detail))
        Self.onCheck?(checks[checks.count - 1])
    }
    package mutating func fail(_ check: BundleCheck, _ detail: String) {
        checks.append(Check(check, passed: false, detail: detail))
        Self.onCheck?(checks[checks.count - 1])
    }
}
