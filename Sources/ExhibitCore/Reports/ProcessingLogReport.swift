import Foundation

/// The data-protection log for law-enforcement processing (Data Protection Act 2018 s.62): collection,
/// alteration, consultation, disclosure (with the recipients), combination and erasure, each with who did it,
/// when, and the justification recorded, filtered by time and actor.
public struct ProcessingLogReport: CaseReport, Equatable {
    /// The s.62 operations.
    public enum Operation: String, Codable, Sendable, CaseIterable {
        case collection, alteration, consultation, disclosure, combination, erasure
    }

    /// One logged operation.
    public struct Line: Codable, Sendable, Equatable {
        public var entry: Int
        public var time: String
        public var operation: Operation
        /// The ledger action, e.g. `registered`.
        public var action: String
        public var actor: Actor
        public var exhibits: [String]
        /// Recipients of a disclosure.
        public var recipients: [String]
        /// The reason or purpose recorded with it.
        public var justification: String?
    }

    /// The filter applied.
    public struct Filter: Codable, Sendable, Equatable {
        /// RFC 3339 UTC bounds (inclusive), when given.
        public var from: String?
        public var to: String?
        /// Only entries whose actor has this name or identifier (case-insensitive).
        public var actor: String?

        /// Creates a filter.
        public init(from: String? = nil, to: String? = nil, actor: String? = nil) {
            self.from = from
            self.to = to
            self.actor = actor
        }
    }

    public var provenance: ReportProvenance
    public var filter: Filter
    public var lines: [Line]

    /// The s.62 log of a case file.
    public init(_ file: CaseFile, filter: Filter = Filter()) {
        provenance = ReportProvenance(file)
        self.filter = filter
        let from = filter.from.flatMap(Timestamp.parse)
        let to = filter.to.flatMap(Timestamp.parse)
        let actor = filter.actor?.lowercased()
        lines = file.entries.compactMap { entry -> Line? in
            guard let (operation, recipients) = Self.classify(entry, file: file) else { return nil }
            if let time = Timestamp.parse(entry.time) {
                if let from, time < from { return nil }
                if let to, time > to { return nil }
            }
            if let actor, entry.actor.name.lowercased() != actor, entry.actor.id?.lowercased() != actor { return nil }
            // A sensitive classification's reason is not repeated here; the justification of everything else is.
            return Line(
                entry: entry.sequence, time: entry.time, operation: operation, action: entry.action.rawValue, actor: entry.actor,
                exhibits: entry.exhibits, recipients: recipients, justification: entry.reason)
        }
    }

    /// The s.62 operation an entry is, and its recipients; nil for entries that process no personal data
    /// (settings, milestones, seals, transfers inside the investigation, verification).
    static func classify(_ entry: LedgerEntry, file: CaseFile) -> (Operation, [String])? {
        switch entry.action {
        case .registered, .partyAdded: return (.collection, [])
        case .received: return (.combination, [])
        case .redacted, .marked: return (.alteration, [])
        case .accessed, .consulted: return (.consultation, [])
        case .exported:
            guard let export = entry.details?.export else { return (.disclosure, []) }
            return (.disclosure, ["\(file.partners[export.partner] ?? export.partner) (\(export.partner))"])
        case .returned: return (.disclosure, [entry.details?.transfer?.to ?? "?"])
        case .destroyed: return (.erasure, [])
        case .extracted: return (.disclosure, ["copies in \(entry.details?.extraction?.destination ?? "a folder")"])
        default: return nil
        }
    }

    public func document() -> ReportDocument {
        let columns: [ReportTable.Column] = [
            .init("Entry"), .init("When", isTime: true), .init("Operation"), .init("Ledger action"), .init("Who"),
            .init("Exhibits"), .init("Recipients"), .init("Justification"),
        ]
        let rows = lines.map { line -> [ReportTable.Cell] in
            [
                .init("\(line.entry)"), .time(line.time), .init(line.operation.rawValue), .init(line.action),
                .init(ExhibitListReport.describe(line.actor)), .init(line.exhibits.joined(separator: ", ")),
                .init(line.recipients.joined(separator: "; ")), .init(line.justification ?? ""),
            ]
        }
        var scope: [String] = []
        if let from = filter.from { scope.append("from \(UKTime.display(ledgerTime: from))") }
        if let to = filter.to { scope.append("to \(UKTime.display(ledgerTime: to))") }
        if let actor = filter.actor { scope.append("by \(actor)") }
        let table = ReportTable(
            caption: "Operations logged (\(lines.count))" + (scope.isEmpty ? "" : ", " + scope.joined(separator: " ")),
            columns: columns, rows: rows)
        let paragraph = ReportDocument.Paragraph(
            "Logs kept under section 62 of the Data Protection Act 2018: collection, alteration, consultation, disclosure (with recipients), combination and erasure."
        )
        return ReportDocument(
            kind: "log", title: "Data protection log (DPA 2018 s.62)", marking: provenance.marking,
            caseLines: provenance.caseLines, sections: [.init(heading: nil, paragraphs: [paragraph], table: table)], csv: table,
            provenance: provenance.sentence)
    }
}
