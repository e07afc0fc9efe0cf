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
    /// The RFC 3161 token over the sender's custody checkpoint, verified, when the bundle carried one.
    public var timestamp: BundleTimestamp.Summary?
    /// Why the receipt's cosignature carries no timestamp token, when this store's authority did not answer.
    public var receiptTimestampWarning: String?
    /// Told of each check as it completes, so the command line can print it at once (the checker itself knows
    /// nothing of it). Not part of the verdict: never encoded, never compared.
    package var observer = CheckObserver()

    private enum CodingKeys: String, CodingKey {
        case bundleID, bundleSHA256, sender, purpose, policy, checks, items, imported, entries, report, receipt, extracted
        case timestamp, receiptTimestampWarning
    }

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

    package mutating func pass(_ check: BundleCheck, _ detail: String) {
        checks.append(Check(check, passed: true, detail: detail))
        observer.notify?(checks[checks.count - 1])
    }
    package mutating func fail(_ check: BundleCheck, _ detail: String) {
        checks.append(Check(check, passed: false, detail: detail))
        observer.notify?(checks[checks.count - 1])
    }
}

/// Whoever wants each check of a receive as it completes (a closure, so neither encoded nor compared).
package struct CheckObserver: Sendable, Equatable {
    /// Called with each check.
    package var notify: (@Sendable (BundleVerdict.Check) -> Void)?

    /// An observer calling `notify`.
    package init(_ notify: (@Sendable (BundleVerdict.Check) -> Void)? = nil) { self.notify = notify }

    /// Observers never make two verdicts differ.
    package static func == (_: CheckObserver, _: CheckObserver) -> Bool { true }
}
