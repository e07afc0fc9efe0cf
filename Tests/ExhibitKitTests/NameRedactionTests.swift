import Foundation
import Testing

@testable import ExhibitCore
@testable import ExhibitKit

/// Registered people in every written form, homonyms judged, and unregistered people from cues (issue 9), each
/// through the whole text redactor with the shipped policies and the exact output asserted.
struct NameRedactionTests {
    static let parties: [Party] = Party.numbered([
        party(1, "Kacper Nowak", "child", aliases: "jack_96"),
        party(2, "Aleksandra Wróblewska", "parent"),
        party(3, "Siobhan O'Connor", "witness"),
        party(4, "Callum McDonald", "informant"),
        party(5, "Grace Green", "witness"),
        party(6, "Mark Rose", "alleged-perpetrator", aliases: "Marky"),
        party(7, "Jade Li", "other-child"),
        party(8, "Priya Shah-Patel", "professional"),
        party(9, "Tomáš Novák", "other"),
        party(10, "Will Hope", "other"),
        party(11, "May Li", "other-child"),
        party(12, "June Ward", "other"),
    ])

    static func party(_ position: Int, _ name: String, _ role: String, aliases: String = "") -> PartyDetails {
        PartyDetails(
            name: name, role: PartyRole(rawValue: role) ?? .other, aliases: aliases.isEmpty ? [] : [aliases], dob: nil,
            address: nil, phone: nil, email: nil)
    }

    /// The text redacted under `policy` (the strictest by default), read as HTML or JSON when asked.
    static func redact(
        _ text: String, policy: String = "disclosure-to-solicitor", parties: [Party] = parties,
        normalise: (([UInt8]) -> [UInt8])? = nil
    ) throws -> String {
        let redactor = TextRedactor(rules: RedactionRules(policy: try TextRedactionTests.policy(policy), parties: parties))
        guard let normalise else {
            var tally = RedactionTally()
            return redactor.redact(text, tally: &tally)
        }
        return try TextRedactionTests.stream(Array(text.utf8), redactor, normalise: normalise).0
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

    /// Every form of (1) for registered people.
    static let forms: [Case] = [
        // Full name, first name alone, surname alone, any case.
        Case("Kacper Nowak said", "[NAME] said"),
        Case("kacper said nowak was there", "[NAME] said [NAME] was there"),
        Case("KACPER NOWAK / kacper nowak", "[NAME] / [NAME]"),
        // Titles and ranks keep the title; the name goes.
        Case("Mrs Wróblewska and DC Shah-Patel met Mr. Nowak", "Mrs [NAME] and DC [NAME] met Mr. [NAME]"),
        Case("PC Patel, Sgt O'Connor, Miss McDonald, Mx Rose", "PC [NAME], Sgt [NAME], Miss [NAME], Mx [NAME]"),
        // Initials + surname, surname + initial.
        Case("K. Nowak, K Nowak, K.Nowak and A Wróblewska", "[NAME], [NAME], [NAME] and [NAME]"),
        Case("Seen by NOWAK K. today", "Seen by [NAME]. today"),
        Case("Kacper N. and Siobhan O said", "[NAME]. and [NAME] said"),
        // SURNAME, Forename and Surname, Forename (police logs).
        Case("NOWAK, Kacper (child)\nWróblewska, Aleksandra", "[NAME] (child)\n[NAME]"),
        Case("O'CONNOR, Siobhan - witness", "[NAME] - witness"),
        // Possessives.
        Case("Kacper's phone and Nowak’s bag", "[NAME]'s phone and [NAME]’s bag"),
        // Diacritics folded both ways.
        Case("Wroblewska, WRÓBLEWSKA and Tomas Novak", "[NAME], [NAME] and [NAME]"),
        // Joined by _ . - or camelCase: handles, e-mail local parts, URLs, file names.
        Case("kacper_nowak KacperNowak kacper.nowak kacper-nowak", "[NAME] [NAME] [NAME] [NAME]"),
        Case("facebook.com/kacper.nowak.77 and knowak", "facebook.com/[NAME].77 and [NAME]"),
        Case("photo_KacperNowak_2024.jpg", "photo_[NAME]_2024.jpg"),
        // A registered handle with digits.
        Case("@jack_96 said hi, jack96 too", "@[NAME] said hi, [NAME] too"),
        // Hyphen-broken across a line.
        Case("then Kac-\nper Nowak left", "then [NAME] left"),
        Case("then Kacper Now-\nak left", "then [NAME] left"),
        // Apostrophe and Mc/Mac forms.
        Case("OConnor, O Connor, Oconnor", "[NAME], [NAME], [NAME]"),
        Case("Mc Donald and MacDonald", "[NAME] and [NAME]"),
        // Double-barrelled names, in parts.
        Case("Priya Shah-Patel, Ms Patel, Shah Patel", "[NAME], Ms [NAME], [NAME]"),
        // Gendered surname variants.
        Case("Mr Wróblewski and Nováková", "Mr [NAME] and [NAME]"),
        // The family in the plural.
        Case("the Nowaks' flat; the Greens and the green door", "the [NAME]' flat; the [NAME] and the green door"),
    ]

    @Test(arguments: forms)
    func everyWrittenFormOfARegisteredPerson(_ testCase: Case) throws {
        let output = try Self.redact(testCase.text)
        #expect(output == testCase.output)
    }

    @Test func aliasesThatAreNotNamesGiveNoFormsOfTheirOwn() {
        let forms = NameForms.forms(name: "Sandra Pike", aliases: ["anonymous neighbour", "Maisie T", "jack_96"]).map(\.text)
        #expect(forms.contains("anonymous neighbour") && forms.contains("jack96") && forms.contains("Maisie"))
        #expect(!forms.contains("neighbour") && !forms.contains("anonymous") && !forms.contains("T"))
        #expect(forms.contains("Pike") && forms.contains("S Pike") && forms.contains("Pike Sandra"))
    }

    @Test func markupAndEscapesBetweenTheWords() throws {
        let html = try Self.redact("<p>Kacper <b>Nowak</b> and <i>Siobhan</i></p>", normalise: TextNormaliser.html)
        #expect(html == "<p>[NAME]<b></b> and <i>[NAME]</i></p>")
        #expect(
            try Self.redact(#"{"text":"Kacper\nNowak and Kacper\u0020Nowak"}"#, normalise: TextNormaliser.json)
                == #"{"text":"[NAME] and [NAME]"}"#)
    }

    @Test func namedReferencesAndFacebookEscapesCannotHideAName() throws {
        let html = try Self.redact(
            "<p>Aleksandra Wr&oacute;blewska and Tom&aacute;&scaron; Nov&aacute;k</p>", normalise: TextNormaliser.html)
        #expect(html == "<p>[NAME] and [NAME]</p>")
        // Facebook writes each UTF-8 byte of "ó" as its own escape.
        let json = try Self.redact(#"{"sender_name": "Aleksandra Wr\u00c3\u00b3blewska"}"#, normalise: TextNormaliser.json)
        #expect(json == #"{"sender_name": "[NAME]"}"#)
    }

    @Test func onePersonsFormsMapToOnePseudonym() throws {
        let output = try Self.redact(
            "Siobhan O'Connor said O'CONNOR, Siobhan; siobhan; Ms OConnor; Grace Green", policy: "police-to-childrens-services")
        #expect(output == "[WITNESS-1] said [WITNESS-1]; [WITNESS-1]; Ms [WITNESS-1]; [WITNESS-2]")
    }

    /// Homonyms: a registered Grace, Green, Mark, Rose, Will, Hope or Jade is judged by case and position.
    static let homonyms: [Case] = [
        Case("a grace period for the green car", "a grace period for the green car"),
        Case("i will mark the box and hope for the best", "i will mark the box and hope for the best"),
        Case("Will you come? Mark the box. Hope you are ok", "Will you come? Mark the box. Hope you are ok"),
        Case("We met Grace at school. I told Mark and Will.", "We met [NAME] at school. I told [NAME] and [NAME]."),
        Case("Grace said she was scared", "[NAME] said she was scared"),
        Case("[21:14] grace: hiya\n[21:15] mark: ok", "[21:14] [NAME]: hiya\n[21:15] [NAME]: ok"),
        Case("Ms Green rang; mr hope too; @grace", "Ms [NAME] rang; mr [NAME] too; @[NAME]"),
        Case("GREEN, Grace and the Green Lane park", "[NAME] and the Green Lane park"),
        Case("a rose garden and jade jewellery", "a rose garden and jade jewellery"),
        Case("grace's mum", "[NAME]'s mum"),
        Case("the jade ring, Jade Li's bag, <li>Li</li>", "the jade ring, [NAME]'s bag, <li>[NAME]</li>"),
        Case("PLEASE MARK THE FORM. Rose GREEN", "PLEASE MARK THE FORM. [NAME] [NAME]"),
        // A month that is also a registered first name.
        Case("in May, since June, May 2024; May Li said", "in May, since June, May 2024; [NAME] said"),
        // A first name that is an ordinary word, just before a registered surname, is a relative's name.
        Case("Will Nowak (uncle) rang; I will call him back", "[NAME] [NAME] (uncle) rang; I will call him back"),
    ]

    @Test(arguments: homonyms)
    func homonymsAreJudged(_ testCase: Case) throws {
        let output = try Self.redact(testCase.text)
        #expect(output == testCase.output)
    }

    /// People nobody registered, from cues.
    static let unregistered: [Case] = [
        Case("Spoke to Mr Hale and DC Priscilla Vance", "Spoke to Mr [NAME] and DC [NAME]"),
        Case("HALE, Martin - neighbour", "[NAME] - neighbour"),
        Case("[12/03/2024, 21:14] Bexley Hale: where r u", "[12/03/2024, 21:14] [NAME]: where r u"),
        Case("12/03/2024 21:15 - Tyler: coming", "12/03/2024 21:15 - [NAME]: coming"),
        Case("she said my name is Zofia and she is called Renata Okon", "she said my name is [NAME] and she is called [NAME]"),
        Case("From: Bexley Hale <bh@example.com>", "From: [NAME] <[EMAIL]>"),
        Case(
            "Thanks for your help.\n\nKind regards,\nMarcus Thornbury\nSocial Worker",
            "Thanks for your help.\n\nKind regards,\n[NAME]\nSocial Worker"),
        Case("I saw Tyler Hale and Amir at the park", "I saw [NAME] and [NAME] at the park"),
        Case("the Social Services Team and Ofsted", "the Social Services Team and Ofsted"),
        Case("Subject: meeting\nNote: call back", "Subject: meeting\nNote: call back"),
        Case("a friend called \"Jay\" and Grandmother Pauline Nowak", "a friend called \"[NAME]\" and Grandmother [NAME] [NAME]"),
    ]

    @Test(arguments: unregistered)
    func unregisteredPeopleFromCues(_ testCase: Case) throws {
        let output = try Self.redact(testCase.text)
        #expect(output == testCase.output)
    }

    @Test func unregisteredPeopleArePseudonymisedOrFlaggedAsThePolicySays() throws {
        #expect(
            try Self.redact("Mr Hale met Tyler. Tyler left.", policy: "police-to-childrens-services")
                == "Mr [PERSON-1] met [PERSON-2]. [PERSON-2] left.")
        #expect(try Self.redact("Mr Hale met Tyler.", policy: "police-to-cps") == "Mr Hale met Tyler.")
    }

    @Test func thePreviewListsUnregisteredPeopleAndJudgedHomonymsWithTheirLines() throws {
        let redactor = TextRedactor(
            rules: RedactionRules(policy: try TextRedactionTests.policy("police-to-cps"), parties: Self.parties))
        var tally = RedactionTally()
        let output = redactor.redact("hello\nMr Hale met Tyler\nI will go\nGrace said hi\nMr Hale again", tally: &tally)
        #expect(output == "hello\nMr Hale met Tyler\nI will go\nGrace said hi\nMr Hale again")
        #expect(
            tally.people.map { "\($0.kind.rawValue)|\($0.name)|\($0.line)|\($0.count)" } == [
                "unregistered|Hale|2|2", "unregistered|Tyler|2|1", "ambiguous-word|will|3|1", "ambiguous-name|Grace|4|1",
            ])
        #expect(tally.people.first?.context == "hello Mr Hale met Tyler I will go Grace said …")
    }

    /// File names, descriptions, the export purpose and custody entries go through `findsAnything` and
    /// `redact(_:tally:)`: the full matcher applies there too.
    @Test func fileNamesAndDescriptionsUseTheFullMatcher() throws {
        let rules = RedactionRules(policy: try TextRedactionTests.policy("disclosure-to-solicitor"), parties: Self.parties)
        let redactor = TextRedactor(rules: rules)
        for name in [
            "kacper_nowak.txt", "IMG_KacperNowak_01.jpg", "wroblewska-letter.pdf", "jack_96 chat.txt", "Mr Hale statement.txt",
        ] {
            #expect(redactor.findsAnything(in: name), "\(name)")
        }
        #expect(!redactor.findsAnything(in: "school-attendance.pdf"))
        var tally = RedactionTally()
        #expect(
            redactor.redact("Chat between K. Nowak and Ms O'Connor, seized from Mr Hale", tally: &tally)
                == "Chat between [NAME] and Ms [NAME], seized from Mr [NAME]")
    }

    @Test func thePolicyKeyIsStrictAndDefaultsToRedact() throws {
        let text = try PolicyLoaderTests.shippedText("disclosure-to-solicitor")
        #expect(try PolicyLoader.parse(text, source: "p.yaml").unregisteredPeople == .redact)
        let flagged = text.replacingOccurrences(of: "unregistered-people: redact", with: "unregistered-people: flag")
        #expect(try PolicyLoader.parse(flagged, source: "p.yaml").unregisteredPeople == .flag)
        let absent = text.replacingOccurrences(of: "unregistered-people: redact", with: "")
        #expect(try PolicyLoader.parse(absent, source: "p.yaml").unregisteredPeople == .redact)
        let wrong = text.replacingOccurrences(of: "unregistered-people: redact", with: "unregistered-people: keep")
        #expect {
            try PolicyLoader.parse(wrong, source: "p.yaml")
        } throws: { error in
            (error as? ExhibitError)?.message.hasPrefix(
                "p.yaml:72: unregistered-people: must be one of: redact, pseudonymise, flag")
                ?? false
        }
    }
}
