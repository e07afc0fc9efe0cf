/// The exhibit list (as MG12): every exhibit with its reference, description, who seized or produced it,
/// from whom, when and where, its current custodian and location, its hashes, and the entry behind each field.
public struct ExhibitListReport: CaseReport, Equatable {
    /// One file of an exhibit with its hashes as registered.
    public struct File: Codable, Sendable, Equatable {
        public var path: String
        public var size: Int64
        public var sha256: String
        public var sha1: String
        public var md5: String
    }

    /// One exhibit.
    public struct Item: Codable, Sendable, Equatable {
        public var ref: String
        public var description: Backed<String>
        public var category: String?
        public var seizedBy: Backed<String>
        public var seizedFrom: Backed<String>
        public var seizedAt: Backed<String>?
        /// Registered (or received) at, by whom, where it was then kept.
        public var registered: Backed<String>
        public var registeredBy: String
        public var registrationLocation: Backed<String>?
        public var receivedFrom: String?
        public var custodian: Backed<String>
        public var location: Backed<String>?
        /// `held`, `sealed (NUMBER)`, `returned to WHO` or `destroyed`.
        public var status: Backed<String>
        public var files: [File]
    }

    public var provenance: ReportProvenance
    public var exhibits: [Item]

    /// The exhibit list of a case file.
    public init(_ file: CaseFile) {
        provenance = ReportProvenance(file)
        exhibits = file.exhibits.map { exhibit in
            let seq = exhibit.registered.entry
            let status: Backed<String> =
                exhibit.disposal
                ?? exhibit.seal.map { Backed("sealed (\($0.value))", entry: $0.entry) } ?? Backed("held", entry: seq)
            return Item(
                ref: exhibit.ref, description: exhibit.description, category: exhibit.category,
                seizedBy: Backed(exhibit.seizedBy, entry: seq), seizedFrom: Backed(exhibit.seizedFrom, entry: seq),
                seizedAt: exhibit.seizedAt.map { Backed($0, entry: seq) }, registered: exhibit.registered,
                registeredBy: Self.describe(exhibit.registeredBy),
                registrationLocation: exhibit.registrationLocation.map { Backed($0, entry: seq) },
                receivedFrom: exhibit.receivedFrom.map { "\($0.sender), bundle \($0.bundleID), their reference \($0.senderRef)" },
                custodian: exhibit.custodian, location: exhibit.location, status: status,
                files: exhibit.files.map { File(path: $0.path, size: $0.size, sha256: $0.sha256, sha1: $0.sha1, md5: $0.md5) })
        }
    }

    /// An actor as a statement names them: `DS 1187 Jo Reed (DMI, 1187), Northshire Police CAIU`.
    static func describe(_ actor: Actor) -> String {
        let extra = [actor.role, actor.id].compactMap { $0 }
        return actor.name + (extra.isEmpty ? "" : " (\(extra.joined(separator: ", ")))") + ", \(actor.agency)"
    }

    public func document() -> ReportDocument {
        let columns: [ReportTable.Column] = [
            .init("Exhibit", hasEntry: true), .init("Description", hasEntry: true),
            .init("Seized or produced by", hasEntry: true),
            .init("From whom", hasEntry: true), .init("When seized", isTime: true, hasEntry: true),
            .init("Where kept when registered", hasEntry: true), .init("Registered", isTime: true, hasEntry: true),
            .init("Current custodian", hasEntry: true), .init("Current location", hasEntry: true),
            .init("Status", hasEntry: true), .init("Files (SHA-256)"),
        ]
        let rows = exhibits.map { item -> [ReportTable.Cell] in
            let files = item.files.map { "\($0.path) (\($0.size) bytes) SHA-256 \($0.sha256)" }.joined(separator: "\n")
            var from = item.seizedFrom.value
            if let received = item.receivedFrom { from += "\nreceived from \(received)" }
            return [
                .init(item.ref, entry: item.registered.entry),
                .init(item.description.value + (item.category.map { " [\($0)]" } ?? ""), entry: item.description.entry),
                .init(item.seizedBy.value, entry: item.seizedBy.entry), .init(from, entry: item.seizedFrom.entry),
                .time(item.seizedAt?.value, entry: item.seizedAt?.entry),
                .init(item.registrationLocation?.value ?? "", entry: item.registrationLocation?.entry),
                .time(item.registered.value, entry: item.registered.entry),
                .init(item.custodian.value, entry: item.custodian.entry),
                .init(item.location?.value ?? "", entry: item.location?.entry),
                .init(item.status.value, entry: item.status.entry), .init(files),
            ]
        }
        let table = ReportTable(caption: "Exhibits of the case (\(exhibits.count))", columns: columns, rows: rows)
        return ReportDocument(
            kind: "exhibits", title: "Exhibit list (MG12)", marking: provenance.marking, caseLines: provenance.caseLines,
            sections: [ReportDocument.Section(heading: nil, table: table)], csv: table, provenance: provenance.sentence)
    }
}
