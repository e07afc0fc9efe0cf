import Foundation
import Testing

@testable import ExhibitCore
@testable import ExhibitKit

/// Detectors.scan: overlapping findings are resolved to a sorted, non-overlapping list.
struct DetectorResolutionTests {
    static func finding(_ range: Range<Int>, _ kind: IdentifierKind) -> Finding {
        Finding(range: range, kind: .identifier(kind), key: kind.rawValue)
    }

    @Test func sharedDigitPassFindsWhatEachDetectorFinds() throws {
        let texts = [
            detectorCorpus, try DetectorSampleTests.read("chat-export/whatsapp-maisie-jade.txt"),
            try DetectorSampleTests.read("notes/sw-contemporaneous-note-2026-11-20.txt"),
            try DetectorSampleTests.read("email/referral-2026-11-19.eml"),
        ]
        let detectors = Detectors.make(Set(IdentifierKind.allCases), knownBirthDates: ["2013-03-14"])
        for text in texts {
            var separately: [Finding] = []
            for detector in detectors { separately += DetectorHarness.findings(text, detector) }
            let shared = DetectorHarness.scan(text, detectors)
            #expect(shared == Detectors.resolveOverlaps(separately))
            #expect(shared.count >= 8)
        }
    }

    @Test func longerFindingsWin() {
        let resolved = Detectors.resolveOverlaps([
            Self.finding(0..<5, .postcode), Self.finding(3..<20, .streetAddress), Self.finding(18..<25, .ukPhone),
            Self.finding(30..<32, .email),
        ])
        #expect(resolved.map(\.range) == [3..<20, 30..<32])
    }

    @Test func equalLengthPrefersPartiesThenKindOrder() {
        let party = Finding(range: 10..<20, kind: .party(index: 2, field: .phone), key: "p")
        let resolved = Detectors.resolveOverlaps([
            Self.finding(10..<20, .nhsNumber), Self.finding(10..<20, .ukPhone), party, Self.finding(0..<10, .ukPhone),
            Self.finding(12..<22, .email), Self.finding(40..<50, .nhsNumber), Self.finding(40..<50, .ukPhone),
        ])
        #expect(resolved == [Self.finding(0..<10, .ukPhone), party, Self.finding(40..<50, .ukPhone)])
    }

    @Test func resultIsSortedAndDisjoint() {
        var generator = SystemRandomNumberGenerator()
        var findings: [Finding] = []
        for _ in 0..<500 {
            let start = Int.random(in: 0..<1_000, using: &generator)
            let kind = IdentifierKind.allCases.randomElement(using: &generator) ?? .email
            findings.append(Self.finding(start..<(start + Int.random(in: 0...30, using: &generator)), kind))
        }
        let resolved = Detectors.resolveOverlaps(findings)
        #expect(resolved.allSatisfy { !$0.range.isEmpty })
        #expect(zip(resolved, resolved.dropFirst()).allSatisfy { $0.range.upperBound <= $1.range.lowerBound })
        // Every dropped finding overlaps a kept one at least as long.
        for finding in findings where !finding.range.isEmpty && !resolved.contains(finding) {
            #expect(resolved.contains { $0.range.overlaps(finding.range) && $0.range.count >= finding.range.count })
        }
    }

    @Test func addressBeatsThePostcodeInside() {
        let text = "from 14 Larch Close, Northbridge, NS4 7QD to"
        let found = DetectorHarness.scan(text, Detectors.make([.postcode, .streetAddress], knownBirthDates: []))
        #expect(
            DetectorHarness.pairs(found, in: text) == [
                .init("14 Larch Close, Northbridge, NS4 7QD", "14 larch close, northbridge, ns4 7qd")
            ])
    }

    @Test func phoneBeatsAnNHSNumberOfTheSameLength() {
        // 0113496001 is both a 9-digit-NSN Leeds number and mod-11 valid.
        let text = "ring 0113496001"
        let all = Detectors.make(Set(IdentifierKind.allCases), knownBirthDates: [])
        let raw = DetectorHarness.findings(text, Detectors.make([.nhsNumber], knownBirthDates: [])[0])
        #expect(raw.count == 1)
        let found = DetectorHarness.scan(text, all)
        #expect(found.map(\.kind) == [.identifier(.ukPhone)])
        #expect(found.map(\.key) == ["0113496001"])
    }

    @Test func partyBeatsTheSameIdentifier() {
        let text = "call 07700 900123 or 07700 900999"
        let matcher = PartyMatcher([.init(text: "07700 900123", party: 3, field: .phone)])
        let found = DetectorHarness.scan(text, Detectors.make([.ukPhone], knownBirthDates: []) + [matcher])
        #expect(found.map(\.kind) == [.party(index: 3, field: .phone), .identifier(.ukPhone)])
        #expect(found.map(\.key) == ["07700900123", "07700900999"])
    }

    @Test func ipv6BeatsTheEmbeddedIPv4() {
        let text = "from ::ffff:192.0.2.1 today"
        let found = DetectorHarness.scan(text, Detectors.make([.ipAddress], knownBirthDates: []))
        #expect(DetectorHarness.pairs(found, in: text) == [.init("::ffff:192.0.2.1", "::ffff:192.0.2.1")])
    }

    @Test func bankDetailsBeatTheLabelledAccountAlone() {
        let text = "Sort code 20-45-77 account 41234567"
        let found = DetectorHarness.scan(text, Detectors.make(Set(IdentifierKind.allCases), knownBirthDates: []))
        #expect(DetectorHarness.pairs(found, in: text) == [.init("20-45-77 account 41234567", "204577-41234567")])
    }
}
