import Foundation

/// The case as CASE/UCO JSON-LD (CASE 1.5, as checked by `case_validate` from case-utils 0.18.0): the
/// investigation; the agencies and the people who acted; every exhibit file with its size and SHA-256,
/// SHA-1 and MD5; redacted copies; one provenance record per exhibit (its exhibit number and files); and one
/// investigative action per custody entry (its time, performer, objects and results), each describing the
/// ledger entry and its hash. Node identifiers are stable: derived from the case and the thing named, and
/// ending in a UUID as UCO suggests.
public struct CaseUCOExport: Sendable {
    /// A JSON value, encoded with sorted keys.
    enum JSON: Encodable, Equatable {
        case string(String)
        case array([JSON])
        case object([String: JSON])

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .string(let text): try container.encode(text)
            case .array(let values): try container.encode(values)
            case .object(let members): try container.encode(members)
            }
        }
    }

    static let context: [String: JSON] = [
        "case-investigation": .string("https://ontology.caseontology.org/case/investigation/"),
        "uco-action": .string("https://ontology.unifiedcyberontology.org/uco/action/"),
        "uco-core": .string("https://ontology.unifiedcyberontology.org/uco/core/"),
        "uco-identity": .string("https://ontology.unifiedcyberontology.org/uco/identity/"),
        "uco-observable": .string("https://ontology.unifiedcyberontology.org/uco/observable/"),
        "uco-types": .string("https://ontology.unifiedcyberontology.org/uco/types/"),
        "xsd": .string("http://www.w3.org/2001/XMLSchema#"),
    ]

    private let file: CaseFile
    private var nodes: [JSON] = []
    private var members: [JSON] = []
    private var people: [String: String] = [:]
    private var filesAdded: Set<String> = []

    /// Prepares the export of a case file.
    public init(_ file: CaseFile) { self.file = file }

    /// The JSON-LD document.
    /// - Throws: `ExhibitError.environment` when an entry cannot be encoded.
    public func jsonLD() throws -> [UInt8] {
        var builder = self
        try builder.build()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        var context = Self.context
        context["kb"] = .string("urn:exhibit:\(file.caseID):")
        let document = JSON.object(["@context": .object(context), "@graph": .array(builder.nodes)])
        do {
            return Array(try encoder.encode(document)) + [0x0A]
        } catch {
            throw ExhibitError.environment("cannot encode the CASE export: \(error)")
        }
    }

    /// A stable node identifier: `kb:KIND-` and a UUID made from the case, the kind and the key.
    func identifier(_ kind: String, _ key: String) -> String {
        var bytes = MessageDigest.sha256(Array("\(file.caseID)\u{0}\(kind)\u{0}\(key)".utf8)).prefix(16).map { $0 }
        bytes[6] = (bytes[6] & 0x0F) | 0x50
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = Hex.encode(bytes)
        let parts = [
            hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4),
            hex.dropFirst(20),
        ]
        return "kb:\(kind)-" + parts.map(String.init).joined(separator: "-")
    }

    private static func reference(_ id: String) -> JSON { .object(["@id": .string(id)]) }
    private static func typed(_ value: String, _ type: String) -> JSON {
        .object(["@type": .string(type), "@value": .string(value)])
    }

    private mutating func add(_ node: [String: JSON], member: Bool = true) {
        nodes.append(.object(node))
        if member, case .string(let id)? = node["@id"] { members.append(Self.reference(id)) }
    }

    private mutating func person(_ actor: Actor) -> String {
        if let id = people[actor.name] { return id }
        let id = identifier("Person", actor.name)
        people[actor.name] = id
        var node: [String: JSON] = [
            "@id": .string(id), "@type": .string("uco-identity:Person"), "uco-core:name": .string(actor.name),
        ]
        let about = [actor.role, actor.id.map { "identifier \($0)" }, actor.agency].compactMap { $0 }
        node["uco-core:description"] = .string(about.joined(separator: ", "))
        add(node)
        return id
    }

    private mutating func fileNode(key: String, name: String, size: Int64, sha256: String, sha1: String?, md5: String?) -> String
    {
        let id = identifier("File", key)
        guard filesAdded.insert(id).inserted else { return id }
        var hashes: [JSON] = []
        for (method, value) in [("SHA256", sha256), ("SHA1", sha1), ("MD5", md5)] {
            guard let value, !value.isEmpty else { continue }
            hashes.append(
                .object([
                    "@id": .string(identifier("Hash", "\(key)\u{0}\(method)")), "@type": .string("uco-types:Hash"),
                    "uco-types:hashMethod": .string(method), "uco-types:hashValue": Self.typed(value, "xsd:hexBinary"),
                ]))
        }
        let size = Self.typed(String(size), "xsd:integer")
        add([
            "@id": .string(id), "@type": .string("uco-observable:File"), "uco-core:name": .string(name),
            "uco-core:hasFacet": .array([
                .object([
                    "@id": .string(identifier("FileFacet", key)), "@type": .string("uco-observable:FileFacet"),
                    "uco-observable:fileName": .string(name), "uco-observable:sizeInBytes": size,
                ]),
                .object([
                    "@id": .string(identifier("ContentDataFacet", key)), "@type": .string("uco-observable:ContentDataFacet"),
                    "uco-observable:sizeInBytes": size, "uco-observable:hash": .array(hashes),
                ]),
            ]),
        ])
        return id
    }

    private mutating func build() throws {
        var organisations: Set<String> = []
        func organisation(_ name: String) -> JSON {
            let id = identifier("Organization", name)
            if organisations.insert(name).inserted {
                add(["@id": .string(id), "@type": .string("uco-identity:Organization"), "uco-core:name": .string(name)])
            }
            return Self.reference(id)
        }
        if let agency = file.details?.agency { _ = organisation(agency) }
        for name in file.partners.values.sorted() { _ = organisation(name) }

        var exhibitFiles: [String: [String: String]] = [:]  // ref -> path -> file node
        var records: [String: String] = [:]
        for exhibit in file.exhibits {
            var paths: [String: String] = [:]
            for record in exhibit.files {
                paths[record.path] = fileNode(
                    key: "\(exhibit.ref)\u{0}\(record.path)", name: record.name, size: record.size, sha256: record.sha256,
                    sha1: record.sha1, md5: record.md5)
            }
            exhibitFiles[exhibit.ref] = paths
            let id = identifier("ProvenanceRecord", exhibit.ref)
            records[exhibit.ref] = id
            add([
                "@id": .string(id), "@type": .string("case-investigation:ProvenanceRecord"),
                "case-investigation:exhibitNumber": .string(exhibit.ref),
                "uco-core:description": .string(
                    "\(exhibit.description.value); seized or produced by \(exhibit.seizedBy) from \(exhibit.seizedFrom)"),
                "uco-core:object": .array(exhibit.files.compactMap { paths[$0.path].map(Self.reference) }),
            ])
        }
        for entry in file.entries where !entry.exhibits.isEmpty && entry.action != .consulted && entry.action != .classified {
            let hash = LedgerEntry.hash(of: try entry.canonicalBytes())
            var objects: [JSON] = entry.exhibits.compactMap { records[$0].map(Self.reference) }
            var results: [JSON] = []
            if entry.action == .registered || entry.action == .received {
                results = objects
                objects = entry.exhibits.flatMap { ref in (exhibitFiles[ref] ?? [:]).values.sorted().map(Self.reference) }
            }
            for item in entry.details?.redaction?.items ?? [] {
                guard let derived = item.derived else { continue }
                results.append(
                    Self.reference(
                        fileNode(
                            key: "derived\u{0}\(derived.sha256)", name: "redacted copy of \(item.ref) \(item.file)",
                            size: derived.size,
                            sha256: derived.sha256, sha1: derived.sha1, md5: derived.md5)))
            }
            var description = "custody ledger entry \(entry.sequence) (\(entry.action.rawValue)), entry hash \(hash)"
            if let reason = entry.reason { description += "; reason: \(reason)" }
            if let location = entry.location { description += "; location: \(location)" }
            if let transfer = entry.details?.transfer { description += "; from \(transfer.from) to \(transfer.to)" }
            if let seal = entry.details?.seal { description += "; seal \(seal.number)" }
            if let export = entry.details?.export {
                description +=
                    "; bundle \(export.bundleID) to \(export.partner) under \(export.policy.id) \(export.policy.version)"
            }
            var node: [String: JSON] = [
                "@id": .string(identifier("InvestigativeAction", "\(entry.sequence)")),
                "@type": .string("case-investigation:InvestigativeAction"), "uco-core:name": .string(entry.action.rawValue),
                "uco-core:description": .string(description),
                "uco-action:startTime": Self.typed(entry.time, "xsd:dateTime"),
                "uco-action:performer": Self.reference(person(entry.actor)), "uco-action:object": .array(objects),
            ]
            if !results.isEmpty { node["uco-action:result"] = .array(results) }
            add(node)
        }
        var investigation: [String: JSON] = [
            "@id": .string(identifier("Investigation", file.caseID)), "@type": .string("case-investigation:Investigation"),
            "uco-core:name": .string(file.details?.caseRef ?? file.caseID),
            "case-investigation:investigationForm": .string("case"),
            "uco-core:object": .array(members),
        ]
        let about = [
            file.details?.operation.map { "operation \($0)" }, file.details?.incident.map { "incident \($0)" },
            file.details.map { "officer in the case \($0.oic)" },
        ].compactMap { $0 }
        if !about.isEmpty { investigation["uco-core:description"] = .string(about.joined(separator: ", ")) }
        nodes.insert(.object(investigation), at: 0)
    }
}
