import Foundation
import Testing

@testable import ExhibitCore
@testable import ExhibitKit

/// The text engine and its formats: streaming across chunk boundaries, JSON escapes, HTML references,
/// CSV, e-mail structure, pseudonyms and masking.
struct TextRedactionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func policy(_ id: String) throws -> SharingPolicy {
        try PolicyLoader.load(path: root.appendingPathComponent("Policies/\(id).yaml").path)
    }

    static let parties: [Party] = Party.numbered([
        PartyDetails(
            name: "Jade Wilson", role: .witness, aliases: ["Jade"], dob: "2013-10-09", address: nil, phone: "07700 900789",
            email: nil),
        PartyDetails(
            name: "Sandra Pike", role: .informant, aliases: [], dob: nil, address: "12 Larch Close, Northbridge, NS4 7QD",
            phone: nil, email: nil),
        PartyDetails(
            name: "Maisie Turner", role: .child, aliases: ["Mimi"], dob: "2013-03-14", address: nil, phone: nil, email: nil),
    ])

    static func redactor(_ policy: String = "disclosure-to-parents") throws -> TextRedactor {
        TextRedactor(rules: RedactionRules(policy: try Self.policy(policy), parties: parties))
    }

    /// Streams `text` through a pipe (so chunking really happens) and returns the output.
    static func stream(_ text: [UInt8], _ redactor: TextRedactor, normalise: (([UInt8]) -> [UInt8])? = nil) throws -> (
        String, RedactionTally
    ) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("stream-\(UUID().uuidString).txt")
        try Data(text).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let descriptor = open(file.path, O_RDONLY)
        defer { close(descriptor) }
        var output: [UInt8] = []
        var tally = RedactionTally()
        try redactor.redactStream(source: descriptor, path: file.path, normalise: normalise, tally: &tally) { output += $0 }
        return (String(decoding: output, as: UTF8.self), tally)
    }

    @Test func namesAcrossLineBreaksAndPossessivesAndPseudonyms() throws {
        var tally = RedactionTally()
        let redactor = try Self.redactor("police-to-childrens-services")
        let output = redactor.redact("Jade\nWilson rang. jade's mum too; JADE WILSON again. Mimi is fine.", tally: &tally)
        #expect(output == "[WITNESS-1] rang. [WITNESS-1]'s mum too; [WITNESS-1] again. Mimi is fine.")
        #expect(tally.rules["party:witness"] == 3)
    }

    @Test func aNameSplitExactlyAtAChunkBoundaryIsStillFound() throws {
        let redactor = try Self.redactor()
        // Fill the first chunk so that "Jade" ends it and "Wilson" starts the next one.
        let filler = String(repeating: "ordinary words on a line\n", count: (TextRedactor.chunkSize - 5) / 25)
        var text = Array(filler.utf8)
        text += Array(String(repeating: "x", count: TextRedactor.chunkSize - 5 - text.count - 1).utf8) + [0x0A]
        text += Array("Jade\nWilson said call 07700 900789\n".utf8)
        text += Array(filler.utf8)
        let (output, tally) = try Self.stream(text, redactor)
        #expect(!output.contains("Jade") && !output.contains("Wilson") && !output.contains("900789"))
        #expect(tally.rules["party:witness"] == 1)
        #expect(output.utf8.count < text.count)
        #expect(output.hasSuffix(filler))
    }

    @Test func aNameStraddlingTheCutOfAGiantLineIsStillFound() throws {
        let redactor = try Self.redactor()
        // One line of over 8 MiB with a single space before the cut point, between "Jade" and "Wilson": the line
        // is cut there, so the name is only seen whole if the end of the first part is scanned again.
        let reads = TextRedactor.longestLine / TextRedactor.chunkSize + 1
        let space = reads * TextRedactor.chunkSize - 1024 - 10
        var text = [UInt8](repeating: UInt8(ascii: "a"), count: space - 5) + Array(" Jade Wilson,".utf8)
        text += [UInt8](repeating: UInt8(ascii: "b"), count: reads * TextRedactor.chunkSize + 4096 - text.count)
        text += Array(" end\n".utf8)
        let (output, tally) = try Self.stream(text, redactor)
        #expect(!output.contains("Jade") && !output.contains("Wilson"))
        #expect(tally.rules["party:witness"] == 1)
        #expect(output.hasSuffix("b end\n"))
    }

    @Test func namesJoinedUpInFileNamesAreReadAsWordsButDigestsAreNot() throws {
        #expect(TextNormaliser.words("JadeWilson_statement-v2.txt") == "Jade Wilson statement v 2 txt")
        #expect(TextNormaliser.words("sandra.pike+07700900789") == "sandra pike 07700900789")
        let digest = "88f0a6d8f79b80e979ecc9f7103b8dbf"
        #expect(TextNormaliser.words("\"md5\":\"\(digest)\"") == "\"md 5\":\"\(digest)\"")
        var tally = RedactionTally()
        let redactor = try Self.redactor("police-to-childrens-services")
        #expect(redactor.redact(TextNormaliser.words("notes_SandraPike.txt"), tally: &tally) == "notes [NAME] txt")
    }

    @Test func everyIdentifierKindIsRedactedUnderTheStrictestPolicy() throws {
        let text = """
            Call 07700 900123 or +44 113 496 0123, email claire.turner@example.com. Postcode NS9 2LP.
            NHS 943 476 5919, NI AB 12 34 56 C, bank 20-45-77 41234567, card 4111 1111 1111 1111.
            Car NX21 KYD. DOB 14/03/2013. IP 192.0.2.44 and 2001:db8::1. Lives at 9 Harbour Row, Eastmere.
            """
        var tally = RedactionTally()
        let output = try Self.redactor().redact(text, tally: &tally)
        for secret in [
            "900123", "496 0123", "claire.turner", "NS9 2LP", "476 5919", "AB 12", "41234567", "4111", "NX21", "14/03/2013",
            "192.0.2.44", "2001:db8", "Harbour Row",
        ] {
            #expect(!output.contains(secret), "\(secret) survived: \(output)")
        }
        for kind in IdentifierKind.allCases { #expect((tally.rules[kind.rawValue] ?? 0) >= 1, "\(kind.rawValue) did not fire") }
    }

    @Test func maskingKeepsTheLastFourCharacters() throws {
        var tally = RedactionTally()
        let output = try Self.redactor("police-to-cps").redact(
            "card 4111 1111 1111 1111 and sort code 20-45-77 41234567", tally: &tally)
        #expect(output == "card **** **** **** 1111 and sort code **-**-** ****4567")
    }

    @Test func jsonEscapesCannotHideAnIdentifier() throws {
        let json = Array(
            #"{"from": "claire.turner\u0040example.com", "text": "ring 07700\u0020900123", "q": "a \"quote\""}"#.utf8)
        let (output, _) = try Self.stream(json, try Self.redactor(), normalise: TextNormaliser.json)
        #expect(!output.contains("claire.turner") && !output.contains("900123"))
        #expect(output.contains(#"\"quote\""#))
        #expect((try? JSONSerialization.jsonObject(with: Data(output.utf8))) != nil, "the output is still JSON: \(output)")
    }

    @Test func htmlReferencesCannotHideAnIdentifierAndMarkupSurvives() throws {
        let html = Array("<p>Mail <b>claire.turner&#64;example.com</b> &amp; ring 07700&#x20;900123 &lt;now&gt;</p>\n".utf8)
        let (output, _) = try Self.stream(html, try Self.redactor(), normalise: TextNormaliser.html)
        #expect(output == "<p>Mail <b>[EMAIL]</b> &amp; ring [PHONE] &lt;now&gt;</p>\n")
    }

    @Test(arguments: [
        "claire.turner&#0000000064;example.com", "claire.turner&#64example.com", "claire.turner&#x00040;example.com",
        "claire.turner&commat;example.com",
    ])
    func referencesWithoutSemicolonsOrWithLeadingZerosAreDecoded(_ hidden: String) throws {
        let (output, _) = try Self.stream(Array("<p>\(hidden)</p>\n".utf8), try Self.redactor(), normalise: TextNormaliser.html)
        #expect(output == "<p>[EMAIL]</p>\n")
    }

    @Test func referencesThatAreNotCharactersAreLeftAsTheyAre() {
        for text in ["&#99999999999;", "&#;", "&#x;", "&unknown;", "AT&T", "&#60;b&#62;", "&#0;"] {
            #expect(TextNormaliser.html(Array(text.utf8)) == Array(text.utf8), "\(text)")
        }
    }

    @Test func unicodeSpacesAndInvisibleCharactersCannotHideAName() throws {
        let text =
            "Jade\u{00A0}Wilson, Jade\u{202F}Wilson, Ja\u{200B}de Wil\u{00AD}son, 07700\u{2009}900789 and &nbsp;Jade&#160;Wilson\n"
        let (output, _) = try Self.stream(Array(text.utf8), try Self.redactor(), normalise: TextNormaliser.html)
        #expect(!output.contains("Jade") && !output.contains("Wilson") && !output.contains("900789"), "\(output)")
        // A family emoji keeps its joiners.
        var tally = RedactionTally()
        #expect(try Self.redactor().redact("\u{1F468}\u{200D}\u{1F467}", tally: &tally) == "\u{1F468}\u{200D}\u{1F467}")
    }

    @Test func csvCellsAreRedactedAndTheLayoutKept() throws {
        let csv = Array("name,phone,note\nJade Wilson,07700 900789,\"saw him, at 9 Harbour Row\"\n".utf8)
        let (output, _) = try Self.stream(csv, try Self.redactor())
        #expect(output == "name,phone,note\n[NAME],[PHONE],\"saw him, at [ADDRESS]\"\n")
    }

    @Test func textThatIsNotUTF8IsRefused() throws {
        #expect(throws: ExhibitError.self) { _ = try Self.stream([0x43, 0x61, 0x66, 0xE9, 0x0A], try Self.redactor()) }
    }

    @Test func theSampleEmailKeepsItsStructureLosesItsRoutingAndAttachments() throws {
        let bytes = Array(try Data(contentsOf: Self.root.appendingPathComponent("Samples/email/referral-2026-11-19.eml")))
        var tally = RedactionTally()
        let output = String(
            decoding: try EmailRedactor.redact(bytes, redactor: try Self.redactor(), tally: &tally), as: UTF8.self)
        #expect(!output.contains("Received:") && !output.contains("Message-ID"))
        #expect(output.contains("[attachment withheld by the sharing policy: school-note.txt, text/plain]"))
        #expect(tally.rules["email:attachment-withheld"] == 1)
        #expect(!output.contains("07700 900123") && !output.contains("Larch Close"))
        // The result is still a well-formed MIME message with both alternatives.
        #expect(
            output.contains("Content-Type: text/plain; charset=utf-8")
                && output.contains("Content-Type: text/html; charset=utf-8"))
        let decoded = QuotedPrintable.decode(Array(output.replacingOccurrences(of: "\r\n", with: "\n").utf8))
        #expect(!String(decoding: decoded, as: UTF8.self).contains("900123"))
    }

    @Test(arguments: [
        "From: a@b.example\nContent-Type: multipart/mixed; boundary=X\n\n--X\nContent-Type: text/plain\n\nhello\n",
        "From: a@b.example\nContent-Type: text/plain; charset=klingon\n\nhello\n",
        " folded first line\nFrom: a\n\nbody\n",
        "From: a@b.example\nContent-Type: text/plain\nContent-Transfer-Encoding: base64\n\n!!!not base64!!!\n",
    ])
    func malformedMessagesAreRefused(_ message: String) throws {
        var tally = RedactionTally()
        #expect(throws: ExhibitError.self) {
            _ = try EmailRedactor.redact(Array(message.utf8), redactor: try Self.redactor(), tally: &tally)
        }
    }

    @Test func encodedHeaderWordsAreDecodedBeforeRedaction() throws {
        let message =
            "From: =?utf-8?B?SmFkZSBXaWxzb24=?= <jade@example.com>\nSubject: =?iso-8859-1?Q?Jade_Wilson=27s_phone?=\n\nhi\n"
        var tally = RedactionTally()
        let output = String(
            decoding: try EmailRedactor.redact(Array(message.utf8), redactor: try Self.redactor(), tally: &tally), as: UTF8.self)
        #expect(output.hasPrefix("From: [NAME] <[EMAIL]>\r\nSubject: [NAME]'s phone\r\n"))
    }

    @Test func latin1MessagesKeepEveryByteAndHideNothing() throws {
        // An 8-bit Latin-1 body with a no-break space (0xA0) inside a name, and a raw UTF-8 header (RFC 6532).
        // (Words that are not names: a name such as "José" is now found as an unregistered person.)
        var message = Array("From: caf\u{E9} <j@example.com>\nSubject: Cr\u{E8}me and Jade Wilson\n".utf8)
        message += Array("Content-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: 8bit\n\n".utf8)
        message += [0x43, 0x61, 0x66, 0xE9, 0x20, 0x73, 0x61, 0x77, 0x20] + Array("Jade".utf8) + [0xA0] + Array("Wilson\n".utf8)
        var tally = RedactionTally()
        let output = String(
            decoding: try EmailRedactor.redact(message, redactor: try Self.redactor(), tally: &tally), as: UTF8.self)
        let body = String(
            decoding: QuotedPrintable.decode(Array(output.replacingOccurrences(of: "\r\n", with: "\n").utf8)), as: UTF8.self)
        #expect(output.contains("From: caf\u{E9} <[EMAIL]>") && output.contains("Subject: Cr\u{E8}me and [NAME]"))
        #expect(body.contains("Caf\u{E9} saw [NAME]\n"), "\(body)")
        #expect(!body.contains("Wilson") && !body.contains("\u{FFFD}"))
    }
}
