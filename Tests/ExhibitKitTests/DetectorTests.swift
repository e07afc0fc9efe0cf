import Foundation
import Testing

@testable import ExhibitCore
@testable import ExhibitKit

/// An input that must produce exactly one finding, covering `match`, with normalised `key`.
struct DetectorCase: Sendable, CustomTestStringConvertible {
    var text: String
    var match: String
    var key: String

    init(_ text: String, _ match: String? = nil, key: String) {
        self.text = text
        self.match = match ?? text
        self.key = key
    }

    var testDescription: String { text.debugDescription }
}

/// Running detectors over strings in tests.
enum DetectorHarness {
    /// The raw findings of one detector (unresolved), in order of start.
    static func findings(_ text: String, _ detector: any TextDetector) -> [Finding] {
        var findings: [Finding] = []
        Array(text.utf8).withUnsafeBufferPointer { detector.scan($0, into: &findings) }
        return findings.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// The resolved findings of several detectors.
    static func scan(_ text: String, _ detectors: [any TextDetector]) -> [Finding] {
        Array(text.utf8).withUnsafeBufferPointer { Detectors.scan($0, detectors: detectors) }
    }

    /// The detector for one kind.
    static func detector(_ kind: IdentifierKind, knownBirthDates: Set<String> = []) -> any TextDetector {
        let detectors = Detectors.make([kind], knownBirthDates: knownBirthDates)
        precondition(detectors.count == 1)
        return detectors[0]
    }

    /// The text a finding covers.
    static func text(_ finding: Finding, in text: String) -> String {
        let bytes = Array(text.utf8)
        return String(decoding: bytes[finding.range], as: UTF8.self)
    }

    /// (covered text, key) for each finding.
    static func pairs(_ findings: [Finding], in text: String) -> [Pair] {
        findings.map { Pair(self.text($0, in: text), $0.key) }
    }

    /// Checks that `detector` finds exactly the case's match and key.
    static func expectFinds(
        _ testCase: DetectorCase, _ detector: any TextDetector, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let found = findings(testCase.text, detector)
        #expect(
            pairs(found, in: testCase.text) == [Pair(testCase.match, testCase.key)], "in \(testCase.text.debugDescription)",
            sourceLocation: sourceLocation)
    }

    /// Checks that `detector` finds nothing.
    static func expectNothing(_ text: String, _ detector: any TextDetector, sourceLocation: SourceLocation = #_sourceLocation) {
        let found = findings(text, detector)
        #expect(found.isEmpty, "in \(text.debugDescription): \(pairs(found, in: text))", sourceLocation: sourceLocation)
    }

    struct Pair: Equatable, CustomStringConvertible {
        var text: String
        var key: String
        init(_ text: String, _ key: String) {
            self.text = text
            self.key = key
        }
        var description: String { "\(text.debugDescription)→\(key)" }
    }
}

/// A paragraph mixing every kind of identifier with look-alikes, for precision and recall per detector.
let detectorCorpus = """
    Hi Jade, it's Claire (claire.turner@example.com). Call me on 07700 900123 or +44 113 496 0456, not 20-45-77 \
    (that was the score) and not 14/03/2013 either. Maisie's DOB is 14/03/2013; Leo was born 2 July 2017. \
    We moved from 14 Larch Close, Northbridge, NS4 7QD to Flat 2, 9 Harbour Row, Eastmere, NS9 2LP. The car was \
    NX21 KYD (not NX00 KYD). NHS 999 234 5675, ref 999 234 5676, NI AB 12 34 56 C, card 4111 1111 1111 1111 \
    (expired 4111 1111 1111 1112), pay to 20-45-77 41234567. Login from 192.0.2.44 and 2001:db8::17 at 16:40, \
    app version 1.2.3.4.5, room 12, 3 big dogs, order 123456, mail a.b@example, sw1a 1aa or SW1A 1AA. \
    Version 10.0.0.1 is an address. Sort code: 11-22-33. Account no. 87654321. Seen 20/11/2026. \
    Old account: 12345678.
    """

/// The UK personal-identifier detectors, one at a time: valid inputs, near-misses, and the mixed corpus.
struct DetectorTests {
    // MARK: e-mail

    static let emails: [DetectorCase] = [
        DetectorCase("mail me at a.b@example.com.", "a.b@example.com", key: "a.b@example.com"),
        DetectorCase("Claire.Turner@Example.COM", key: "claire.turner@example.com"),
        DetectorCase("he wants pics: dazc.91@example.net!", "dazc.91@example.net", key: "dazc.91@example.net"),
        DetectorCase(
            "<mr.patel@ashbrook.example.sch.uk>", "mr.patel@ashbrook.example.sch.uk", key: "mr.patel@ashbrook.example.sch.uk"),
        DetectorCase("x+tag@sub-domain.example.org, thanks", "x+tag@sub-domain.example.org", key: "x+tag@sub-domain.example.org"),
        DetectorCase("first_last%dept@example.co.uk", key: "first_last%dept@example.co.uk"),
        DetectorCase("...dazc@example.net", "dazc@example.net", key: "dazc@example.net"),
        DetectorCase("email: jo-ann@example.io;", "jo-ann@example.io", key: "jo-ann@example.io"),
        DetectorCase("(a@b.example.com.1)", "a@b.example.com", key: "a@b.example.com"),
    ]

    static let emailNearMisses = [
        "a.@example.com", "user@localhost", "user@example.c", "user@example.123", "@example.com", "a..b@example.com",
        "user@-example.com", "2 @ 3", "user@example..com", "josé@example.com", "user@example.com2",
    ]

    @Test(arguments: emails) func emailFound(_ testCase: DetectorCase) {
        DetectorHarness.expectFinds(testCase, DetectorHarness.detector(.email))
    }

    @Test(arguments: emailNearMisses) func emailNearMiss(_ text: String) {
        DetectorHarness.expectNothing(text, DetectorHarness.detector(.email))
    }

    // MARK: UK phone

    static let phones: [DetectorCase] = [
        DetectorCase("07700 900123", key: "07700900123"),
        DetectorCase("07700-900-123", key: "07700900123"),
        DetectorCase("07700.900.123", key: "07700900123"),
        DetectorCase("call 07700900123.", "07700900123", key: "07700900123"),
        DetectorCase("+44 7700 900123", key: "07700900123"),
        DetectorCase("+44 (0)7700 900123", key: "07700900123"),
        DetectorCase("+44 (0) 7700 900123", key: "07700900123"),
        DetectorCase("+447700900123", key: "07700900123"),
        DetectorCase("0044 7700 900123", key: "07700900123"),
        DetectorCase("(+44) 20 7946 0018", key: "02079460018"),
        DetectorCase("ring (0113) 496 0123 now", "(0113) 496 0123", key: "01134960123"),
        DetectorCase("0113 496 0123", key: "01134960123"),
        DetectorCase("020 7946 0018", key: "02079460018"),
        DetectorCase("0800 123 4567", key: "08001234567"),
        DetectorCase("01632 96001", key: "0163296001"),
        DetectorCase("tel:07700 900123)", "07700 900123", key: "07700900123"),
        DetectorCase("07700 - 900123", key: "07700900123"),
        DetectorCase("(0113 496 0123", "0113 496 0123", key: "01134960123"),
    ]

    static let phoneNearMisses = [
        "9434765919", "123456", "14/03/2013", "20-45-77", "4111 1111 1111 1111", "07700 9001", "1207700900123",
        "077009001234", "+1 212 555 0100", "07:52", "0400 123 4567", "0600 123 4567", "0900 123 4567", "07700 900123x",
        "x07700 900123", "01.02.2023", "07700 90012", "0 7700 900123", "+44 4700 900123",
    ]

    @Test(arguments: phones) func phoneFound(_ testCase: DetectorCase) {
        DetectorHarness.expectFinds(testCase, DetectorHarness.detector(.ukPhone))
    }

    @Test(arguments: phoneNearMisses) func phoneNearMiss(_ text: String) {
        DetectorHarness.expectNothing(text, DetectorHarness.detector(.ukPhone))
    }

    // MARK: postcode

    static let postcodes: [DetectorCase] = [
        DetectorCase("NS4 7QD", key: "NS47QD"),
        DetectorCase("NS47QD", key: "NS47QD"),
        DetectorCase("SW1A 1AA", key: "SW1A1AA"),
        DetectorCase("EC1A 1BB", key: "EC1A1BB"),
        DetectorCase("W1A 0AX", key: "W1A0AX"),
        DetectorCase("M1 1AE", key: "M11AE"),
        DetectorCase("B33 8TH", key: "B338TH"),
        DetectorCase("CR2 6XH", key: "CR26XH"),
        DetectorCase("DN55 1PT", key: "DN551PT"),
        DetectorCase("GIR 0AA", key: "GIR0AA"),
        DetectorCase("gir0aa", key: "GIR0AA"),
        DetectorCase("ns4 7qd", key: "NS47QD"),
        DetectorCase("(NS9 2LP).", "NS9 2LP", key: "NS92LP"),
        DetectorCase("Eastmere, NS9 2LP\n", "NS9 2LP", key: "NS92LP"),
    ]

    static let postcodeNearMisses = [
        "QS4 7QD", "VS4 7QD", "XS4 7QD", "NI4 7QD", "NJ4 7QD", "NZ4 7QD", "NS4 7QC", "NS4 7QI", "NS4 7KD", "NS4 7MO",
        "NS4 7QV", "NS4 7Q", "A1 1AAA", "ABC 123", "Ns4 7qd", "NS4 7qd", "NS4 7QDX", "NS4 7QD1", "XNS4 7QD", "NS4  7QD",
        "W1I 0AX", "EC1C 1BB", "SW1AA 1AA", "GIR 0AB", "1NS4 7QD",
    ]

    @Test(arguments: postcodes) func postcodeFound(_ testCase: DetectorCase) {
        DetectorHarness.expectFinds(testCase, DetectorHarness.detector(.postcode))
    }

    @Test(arguments: postcodeNearMisses) func postcodeNearMiss(_ text: String) {
        DetectorHarness.expectNothing(text, DetectorHarness.detector(.postcode))
    }

    // MARK: NHS number

    static let nhsNumbers: [DetectorCase] = [
        DetectorCase("943 476 5919", key: "9434765919"),
        DetectorCase("9434765919", key: "9434765919"),
        DetectorCase("943-476-5919", key: "9434765919"),
        DetectorCase("999 234 5675", key: "9992345675"),
        DetectorCase("NHS no. 9992345675.", "9992345675", key: "9992345675"),
    ]

    static let nhsNearMisses = [
        "943 476 5918", "943 476 5929", "943 476 5819", "993 476 5919", "949 476 5919", "999 234 5676", "999 234 5665",
        "99923456751", "19992345675", "943 476-5919", "943  476 5919", "943 476 59190", "9434765919x",
        "943 476 5030",  // check digit would be 10
    ]

    @Test(arguments: nhsNumbers) func nhsNumberFound(_ testCase: DetectorCase) {
        DetectorHarness.expectFinds(testCase, DetectorHarness.detector(.nhsNumber))
    }

    @Test(arguments: nhsNearMisses) func nhsNumberNearMiss(_ text: String) {
        DetectorHarness.expectNothing(text, DetectorHarness.detector(.nhsNumber))
    }

    // MARK: NI number

    static let niNumbers: [DetectorCase] = [
        DetectorCase("AB 12 34 56 C", key: "AB123456C"),
        DetectorCase("AB123456C", key: "AB123456C"),
        DetectorCase("ab123456c", key: "AB123456C"),
        DetectorCase("NI: AB123456.", "AB123456", key: "AB123456"),
        DetectorCase("AB 123456 D", key: "AB123456D"),
        DetectorCase("AB123456 A", key: "AB123456A"),
        DetectorCase("ZY 12 34 56 B", key: "ZY123456B"),
        DetectorCase("AB123456 Cat", "AB123456", key: "AB123456"),
    ]

    static let niNearMisses = [
        "XAB123456CX", "AB123456CX", "DA123456C", "FA123456C", "IA123456C", "QA123456C", "UA123456C", "VA123456C",
        "AD123456C", "AF123456C", "AI123456C", "AO123456C", "AQ123456C", "AU123456C", "AV123456C", "BG123456C",
        "GB123456C", "KN123456C", "NK123456C", "NT123456C", "TN123456C", "ZZ123456C", "AB123456E", "AB12345C",
        "AB1234567C", "Ab123456C", "AB123456c", "AB 12 34 567", "1AB123456C",
    ]

    @Test(arguments: niNumbers) func niNumberFound(_ testCase: DetectorCase) {
        DetectorHarness.expectFinds(testCase, DetectorHarness.detector(.niNumber))
    }

    @Test(arguments: niNearMisses) func niNumberNearMiss(_ text: String) {
        DetectorHarness.expectNothing(text, DetectorHarness.detector(.niNumber))
    }

    // MARK: bank account

    static let bankAccounts: [DetectorCase] = [
        DetectorCase("20-45-77 41234567", key: "204577-41234567"),
        DetectorCase("20 45 77 41234567", key: "204577-41234567"),
        DetectorCase("sort code 20-45-77, account 41234567.", "20-45-77, account 41234567", key: "204577-41234567"),
        DetectorCase("20-45-77 a/c 41234567", key: "204577-41234567"),
        DetectorCase("20-45-77, acc no: 41234567", key: "204577-41234567"),
        DetectorCase("20-45-77 / 41234567", key: "204577-41234567"),
        DetectorCase("Sort code: 20-45-77", "20-45-77", key: "204577"),
        DetectorCase("S/C 20-45-77.", "20-45-77", key: "204577"),
        DetectorCase("sort-code 204577", "204577", key: "204577"),
        DetectorCase("sort code is 20 45 77", "20 45 77", key: "204577"),
        DetectorCase("account number: 41234567", "41234567", key: "41234567"),
        DetectorCase("Acc 41234567", "41234567", key: "41234567"),
        DetectorCase("a/c no. 41234567", "41234567", key: "41234567"),
        DetectorCase("sort code 204577 account 41234567", "204577 account 41234567", key: "204577-41234567"),
    ]

    static let bankNearMisses = [
        "20-45-77", "the score was 20-45-77 today", "41234567", "account 4123456", "20-45-77-88", "sort code 20-45-7",
        "accommodation 41234567", "account 123456789", "sort code\n20-45-77", "204577 41234567", "20-45-77 4123456",
        "20-45-77 412345678", "account 2 and 41234567", "20-45 77 41234567",
    ]

    @Test(arguments: bankAccounts) func bankAccountFound(_ testCase: DetectorCase) {
        DetectorHarness.expectFinds(testCase, DetectorHarness.detector(.bankAccount))
    }

    @Test(arguments: bankNearMisses) func bankAccountNearMiss(_ text: String) {
        DetectorHarness.expectNothing(text, DetectorHarness.detector(.bankAccount))
    }

    // MARK: payment card

    static let cards: [DetectorCase] = [
        DetectorCase("4111 1111 1111 1111", key: "4111111111111111"),
        DetectorCase("4111111111111111", key: "4111111111111111"),
        DetectorCase("4111-1111-1111-1111", key: "4111111111111111"),
        DetectorCase("5555 5555 5555 4444", key: "5555555555554444"),
        DetectorCase("3782 822463 10005", key: "378282246310005"),
        DetectorCase("378282246310005", key: "378282246310005"),
        DetectorCase("6011 1111 1111 1117", key: "6011111111111117"),
        DetectorCase("2223 0031 2200 3222", key: "2223003122003222"),
        DetectorCase("card 4222222222222.", "4222222222222", key: "4222222222222"),
    ]

    static let cardNearMisses = [
        "4111 1111 1111 1112", "4111111111111112", "7111 1111 1111 1114", "1111 1111 1111 1117",
        "4111 1111 1111 1111 1111", "41111 1111 1111 1111", "4111 1111 1111 11111", "4111 1111-1111 1111",
        "x4111111111111111", "4111111111111111x", "4111  1111 1111 1111", "3782 822463 10005 1",
    ]

    @Test(arguments: cards) func paymentCardFound(_ testCase: DetectorCase) {
        DetectorHarness.expectFinds(testCase, DetectorHarness.detector(.paymentCard))
    }

    @Test(arguments: cardNearMisses) func paymentCardNearMiss(_ text: String) {
        DetectorHarness.expectNothing(text, DetectorHarness.detector(.paymentCard))
    }

    // MARK: vehicle registration

    static let registrations: [DetectorCase] = [
        DetectorCase("NX21 KYD", key: "NX21KYD"),
        DetectorCase("NX21KYD", key: "NX21KYD"),
        DetectorCase("nx21 kyd", key: "NX21KYD"),
        DetectorCase("AB51 ABC", key: "AB51ABC"),
        DetectorCase("YY02 ZZZ", key: "YY02ZZZ"),
        DetectorCase("(LR79 XYZ).", "LR79 XYZ", key: "LR79XYZ"),
    ]

    static let registrationNearMisses = [
        "IX21 KYD", "QX21 KYD", "ZX21 KYD", "NI21 KYD", "NQ21 KYD", "NX21 KQD", "NX21 KID", "NX21 KYI", "NX00 KYD",
        "NX01 KYD", "NX30 KYD", "NX50 KYD", "NX80 KYD", "NX21 KY", "NX21 KYDE", "Nx21 Kyd", "NX21 kyd", "XNX21 KYD",
        "NX21  KYD", "NX211 KYD",
    ]

    @Test(arguments: registrations) func vehicleRegistrationFound(_ testCase: DetectorCase) {
        DetectorHarness.expectFinds(testCase, DetectorHarness.detector(.vehicleRegistration))
    }

    @Test(arguments: registrationNearMisses) func vehicleRegistrationNearMiss(_ text: String) {
        DetectorHarness.expectNothing(text, DetectorHarness.detector(.vehicleRegistration))
    }

    // MARK: date of birth

    static let birthDates: [DetectorCase] = [
        DetectorCase("DOB 14/03/2013", "14/03/2013", key: "2013-03-14"),
        DetectorCase("D.O.B: 14-03-2013", "14-03-2013", key: "2013-03-14"),
        DetectorCase("d.o.b. 14.03.2013.", "14.03.2013", key: "2013-03-14"),
        DetectorCase("date of birth 2013-03-14", "2013-03-14", key: "2013-03-14"),
        DetectorCase("Date of\nbirth: 2013/3/14", "2013/3/14", key: "2013-03-14"),
        DetectorCase("she was born 14 March 2013", "14 March 2013", key: "2013-03-14"),
        DetectorCase("born on the 14th March 2013", "14th March 2013", key: "2013-03-14"),
        DetectorCase("born on the 1st of March, 2013", "1st of March, 2013", key: "2013-03-01"),
        DetectorCase("Date of Birth: March 14, 2013", "March 14, 2013", key: "2013-03-14"),
        DetectorCase("her birthday is 14 Mar 2013", "14 Mar 2013", key: "2013-03-14"),
        DetectorCase("birth date Sept. 3rd 2001", "Sept. 3rd 2001", key: "2001-09-03"),
        DetectorCase("DOB 1/3/13", "1/3/13", key: "2013-03-01"),
        DetectorCase("DOB 1/3/89", "1/3/89", key: "1989-03-01"),
        DetectorCase("14/03/2013 (DOB)", "14/03/2013", key: "2013-03-14"),
        DetectorCase("DOB 29/02/2012", "29/02/2012", key: "2012-02-29"),
        DetectorCase("Maisie Turner (DOB 14/03/2013)", "14/03/2013", key: "2013-03-14"),
        DetectorCase("DOB 14/03/2013, seen 20/11/2026", "14/03/2013", key: "2013-03-14"),
        DetectorCase(
            "Date of birth (as given by her mother): September 14, 2013", "September 14, 2013", key: "2013-09-14"),
        DetectorCase("DOB:\r\n14/03/2013\r\n", "14/03/2013", key: "2013-03-14"),
    ]

    static let birthDateNearMisses = [
        "Date of visit 20/11/2026", "seen on 14/03/2013", "DOB 31/02/2013", "DOB 14/13/2013", "DOB 00/01/2013",
        "DOB 29/02/2013", "born 14/03/20133", "DOB 14/03/2013/1", "DOB 14/03/2013.5",
        "DOB not known; the visit was on a grey wet Friday 20/11/2026", "14/03/2013 was a Tuesday and the DOB is unknown",
        "dobbin 14/03/2013", "reborn 14/03/2013", "DOB 1.2.3.4", "DOB 14/03/1850", "14/03/2013\nDOB: unknown",
        "14/03/2013\r\nDOB: unknown", "DOB 14 Marchx 2013", "DOB 2013-03-14T10:00",
    ]

    @Test(arguments: birthDates) func dateOfBirthFound(_ testCase: DetectorCase) {
        DetectorHarness.expectFinds(testCase, DetectorHarness.detector(.dateOfBirth))
    }

    @Test(arguments: birthDateNearMisses) func dateOfBirthNearMiss(_ text: String) {
        DetectorHarness.expectNothing(text, DetectorHarness.detector(.dateOfBirth))
    }

    static let knownBirthDateCases: [DetectorCase] = [
        DetectorCase("met on 14/03/2013 at school", "14/03/2013", key: "2013-03-14"),
        DetectorCase("party 14 March 2013", "14 March 2013", key: "2013-03-14"),
        DetectorCase("2013-03-14", key: "2013-03-14"),
        DetectorCase("seen 20/11/2026, DOB 02/07/2017", "02/07/2017", key: "2017-07-02"),
    ]

    @Test(arguments: knownBirthDateCases) func knownBirthDatesAreFoundAnywhere(_ testCase: DetectorCase) {
        DetectorHarness.expectFinds(testCase, DetectorHarness.detector(.dateOfBirth, knownBirthDates: ["2013-03-14"]))
    }

    @Test func twoDigitYearsPivotOnTheGivenYear() {
        let parser = DateParser(pivotYear: 26)
        let dates = ["1/3/26", "1/3/27", "31/12/00"].map { text in
            Array(text.utf8).withUnsafeBufferPointer { parser.parse($0, at: 0)?.key }
        }
        #expect(dates == ["2026-03-01", "1927-03-01", "2000-12-31"])
    }

    // MARK: IP address

    static let ipAddresses: [DetectorCase] = [
        DetectorCase("192.0.2.44", key: "192.0.2.44"),
        DetectorCase("login from 192.0.2.44.", "192.0.2.44", key: "192.0.2.44"),
        DetectorCase("10.0.0.1", key: "10.0.0.1"),
        DetectorCase("255.255.255.255", key: "255.255.255.255"),
        DetectorCase("0.0.0.0", key: "0.0.0.0"),
        DetectorCase("192.0.2.44:8080", "192.0.2.44", key: "192.0.2.44"),
        DetectorCase("2001:db8::1", key: "2001:db8::1"),
        DetectorCase("fe80::1ff:fe23:4567:890a", key: "fe80::1ff:fe23:4567:890a"),
        DetectorCase("::1", key: "::1"),
        DetectorCase("2001:DB8:0:0:0:0:0:1", key: "2001:db8::1"),
        DetectorCase("[2001:db8::1]:443", "2001:db8::1", key: "2001:db8::1"),
        DetectorCase("::ffff:192.0.2.1", key: "::ffff:192.0.2.1"),
        DetectorCase("from fe80::1: then", "fe80::1", key: "fe80::1"),
        DetectorCase("at 2001:db8::17.", "2001:db8::17", key: "2001:db8::17"),
    ]

    static let ipNearMisses = [
        "1.2.3.4.5", "version 1.2.3.4.5", "256.1.1.1", "192.168.01.1", "1.2.3", "16:40", "12:30:45",
        "00-1A-2B-3C-4D-5E", "00:1A:2B:3C:4D:5E", "v1.2.3.4", "1.2.3.4a", "cafe::beef", "std::vector",
        "2001:db8::1::2", "10:30 - 11:45",
    ]

    @Test(arguments: ipAddresses) func ipAddressFound(_ testCase: DetectorCase) {
        DetectorHarness.expectFinds(testCase, DetectorHarness.detector(.ipAddress))
    }

    @Test(arguments: ipNearMisses) func ipAddressNearMiss(_ text: String) {
        DetectorHarness.expectNothing(text, DetectorHarness.detector(.ipAddress))
    }

    // MARK: street address

    static let streetAddresses: [DetectorCase] = [
        DetectorCase("14 Larch Close", key: "14 larch close"),
        DetectorCase("Flat 2, 9 Harbour Row, Eastmere", key: "flat 2, 9 harbour row, eastmere"),
        DetectorCase("221B Baker Street", key: "221b baker street"),
        DetectorCase("14 Larch Close, Northbridge, NS4 7QD", key: "14 larch close, northbridge, ns4 7qd"),
        DetectorCase(
            "at the refuge: Flat 2, 9 Harbour Row, Eastmere, NS9 2LP.", "Flat 2, 9 Harbour Row, Eastmere, NS9 2LP",
            key: "flat 2, 9 harbour row, eastmere, ns9 2lp"),
        DetectorCase("12 St John's Road", key: "12 st john's road"),
        DetectorCase("7 Green Park", key: "7 green park"),
        DetectorCase("my address 14 Larch Close NS4 7QD", "14 Larch Close NS4 7QD", key: "14 larch close ns4 7qd"),
        DetectorCase("3 Mill Lane, Oxford.", "3 Mill Lane, Oxford", key: "3 mill lane, oxford"),
        DetectorCase("14 Larch Close, Northbridge is lovely", "14 Larch Close", key: "14 larch close"),
        DetectorCase("Flat 2A, 10 Upper Church Street", key: "flat 2a, 10 upper church street"),
        DetectorCase("1 HIGH STREET", key: "1 high street"),
        DetectorCase("5 Park Rd", key: "5 park rd"),
    ]

    static let streetAddressNearMisses = [
        "3 big dogs", "12 Monkeys", "at 5 Close", "14 Larch", "12345 Long Road", "14 larch close", "14Larch Close",
        "born 14 March 2013", "DC 4521 Priya Shah", "x14 Larch Close",
    ]

    @Test(arguments: streetAddresses) func streetAddressFound(_ testCase: DetectorCase) {
        DetectorHarness.expectFinds(testCase, DetectorHarness.detector(.streetAddress))
    }

    @Test(arguments: streetAddressNearMisses) func streetAddressNearMiss(_ text: String) {
        DetectorHarness.expectNothing(text, DetectorHarness.detector(.streetAddress))
    }

    // MARK: the mixed corpus, per detector

    struct CorpusExpectation: Sendable, CustomTestStringConvertible {
        var kind: IdentifierKind
        var found: [String]  // "covered text→key"
        var testDescription: String { kind.rawValue }
    }

    static let corpusExpectations: [CorpusExpectation] = [
        CorpusExpectation(kind: .email, found: ["claire.turner@example.com→claire.turner@example.com"]),
        CorpusExpectation(kind: .ukPhone, found: ["07700 900123→07700900123", "+44 113 496 0456→01134960456"]),
        CorpusExpectation(kind: .postcode, found: ["NS4 7QD→NS47QD", "NS9 2LP→NS92LP", "sw1a 1aa→SW1A1AA", "SW1A 1AA→SW1A1AA"]),
        CorpusExpectation(kind: .nhsNumber, found: ["999 234 5675→9992345675"]),
        CorpusExpectation(kind: .niNumber, found: ["AB 12 34 56 C→AB123456C"]),
        CorpusExpectation(
            kind: .bankAccount,
            found: ["20-45-77 41234567→204577-41234567", "11-22-33. Account no. 87654321→112233-87654321", "12345678→12345678"]),
        CorpusExpectation(kind: .paymentCard, found: ["4111 1111 1111 1111→4111111111111111"]),
        CorpusExpectation(kind: .vehicleRegistration, found: ["NX21 KYD→NX21KYD"]),
        CorpusExpectation(kind: .dateOfBirth, found: ["14/03/2013→2013-03-14", "2 July 2017→2017-07-02"]),
        CorpusExpectation(kind: .ipAddress, found: ["192.0.2.44→192.0.2.44", "2001:db8::17→2001:db8::17", "10.0.0.1→10.0.0.1"]),
        CorpusExpectation(
            kind: .streetAddress,
            found: [
                "14 Larch Close, Northbridge, NS4 7QD→14 larch close, northbridge, ns4 7qd",
                "Flat 2, 9 Harbour Row, Eastmere, NS9 2LP→flat 2, 9 harbour row, eastmere, ns9 2lp",
            ]),
    ]

    @Test(arguments: corpusExpectations) func mixedCorpusPrecisionAndRecall(_ expectation: CorpusExpectation) {
        let found = DetectorHarness.findings(detectorCorpus, DetectorHarness.detector(expectation.kind))
        let described = DetectorHarness.pairs(found, in: detectorCorpus).map { "\($0.text)→\($0.key)" }
        #expect(described == expectation.found)
        #expect(found.allSatisfy { $0.kind == .identifier(expectation.kind) })
    }

    @Test func makeReturnsOneDetectorPerKindInOrder() {
        #expect(Detectors.make([], knownBirthDates: []).isEmpty)
        let all = Detectors.make(Set(IdentifierKind.allCases), knownBirthDates: [])
        #expect(all.count == IdentifierKind.allCases.count)
        #expect(IdentifierKind(rawValue: "uk-phone") == .ukPhone)
        #expect(IdentifierKind.allCases.map(\.rawValue).contains("street-address"))
    }

    @Test func emptyAndTinyBuffersAreSafe() {
        let all = Detectors.make(Set(IdentifierKind.allCases), knownBirthDates: ["2013-03-14"])
        for text in ["", "0", "+", "(", "@", ":", "A", "1.", "::", "DOB", "14 ", "a@", "@b.co", "+44", "(0", "0044"] {
            #expect(DetectorHarness.scan(text, all).isEmpty, "\(text.debugDescription)")
        }
    }
}
