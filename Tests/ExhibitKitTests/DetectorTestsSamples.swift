import Foundation
import Testing

@testable import ExhibitCore
@testable import ExhibitKit

/// All detectors and a PartyMatcher built from Samples/parties.csv over the fictional case's chat export and note.
struct DetectorSampleTests {
    /// The package's Samples folder.
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Samples")

    static func read(_ path: String) throws -> String {
        try String(contentsOf: samples.appendingPathComponent(path), encoding: .utf8)
    }

    /// Splits one CSV line (double-quoted fields may contain commas).
    static func csvFields(_ line: String) -> [String] {
        var fields: [String] = []
        var field = ""
        var quoted = false
        for character in line {
            switch character {
            case "\"": quoted.toggle()
            case "," where !quoted:
                fields.append(field)
                field = ""
            default: field.append(character)
            }
        }
        fields.append(field)
        return fields
    }

    /// The party patterns and known dates of birth from parties.csv.
    static func parties() throws -> (patterns: [PartyMatcher.Pattern], birthDates: Set<String>) {
        let lines = try read("parties.csv").split(whereSeparator: \.isNewline).dropFirst()
        var patterns: [PartyMatcher.Pattern] = []
        var birthDates: Set<String> = []
        for (party, line) in lines.enumerated() {
            let fields = csvFields(String(line))  // name,role,aliases,dob,address,phone,email
            try #require(fields.count == 7)
            patterns.append(.init(text: fields[0], party: party, field: .name))
            for alias in fields[2].split(separator: ";") {
                patterns.append(.init(text: String(alias), party: party, field: .alias))
            }
            if !fields[4].isEmpty { patterns.append(.init(text: fields[4], party: party, field: .address)) }
            if !fields[5].isEmpty { patterns.append(.init(text: fields[5], party: party, field: .phone)) }
            if !fields[6].isEmpty { patterns.append(.init(text: fields[6], party: party, field: .email)) }
            let dob = fields[3].split(separator: "/")
            if dob.count == 3 { birthDates.insert("\(dob[2])-\(dob[1])-\(dob[0])") }
        }
        return (patterns, birthDates)
    }

    static func identifiers(_ text: String, birthDates: Set<String>) -> [String] {
        let detectors = Detectors.make(Set(IdentifierKind.allCases), knownBirthDates: birthDates)
        return DetectorHarness.scan(text, detectors).map { finding in
            guard case .identifier(let kind) = finding.kind else { return "?" }
            return "\(DetectorHarness.text(finding, in: text))|\(kind.rawValue)|\(finding.key)"
        }
    }

    @Test func chatExportIdentifiersExactly() throws {
        let text = try Self.read("chat-export/whatsapp-maisie-jade.txt")
        let expected = [
            "14 Larch Close NS4 7QD|street-address|14 larch close ns4 7qd",
            "+44 7700 900456|uk-phone|07700900456",
            "07700-900-456|uk-phone|07700900456",
            "NX21 KYD|vehicle-registration|NX21KYD",
            "14/03/2013|date-of-birth|2013-03-14",
            "dazc.91@example.net|email|dazc.91@example.net",
            "(0113) 496 0123|uk-phone|01134960123",
            "07700 900789|uk-phone|07700900789",
        ]
        #expect(Self.identifiers(text, birthDates: []) == expected)
        #expect(Self.identifiers(text, birthDates: try Self.parties().birthDates) == expected)
    }

    @Test func noteIdentifiersExactly() throws {
        let text = try Self.read("notes/sw-contemporaneous-note-2026-11-20.txt")
        let expected = [
            "14/03/2013|date-of-birth|2013-03-14",
            "0113 496 0500|uk-phone|01134960500",
            "02/07/2017|date-of-birth|2017-07-02",
            "14 Larch Close, Northbridge, NS4 7QD|street-address|14 larch close, northbridge, ns4 7qd",
            "Flat 2, 9 Harbour Row, Eastmere, NS9 2LP|street-address|flat 2, 9 harbour row, eastmere, ns9 2lp",
            "9992345675|nhs-number|9992345675",
            "12 Larch Close, Northbridge, NS4 7QD|street-address|12 larch close, northbridge, ns4 7qd",
            "0113 496 0456|uk-phone|01134960456",
            "NX21 KYD|vehicle-registration|NX21KYD",
            "4111 1111 1111 1111|payment-card|4111111111111111",
            "192.0.2.44|ip-address|192.0.2.44",
            "AB 12 34 56 C|ni-number|AB123456C",
            "20-45-77 41234567|bank-account|204577-41234567",
            "07700 900456|uk-phone|07700900456",
            "07700 900123|uk-phone|07700900123",
            "14/03/2013|date-of-birth|2013-03-14",
        ]
        #expect(Self.identifiers(text, birthDates: []) == expected)
        #expect(Self.identifiers(text, birthDates: try Self.parties().birthDates) == expected)
    }

    /// README rows that no detector or party pattern is meant to cover, and why.
    static let notPersonalIdentifiers: Set<String> = [
        "School",  // an organisation, not in parties.csv
        "Crime reference",  // a police reference, no detector for it
    ]

    /// Other spellings the README's prose gives for values in the table.
    static let otherSpellings: [String: [String]] = [
        "14 Larch Close, Northbridge, NS4 7QD": ["14 Larch Close NS4 7QD"],
        "07700 900456": ["+44 7700 900456", "07700-900-456"],
        "0113 496 0123": ["(0113) 496 0123"],
        "Darren Cole": ["Darren\nCole"],
        "999 234 5675": ["9992345675"],
    ]

    struct SampleFile: Sendable, CustomTestStringConvertible {
        var path: String
        var readmeName: String
        var testDescription: String { readmeName }
    }

    static let files = [
        SampleFile(path: "chat-export/whatsapp-maisie-jade.txt", readmeName: "whatsapp"),
        SampleFile(path: "notes/sw-contemporaneous-note-2026-11-20.txt", readmeName: "sw-note"),
    ]

    /// Every occurrence (case-insensitive) of every value the README lists for the file is inside a finding of all the
    /// detectors plus the party matcher together.
    @Test(arguments: files) func everyReadmeIdentifierIsRedacted(_ file: SampleFile) throws {
        let text = try Self.read(file.path)
        let readme = try Self.read("README.md")
        let parties = try Self.parties()
        let detectors = Detectors.make(Set(IdentifierKind.allCases), knownBirthDates: parties.birthDates)
        let findings = DetectorHarness.scan(text, detectors + [PartyMatcher(parties.patterns)])
        let bytes = Array(text.lowercased().utf8)
        #expect(bytes.count == text.utf8.count)
        var checkedRows = 0
        for line in readme.split(separator: "\n") where line.hasPrefix("| ") {
            let columns = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard columns.count == 3, columns[1].hasPrefix("`"), columns[2].contains("\(file.readmeName) (") else { continue }
            guard !Self.notPersonalIdentifiers.contains(where: { columns[0].hasPrefix($0) }) else { continue }
            let value = columns[1].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            var occurrences = 0
            for spelling in [value] + (Self.otherSpellings[value] ?? []) {
                let needle = Array(spelling.lowercased().utf8)
                var start = 0
                while start + needle.count <= bytes.count {
                    if bytes[start..<(start + needle.count)].elementsEqual(needle) {
                        occurrences += 1
                        let range = start..<(start + needle.count)
                        let covered = findings.contains {
                            $0.range.lowerBound <= range.lowerBound && range.upperBound <= $0.range.upperBound
                        }
                        #expect(covered, "\(columns[0]) \(spelling.debugDescription) at byte \(start) is not redacted")
                    }
                    start += 1
                }
            }
            #expect(occurrences > 0, "\(columns[0]) \(value.debugDescription) does not occur in \(file.path)")
            checkedRows += 1
        }
        #expect(checkedRows >= 10)
    }

    @Test func chatExportPartyFindings() throws {
        let text = try Self.read("chat-export/whatsapp-maisie-jade.txt")
        let findings = DetectorHarness.scan(text, [PartyMatcher(try Self.parties().patterns)])
        let covered = findings.map { DetectorHarness.text($0, in: text) }
        #expect(covered.filter { $0 == "Maisie T" }.count == 18)
        #expect(covered.filter { $0 == "Jade Wilson" }.count == 21)
        #expect(covered.filter { $0 == "Darren" }.count == 2)  // the two possessives
        #expect(covered.contains("Darren\nCole"))
        #expect(covered.contains("Darren Cole"))
        #expect(covered.filter { $0.lowercased() == "mimi" }.count == 2)
        #expect(covered.filter { $0 == "DazC" }.count == 3)
        #expect(covered.contains("+44 7700 900456") && covered.contains("07700-900-456") && covered.contains("07700 900789"))
        #expect(covered.contains("dazc.91@example.net"))
        #expect(!covered.contains("(0113) 496 0123"))  // not a party's number
    }
}
