/// The schedules of unused material: non-sensitive (as MG6C) or sensitive (as MG6D), produced separately.
/// Item numbers are the order in which items first appeared on that schedule in the ledger, so an item never
/// changes number in a later edition and new items are appended; an item that leaves the schedule (re-marked
/// used, or moved to the other schedule) leaves its number unused. The non-sensitive schedule never names,
/// counts or hints at sensitive material.
public struct ScheduleReport: CaseReport, Equatable {
    /// One item of the schedule.
    public struct Item: Codable, Sendable, Equatable {
        public var number: Int
        public var ref: String
        public var description: String
        /// True for an exhibit of this store; false for other material.
        public var isExhibit: Bool
        /// Where it is now (exhibits): custodian and location.
        public var location: String?
        /// The reason given (on MG6D: why it is sensitive).
        public var reason: String?
        /// The classification entry that puts it on this schedule.
        public var classified: Backed<String>
    }

    public var provenance: ReportProvenance
    /// `MG6C` or `MG6D`.
    public var schedule: String
    public var sensitive: Bool
    public var items: [Item]

    /// The non-sensitive (`sensitive` false) or sensitive schedule of a case file.
    public init(_ file: CaseFile, sensitive: Bool) {
        provenance = ReportProvenance(file)
        self.sensitive = sensitive
        schedule = sensitive ? "MG6D" : "MG6C"
        items = file.classified.compactMap { item -> Item? in
            guard item.use == .unused, item.sensitive == sensitive,
                let number = sensitive ? item.sensitiveNumber : item.nonSensitiveNumber
            else { return nil }
            let exhibit = file.exhibit(item.ref)
            let location = exhibit.map { exhibit in
                exhibit.disposal?.value ?? "\(exhibit.custodian.value)" + (exhibit.location.map { ", \($0.value)" } ?? "")
            }
            let time = file.entry(item.current.entry)?.time ?? ""
            return Item(
                number: number, ref: item.ref, description: item.description, isExhibit: item.isExhibit, location: location,
                reason: item.reason, classified: Backed(time, entry: item.current.entry))
        }.sorted { $0.number < $1.number }
    }

    public func document() -> ReportDocument {
        let columns: [ReportTable.Column] = [
            .init("Item"), .init("Reference"), .init("Description"), .init("Where it is"),
            .init(sensitive ? "Reason for sensitivity" : "Comment"), .init("Classified", isTime: true, hasEntry: true),
        ]
        let rows = items.map { item -> [ReportTable.Cell] in
            [
                .init("\(item.number)"), .init(item.ref), .init(item.description + (item.isExhibit ? "" : " (not an exhibit)")),
                .init(item.location ?? ""), .init(item.reason ?? ""), .time(item.classified.value, entry: item.classified.entry),
            ]
        }
        let title =
            sensitive
            ? "Schedule of sensitive unused material (MG6D)" : "Schedule of non-sensitive unused material (MG6C)"
        let table = ReportTable(caption: "\(schedule): \(items.count) item(s)", columns: columns, rows: rows)
        var paragraphs: [ReportDocument.Paragraph] = [
            .init(
                "Item numbers never change between editions: new items are appended, and a number that is no longer used is not given to another item."
            )
        ]
        if sensitive {
            paragraphs.insert(
                .init("SENSITIVE: for the prosecutor only. This schedule is never disclosed to the defence.", flag: false), at: 0)
        }
        return ReportDocument(
            kind: sensitive ? "schedule-sensitive" : "schedule", title: title, marking: provenance.marking,
            caseLines: provenance.caseLines, sections: [.init(heading: nil, paragraphs: paragraphs, table: table)], csv: table,
            provenance: provenance.sentence)
    }
}
