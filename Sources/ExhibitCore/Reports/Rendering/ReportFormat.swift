import Foundation

/// The formats every report is written in.
public enum ReportFormat: String, Sendable, CaseIterable, Codable {
    /// A self-contained HTML document that prints with the protective marking on every page.
    case html
    /// RFC 4180 CSV of the report's table.
    case csv
    /// The report's data as JSON (sorted keys).
    case json
    /// Plain text for a terminal or a statement.
    case text
}

/// A report of the case file: its data (encoded as JSON) and its layout.
public protocol CaseReport: Encodable, Sendable {
    /// The report laid out for HTML, CSV and text.
    func document() -> ReportDocument
}

extension CaseReport {
    /// The report in `format`, as bytes.
    /// - Throws: `ExhibitError.environment` when the JSON cannot be encoded.
    public func rendered(_ format: ReportFormat) throws -> [UInt8] {
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            do {
                return Array(try encoder.encode(self)) + [0x0A]
            } catch {
                throw ExhibitError.environment("cannot encode the report as JSON: \(error)")
            }
        case .html: return Array(HTMLReport.render(document()).utf8)
        case .csv: return Array(CSVReport.render(document()).utf8)
        case .text: return Array(TextReport.render(document()).utf8)
        }
    }
}

/// What every report's JSON says about its origin.
public struct ReportProvenance: Codable, Sendable, Equatable {
    /// The case reference, agency and officer in the case.
    public var caseRef: String?
    public var agency: String?
    public var oic: String?
    /// The store's identifier.
    public var caseID: String
    /// How many ledger entries the report covers, and the hash of the last one.
    public var entries: Int
    public var head: String?
    /// The protective marking.
    public var marking: String

    /// The provenance of a report built from `file`.
    public init(_ file: CaseFile) {
        caseRef = file.details?.caseRef
        agency = file.details?.agency
        oic = file.details?.oic
        caseID = file.caseID
        entries = file.size
        head = file.head
        marking = file.settings.protectiveMarking
    }

    /// The lines naming the case.
    var caseLines: [String] {
        var lines: [String] = []
        if let caseRef { lines.append("Case \(caseRef)") }
        if let agency { lines.append(agency + (oic.map { ", officer in the case \($0)" } ?? "")) }
        return lines
    }

    /// `From ledger entries 1 to N (last entry hash …)`.
    var sentence: String {
        "Produced from custody ledger entries 1 to \(entries) of case store \(caseID)"
            + (head.map { " (last entry hash \($0))" } ?? "") + "; each line names the signed entry it rests on."
    }
}
