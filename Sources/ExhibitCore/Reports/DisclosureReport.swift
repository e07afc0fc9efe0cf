/// The disclosure record sheet: every disclosure made from the case, with its date, recipient, the exhibits
/// concerned and the policy applied: bundles exported, the partners' signed receipts for them, redacted
/// copies produced outside a bundle, extracts, and exhibits returned.
public struct DisclosureReport: CaseReport, Equatable {
    /// One disclosure.
    public struct Disclosure: Codable, Sendable, Equatable {
        public var entry: Int
        public var time: String
        /// `export`, `receipt`, `redacted copies`, `extract` or `return`.
        public var kind: String
        public var recipient: String
        public var exhibits: [String]
        /// `id version (sha256 …)` of the sharing policy, when one applied.
        public var policy: String?
        public var purpose: String?
        /// The bundle and its SHA-256, for exports and receipts.
        public var bundle: String?
        public var by: String
    }

    public var provenance: ReportProvenance
    public var disclosures: [Disclosure]

    /// The disclosures of a case file, in ledger order.
    public init(_ file: CaseFile) {
        provenance = ReportProvenance(file)
        var found: [Disclosure] = []
        for entry in file.entries {
            let by = ExhibitListReport.describe(entry.actor)
            func add(_ kind: String, _ recipient: String, policy: PolicyReference? = nil, bundle: String? = nil) {
                found.append(
                    Disclosure(
                        entry: entry.sequence, time: entry.time, kind: kind, recipient: recipient, exhibits: entry.exhibits,
                        policy: policy.map { "\($0.id) \($0.version) (sha256 \($0.sha256))" }, purpose: entry.reason,
                        bundle: bundle, by: by))
            }
            switch entry.action {
            case .exported:
                guard let export = entry.details?.export else { continue }
                let name = file.partners[export.partner] ?? export.partner
                add(
                    "export", "\(name) (partner \(export.partner), certificate \(export.partnerFingerprint))",
                    policy: export.policy,
                    bundle:
                        "\(export.bundleID), sha256 \(export.bundleSHA256), \(export.shared) of \(export.items) item(s) shared")
            case .receipt:
                guard let receipt = entry.details?.receipt else { continue }
                let name = file.partners[receipt.receiver] ?? receipt.receiver
                add(
                    "receipt",
                    "\(name): \(receipt.accepted ? "accepted" : "REJECTED"), received \(UKTime.display(ledgerTime: receipt.receivedAt))",
                    bundle: "\(receipt.bundleID), sha256 \(receipt.bundleSHA256)")
            case .redacted:
                guard let redaction = entry.details?.redaction else { continue }
                // Copies made inside an export are disclosed by that export's line.
                if let next = file.entry(entry.sequence + 1), next.action == .exported,
                    next.details?.export?.policy == redaction.policy
                {
                    continue
                }
                add("redacted copies", "whoever the policy names (\(redaction.policy.id))", policy: redaction.policy)
            case .returned:
                add("return", entry.details?.transfer?.to ?? "?")
            default:
                // `extracted` (exhibit extract) records a copy taken out of the store.
                if entry.action.rawValue == "extracted" {
                    add("extract", entry.details?.fields?["to"] ?? entry.location ?? entry.text ?? "not recorded")
                }
            }
        }
        disclosures = found
    }

    public func document() -> ReportDocument {
        let columns: [ReportTable.Column] = [
            .init("Entry"), .init("Date", isTime: true), .init("Disclosure"), .init("Recipient"), .init("Exhibits"),
            .init("Policy applied"), .init("Purpose"), .init("Bundle"), .init("By"),
        ]
        let rows = disclosures.map { item -> [ReportTable.Cell] in
            [
                .init("\(item.entry)"), .time(item.time), .init(item.kind), .init(item.recipient),
                .init(item.exhibits.joined(separator: ", ")), .init(item.policy ?? ""), .init(item.purpose ?? ""),
                .init(item.bundle ?? ""), .init(item.by),
            ]
        }
        let table = ReportTable(caption: "Disclosures made (\(disclosures.count))", columns: columns, rows: rows)
        return ReportDocument(
            kind: "disclosures", title: "Disclosure record sheet", marking: provenance.marking, caseLines: provenance.caseLines,
            sections: [.init(heading: nil, table: table)], csv: table, provenance: provenance.sentence)
    }
}
