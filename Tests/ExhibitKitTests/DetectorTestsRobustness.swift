import Foundation
import Testing

@testable import ExhibitCore
@testable import ExhibitKit

/// Detectors never read outside the buffer (debug builds check every access), never report empty or out-of-range
/// findings, and never split a UTF-8 sequence, whatever the input.
struct DetectorRobustnessTests {
    static let parties = PartyMatcher([
        .init(text: "Maisie Turner", party: 0, field: .name), .init(text: "Zoë", party: 1, field: .alias),
        .init(text: "14 Larch Close, Northbridge", party: 0, field: .address), .init(text: "O'Neill", party: 2, field: .name),
        .init(text: "07700 900123", party: 0, field: .phone), .init(text: "a@example.com", party: 0, field: .email),
    ])
    static let detectors = Detectors.make(Set(IdentifierKind.allCases), knownBirthDates: ["2013-03-14"]) + [parties]

    static func check(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        let valid = String(bytes: bytes, encoding: .utf8) != nil
        bytes.withUnsafeBufferPointer { buffer in
            for detector in detectors {
                var findings: [Finding] = []
                detector.scan(buffer, into: &findings)
                for finding in findings {
                    #expect(!finding.range.isEmpty && finding.range.lowerBound >= 0, sourceLocation: sourceLocation)
                    #expect(finding.range.upperBound <= buffer.count, sourceLocation: sourceLocation)
                    guard finding.range.upperBound <= buffer.count, finding.range.lowerBound >= 0 else { continue }
                    guard valid else { continue }  // a stray continuation byte is no character to split
                    #expect(
                        buffer[finding.range.lowerBound] & 0xC0 != 0x80, "\(finding) in \(bytes)", sourceLocation: sourceLocation)
                    #expect(
                        finding.range.upperBound == buffer.count || buffer[finding.range.upperBound] & 0xC0 != 0x80,
                        "\(finding) in \(bytes)", sourceLocation: sourceLocation)
                }
            }
            let resolved = Detectors.scan(buffer, detectors: detectors)
            #expect(zip(resolved, resolved.dropFirst()).allSatisfy { $0.range.upperBound <= $1.range.lowerBound })
            // Detectors.scan runs the digit-triggered detectors in one shared pass: the same as one by one.
            var separately: [Finding] = []
            for detector in detectors { detector.scan(buffer, into: &separately) }
            #expect(resolved == Detectors.resolveOverlaps(separately), "in \(bytes)", sourceLocation: sourceLocation)
        }
    }

    @Test func everyPrefixOfTheCorpus() {
        let bytes = Array((detectorCorpus + " Zoë’s O'Neill DOB: March 14, 2013 ::1 a@example.com").utf8)
        for length in 0...bytes.count { Self.check(Array(bytes[0..<length]), sourceLocation: #_sourceLocation) }
        for start in stride(from: 0, to: bytes.count, by: 7) { Self.check(Array(bytes[start...])) }
    }

    @Test func randomBytesFromAnAlphabetOfTriggers() {
        let pieces: [[UInt8]] =
            [
                "0", "1", "2", "4", "7", "9", "44", "+", "(", ")", " ", "-", ".", "/", ":", "@", ",", "\n", "\r", "'", "A", "B",
                "N", "S", "X", "Q", "G", "I", "R", "a", "c", "d", "o", "b", "m", "r", "e", "Flat ", "Road", "Close", "DOB",
                "born ", "March", "sort code", "acc", "a/c", "example", "com", "é", "É", "’", "😀", "\u{A0}", "Maisie", "Turner",
                "Zoë", "O'Neill", "07700", "900123", "::", "fe80",
            ].map { Array($0.utf8) } + [[0xC3], [0xE2, 0x80], [0xF0, 0x9F], [0x80], [0xFF]]
        var generator = DetectorBenchmarkTests.Generator(state: 7)
        for _ in 0..<3_000 {
            var bytes: [UInt8] = []
            for _ in 0..<generator.below(40) { bytes += generator.pick(pieces) }
            Self.check(bytes)
        }
    }
}
