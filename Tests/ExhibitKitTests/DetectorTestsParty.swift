import Foundation
import Testing

@testable import ExhibitCore
@testable import ExhibitKit

/// PartyMatcher: the case's people by name, alias, address, phone and e-mail.
struct DetectorPartyMatcherTests {
    static let matcher = PartyMatcher([
        .init(text: "Maisie Turner", party: 0, field: .name),
        .init(text: "Maisie T", party: 0, field: .alias),
        .init(text: "Mimi", party: 0, field: .alias),
        .init(text: "Maisie", party: 0, field: .alias),
        .init(text: "14 Larch Close, Northbridge, NS4 7QD", party: 0, field: .address),
        .init(text: "Leo Turner", party: 1, field: .name),
        .init(text: "Leo", party: 1, field: .alias),
        .init(text: "14 Larch Close, Northbridge, NS4 7QD", party: 1, field: .address),
        .init(text: "Claire Turner", party: 2, field: .name),
        .init(text: "07700 900123", party: 2, field: .phone),
        .init(text: "Claire.Turner@Example.com", party: 2, field: .email),
        .init(text: "Darren Cole", party: 3, field: .name),
        .init(text: "DazC", party: 3, field: .alias),
        .init(text: "Daz", party: 3, field: .alias),
        .init(text: "Darren", party: 3, field: .alias),
        .init(text: "+44 7700 900456", party: 3, field: .phone),
        .init(text: "Tom Okafor", party: 4, field: .name),
        .init(text: "T. Okafor", party: 4, field: .alias),
        .init(text: "Zoë Brontë", party: 5, field: .name),
        .init(text: "Ross Jones", party: 6, field: .name),
        .init(text: "Jones", party: 6, field: .alias),
        .init(text: "O'Neill", party: 7, field: .name),
        .init(text: "DC 4521 Priya Shah", party: 8, field: .alias),
        .init(text: "DC 4521", party: 8, field: .alias),
    ])

    /// "covered text|party|field" for each resolved finding.
    static func found(_ text: String, _ matcher: PartyMatcher = matcher) -> [String] {
        DetectorHarness.scan(text, [matcher]).map { finding in
            guard case .party(let index, let field) = finding.kind else { return "not a party finding" }
            return "\(DetectorHarness.text(finding, in: text))|\(index)|\(field.rawValue)"
        }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var text: String
        var found: [String]
        var testDescription: String { text.debugDescription }
    }

    static let cases: [Case] = [
        // Case-insensitive whole words.
        Case(text: "MAISIE TURNER and maisie turner", found: ["MAISIE TURNER|0|name", "maisie turner|0|name"]),
        Case(text: "mimi thats so weird", found: ["mimi|0|alias"]),
        Case(text: "Maisies and Leon and Cleo and Darrens", found: []),
        // White space between words, line breaks included.
        Case(text: "...Darren\nCole said", found: ["Darren\nCole|3|name"]),
        Case(text: "Darren \r\n   Cole", found: ["Darren \r\n   Cole|3|name"]),
        Case(text: "Darren\tCole", found: ["Darren\tCole|3|name"]),
        Case(text: "Darren\u{A0}Cole", found: ["Darren\u{A0}Cole|3|name"]),
        // A camelCase join ends a name ("DarrenCole"); the joined full name is a form `NameForms` adds.
        Case(text: "DarrenCole", found: ["Darren|3|alias"]),
        // Possessives: the finding covers the name only.
        Case(text: "is that Darren's car??", found: ["Darren|3|alias"]),
        Case(text: "in Darren’s car", found: ["Darren|3|alias"]),
        Case(text: "Darren Cole's phone", found: ["Darren Cole|3|name"]),
        Case(text: "at Jones' house", found: ["Jones|6|alias"]),
        Case(text: "Ross Jones' house", found: ["Ross Jones|6|name"]),
        // The longest pattern at a position wins.
        Case(text: "Maisie Turner (13)", found: ["Maisie Turner|0|name"]),
        Case(text: "Maisie T: yeah", found: ["Maisie T|0|alias"]),
        Case(text: "Maisie Tim", found: ["Maisie|0|alias"]),
        Case(text: "DazC?? the one", found: ["DazC|3|alias"]),
        Case(text: "Daz is DazC", found: ["Daz|3|alias", "DazC|3|alias"]),
        Case(text: "OIC DC 4521 Priya Shah, DC 4521 Shah", found: ["DC 4521 Priya Shah|8|alias", "DC 4521|8|alias"]),
        // Punctuation in patterns is optional in the text; commas in addresses too.
        Case(text: "T. Okafor and T Okafor", found: ["T. Okafor|4|alias", "T Okafor|4|alias"]),
        Case(
            text: "from 14 Larch Close, Northbridge, NS4 7QD to", found: ["14 Larch Close, Northbridge, NS4 7QD|0|address"]),
        Case(text: "14 Larch Close Northbridge NS4 7QD", found: ["14 Larch Close Northbridge NS4 7QD|0|address"]),
        Case(text: "14 Larch Close,\nNorthbridge,\nNS4 7QD.", found: ["14 Larch Close,\nNorthbridge,\nNS4 7QD|0|address"]),
        Case(text: "14 Larch Close NS4 7QD", found: []),
        // Apostrophes in patterns match either apostrophe.
        Case(text: "Mr O'Neill and Mr O’Neill", found: ["O'Neill|7|name", "O’Neill|7|name"]),
        // Phones by normalised key, e-mail case-insensitively.
        Case(
            text: "+44 7700 900123, 07700-900-123, (07700) 900123, 07700 900124",
            found: ["+44 7700 900123|2|phone", "07700-900-123|2|phone", "(07700) 900123|2|phone"]),
        Case(text: "his number 07700 900456.", found: ["07700 900456|3|phone"]),
        Case(text: "077009001234", found: []),
        Case(text: "mail CLAIRE.TURNER@EXAMPLE.COM.", found: ["CLAIRE.TURNER@EXAMPLE.COM|2|email"]),
        Case(text: "mail xclaire.turner@example.com", found: []),
        // UTF-8: Latin-1 capitals fold, non-ASCII letters are part of words, ranges never split a character.
        Case(text: "ZOË BRONTË’s book", found: ["ZOË BRONTË|5|name"]),
        Case(text: "zoë brontë", found: ["zoë brontë|5|name"]),
        Case(text: "Zoë Brontëx and éLeo", found: []),
        // Diacritics are folded both ways.
        Case(text: "Zoe Bronte and ZOË BRONTË", found: ["Zoe Bronte|5|name", "ZOË BRONTË|5|name"]),
        Case(text: "«Leo» “Mimi” — Maisie…", found: ["Leo|1|alias", "Mimi|0|alias", "Maisie|0|alias"]),
        Case(text: "Leo😀 Mimi", found: ["Leo|1|alias", "Mimi|0|alias"]),
    ]

    @Test(arguments: cases) func matches(_ testCase: Case) {
        #expect(Self.found(testCase.text) == testCase.found)
    }

    @Test func sharedPatternsReportTheFirstParty() {
        let found = Self.found("14 Larch Close, Northbridge, NS4 7QD")
        #expect(found == ["14 Larch Close, Northbridge, NS4 7QD|0|address"])
    }

    @Test func keysAreNormalised() {
        let text = "Darren\nCole rang +44 7700 900456 from DAZC; CLAIRE.turner@example.com"
        let keys = DetectorHarness.scan(text, [Self.matcher]).map(\.key)
        #expect(keys == ["darren cole", "07700900456", "dazc", "claire.turner@example.com"])
    }

    @Test func rangesNeverSplitCharacters() {
        let text = "é Zoë Brontë’s, Darren’s, «Mimi», ÉMaisie Maisieé Maisie"
        let bytes = Array(text.utf8)
        let findings = DetectorHarness.scan(text, [Self.matcher])
        #expect(findings.count == 4)
        for finding in findings {
            #expect(bytes[finding.range.lowerBound] & 0xC0 != 0x80)
            #expect(finding.range.upperBound == bytes.count || bytes[finding.range.upperBound] & 0xC0 != 0x80)
        }
    }

    @Test func emptyMatcherFindsNothing() {
        #expect(Self.found("Maisie Turner 07700 900123", PartyMatcher([])).isEmpty)
        let blank = PartyMatcher([.init(text: "  ", party: 0, field: .name), .init(text: "", party: 0, field: .email)])
        #expect(Self.found("Maisie Turner a@b.com", blank).isEmpty)
    }

    @Test func normalisedPatterns() {
        #expect(String(decoding: WordTrie.normalise("  T. Okafor "), as: UTF8.self) == "t okafor")
        #expect(
            String(decoding: WordTrie.normalise("14 Larch Close, Northbridge"), as: UTF8.self) == "14 larch close northbridge")
        #expect(String(decoding: WordTrie.normalise("O’Neill-Smith"), as: UTF8.self) == "o'neill smith")
        #expect(String(decoding: WordTrie.normalise("ZOË Wróblewska"), as: UTF8.self) == "zoe wroblewska")
        #expect(String(decoding: WordTrie.normalise("Jones'"), as: UTF8.self) == "jones")
    }
}
