import Foundation
import Testing

@testable import ExhibitCore
@testable import ExhibitKit

/// Dates of birth as people write them, and the keyword windows that used to trap (issue 8).
struct DetectorDateFormTests {
    /// Two keywords close together followed by a run of dates: the second keyword's window used to start after
    /// its end (an inverted range, a trap).
    @Test func twoKeywordsBeforeARunOfDatesDoNotTrap() {
        let text = "dob dob " + String(repeating: "x", count: 40) + " 14 September 2013 15 September 2013 16/09/2013"
        let findings = DetectorHarness.findings(text, DetectorHarness.detector(.dateOfBirth))
        #expect(findings.isEmpty)  // both keywords are too far from the first date
        let close = "DOB: born " + String(repeating: "1 Sep 2013 ", count: 12)
        #expect(!DetectorHarness.findings(close, DetectorHarness.detector(.dateOfBirth)).isEmpty)
    }
}

/// Dates of birth, registrations and addresses as people write them, through the whole redactor (issue 9), with the
/// exact output asserted; near-misses keep their text.
struct IdentifierFormTests {
    static func redact(_ text: String) throws -> String {
        let rules = RedactionRules(policy: try TextRedactionTests.policy("disclosure-to-solicitor"), parties: [])
        var tally = RedactionTally()
        return TextRedactor(rules: rules).redact(text, tally: &tally)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var text: String
        var output: String
        init(_ text: String, _ output: String) {
            self.text = text
            self.output = output
        }
        var testDescription: String { text.debugDescription }
    }

    static let dates: [Case] = [
        Case("DOB 18-May-1963", "DOB [DOB]"),
        Case("DOB: 18/May/1963 and 18.May.63", "DOB: [DOB] and 18.May.63"),
        Case("date of birth 18th May 1963", "date of birth [DOB]"),
        Case("born 18 May 63, in Leeds", "born [DOB], in Leeds"),
        Case("D.O.B. May 18, 1963", "D.O.B. [DOB]"),
        Case("DOB 18MAY1963", "DOB [DOB]"),
        Case("DOB 1963-05-18 / 18/05/63", "DOB [DOB] / 18/05/63"),
        // Household lists: no keyword, a role or a SURNAME, Forename before the date.
        Case("MAZUR, Comfort - mother - 09-Apr-1968", "[NAME] - mother - [DOB]"),
        Case("son: 18/05/2013\nstepfather – 1 March 1980", "son: [DOB]\nstepfather – [DOB]"),
        Case("NOWAK, Kacper 18.05.2013", "[NAME] [DOB]"),
        Case("Kacper Nowak (18/05/2013)", "[NAME] ([DOB])"),
        // Near-misses: ordinary dates, crime references, order numbers.
        Case("the mother called on 14/03/2024 about 13/123456/26", "the mother called on 14/03/2024 about 13/123456/26"),
        Case("Order 18-05-1963-42 and meeting 18 May 2024 at 12:30", "Order 18-05-1963-42 and meeting 18 May 2024 at 12:30"),
        Case("visit - 18 May 12:30", "visit - 18 May 12:30"),
        // A keyword whose line goes on does not reach a chat timestamp on the next line.
        Case("Happy Birthday btw!! x\n[19/11/2026, 21:05:00] Ok", "Happy Birthday btw!! x\n[19/11/2026, 21:05:00] Ok"),
    ]

    @Test(arguments: dates)
    func datesOfBirthAsWritten(_ testCase: Case) throws {
        let output = try Self.redact(testCase.text)
        #expect(output == testCase.output)
    }

    static let registrations: [Case] = [
        Case("car AB12 CDE seen", "car [VEHICLE-REG] seen"),
        Case("a blue Golf R474 HNW", "a blue Golf [VEHICLE-REG]"),
        Case("suffix ABC 123D parked", "suffix [VEHICLE-REG] parked"),
        Case("VRM R474HNW and reg ABC123D", "VRM [VEHICLE-REG] and reg [VEHICLE-REG]"),
        Case("old car reg ABC 123, van 1234 AB", "old car reg [VEHICLE-REG], van [VEHICLE-REG]"),
        // Near-misses.
        Case("SECTION A1 AND B2, PC 1234, NHS 999 234 5675", "SECTION A1 AND B2, PC 1234, NHS [NHS-NUMBER]"),
        Case("order ABC 123 shipped, ref X12 ABCD", "order ABC 123 shipped, ref X12 ABCD"),
        Case("the car was NX00 KYD", "the car was NX00 KYD"),
    ]

    @Test(arguments: registrations)
    func registrationsInEveryFormat(_ testCase: Case) throws {
        let output = try Self.redact(testCase.text)
        #expect(output == testCase.output)
    }

    static let addresses: [Case] = [
        Case("lives at Flat 3, Foundry House, 61 Headingley Mount, Sheffield.", "lives at [ADDRESS]."),
        Case("Foundry House, 61 Headingley Mount, Sheffield S6 3AB", "[ADDRESS]"),
        Case(
            "id,address,town\n7,61 Headingley Mount,Sheffield\n8,\"Flat 2, 9 Harbour Row\",Eastmere",
            "id,address,town\n7,[ADDRESS]\n8,\"[ADDRESS]\",Eastmere"),
        Case("took 61 Headingley buses", "took 61 Headingley buses"),
        Case("23:56 The Family Court listed it", "23:56 The Family Court listed it"),
    ]

    @Test(arguments: addresses)
    func addressesWhole(_ testCase: Case) throws {
        let output = try Self.redact(testCase.text)
        #expect(output == testCase.output)
    }
}
