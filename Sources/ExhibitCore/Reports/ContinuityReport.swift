/// The statement of continuity, per exhibit: its whole path in plain sentences a witness statement (MG11)
/// can take, each naming its ledger entry, with times in UK local time, the hashes at registration and the
/// last recorded verification, and the gaps in continuity flagged (never left out).
public struct ContinuityReport: CaseReport, Equatable {
    /// One step of an exhibit's path.
    public struct Step: Codable, Sendable, Equatable {
        /// The ledger entry (0 for the seizure, which precedes the registration it is recorded in).
        public var entry: Int
        /// When (RFC 3339 UTC); nil when not recorded.
        public var time: String?
        public var sentence: String
    }

    /// A gap in continuity.
    public struct Gap: Codable, Sendable, Equatable {
        public var entry: Int
        public var problem: String
    }

    /// The continuity of one exhibit.
    public struct Statement: Codable, Sendable, Equatable {
        public var ref: String
        public var description: String
        public var steps: [Step]
        public var gaps: [Gap]
        /// The files' SHA-256 when registered.
        public var registeredHashes: [String: String]
        /// The last recorded verification after registration, when there is one.
        public var lastVerification: Step?
    }

    public var provenance: ReportProvenance
    public var statements: [Statement]

    /// The statements for `refs` (every exhibit when empty).
    /// - Throws: `ExhibitError.badInput` for a reference the case file does not hold.
    public init(_ file: CaseFile, refs: [String] = []) throws {
        provenance = ReportProvenance(file)
        for ref in refs where file.exhibit(ref) == nil {
            throw ExhibitError.badInput("no exhibit \(ref) in this case; exhibit report exhibits lists the references")
        }
        let chosen = refs.isEmpty ? file.exhibits : refs.compactMap { file.exhibit($0) }
        statements = chosen.map { ContinuityWriter(file: file, exhibit: $0).statement() }
    }

    public func document() -> ReportDocument {
        var sections: [ReportDocument.Section] = []
        var rows: [[ReportTable.Cell]] = []
        for statement in statements {
            var paragraphs = statement.steps.map {
                ReportDocument.Paragraph($0.sentence, time: $0.time, entry: $0.entry == 0 ? nil : $0.entry)
            }
            if let verification = statement.lastVerification {
                paragraphs.append(.init(verification.sentence, time: verification.time, entry: verification.entry))
            } else {
                paragraphs.append(.init("No verification of the store has been recorded since this exhibit was registered."))
            }
            paragraphs += statement.gaps.map { ReportDocument.Paragraph($0.problem, entry: $0.entry, flag: true) }
            sections.append(.init(heading: "Exhibit \(statement.ref): \(statement.description)", paragraphs: paragraphs))
            for step in statement.steps + (statement.lastVerification.map { [$0] } ?? []) {
                rows.append([
                    .init(statement.ref), .init(step.entry == 0 ? "" : "\(step.entry)"), .time(step.time), .init(step.sentence),
                    .init(""),
                ])
            }
            for gap in statement.gaps {
                rows.append([
                    .init(statement.ref), .init("\(gap.entry)"), .init(""), .init(gap.problem), .init("gap", flag: true),
                ])
            }
        }
        let table = ReportTable(
            caption: "Continuity",
            columns: [.init("Exhibit"), .init("Entry"), .init("When", isTime: true), .init("What happened"), .init("Flag")],
            rows: rows)
        return ReportDocument(
            kind: "continuity", title: "Statement of continuity", marking: provenance.marking, caseLines: provenance.caseLines,
            sections: sections, csv: table, provenance: provenance.sentence)
    }
}
