import Foundation
import Testing

/// Ordinary input a new user gives, which once surprised: a negative region, the wrong file as a receipt, an
/// unclosed quote in a CSV, the store's own files or the agency's secrets named to `add`.
@Suite struct RealInputTests {
    static let flags = ["--description", "d", "--seized-by", "s", "--seized-from", "f"]

    @Test func aNegativeRegionIsRefusedWithTheRule() throws {
        let cli = try BadInputTests.caseWithOneExhibit()
        // Before: argument-parser read `-1,0,5,5` as an option and said "missing value for --region".
        try BadInputTests.expectRefused(
            cli, ["mark", "JD/1", "--file", "a.txt", "--region", "-1,0,5,5", "--reason", "r"], status: 2,
            "--region must be X,Y,W,H")
    }

    @Test func aFileThatIsNotAReceiptIsBadInput() throws {
        let cli = try BadInputTests.caseWithOneExhibit()
        let readme = try cli.write("README.md", "# Not a receipt\n")
        // Before: exit 1, as if a receipt had been forged.
        try BadInputTests.expectRefused(cli, ["receipt", "import", readme], status: 2, "is not a receipt")
    }

    @Test func anUnclosedQuoteInAPartyCSVIsNamedWithItsLine() throws {
        let cli = try CLIHarness.withCase()
        let csv = try cli.write(
            "people.csv",
            "name,role,aliases,dob,address,phone,email\nAnna Nowak,child,,,,,\n\"Tom \"\"T\"\" Baker,witness,,,,,\n")
        // Before: "expected 7 fields, found 1".
        try BadInputTests.expectRefused(cli, ["party", "import", csv], status: 2, "people.csv:3: a quoted field opened")
        let multiline = try cli.write(
            "multi.csv", "name,role,aliases,dob,address,phone,email\n\"Anna\nNowak\",child,,,,,\nTom,witness,,\n")
        // The row after a quoted line break is reported on the line it starts on.
        try BadInputTests.expectRefused(cli, ["party", "import", multiline], status: 2, "multi.csv:4: expected 7 fields")
    }

    @Test func addRefusesTheStoreItselfAndAnythingInsideIt() throws {
        let cli = try BadInputTests.caseWithOneExhibit()
        for path in [".exhibit/objects", ".exhibit", ".exhibit/case.sqlite", cli.store + "/objects/"] {
            // Before: `add .exhibit/objects` registered the store's own objects.
            try BadInputTests.expectRefused(
                cli, ["add", path, "--ref", "ST/1"] + Self.flags, status: 2, "inside the case store")
        }
    }

    @Test func addRefusesTheAgencyKeyAndPassphraseUnlessAsked() throws {
        let cli = try CLIHarness.withCase()
        try cli.write("evidence/note.txt", "a note")
        try cli.write("evidence/suspect.pem", "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n")
        // The root holds keys/agency.key, passphrase.txt, evidence/ and the case folder with its store.
        let run = try cli.run(["add", cli.root.path, "--ref", "ALL/1", "--json"] + Self.flags)
        #expect(run.status == 0, "\(run.stderr)")
        let output = try #require(try run.json() as? [String: Any])
        let taken = Set(((output["files"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String })
        let refused = ((output["refused"] as? [[String: Any]]) ?? []).map {
            (($0["path"] as? String) ?? "", ($0["reason"] as? String) ?? "")
        }
        // Before: agency.key and passphrase.txt were taken in.
        #expect(!taken.contains("agency.key") && !taken.contains("passphrase.txt") && !taken.contains("suspect.pem"))
        #expect(taken.contains("note.txt") && taken.contains("agency.crt"))
        #expect(refused.contains { $0.0.hasSuffix("keys/agency.key") && $0.1.contains("--include-keys") })
        #expect(refused.contains { $0.0.hasSuffix("passphrase.txt") && $0.1.contains("passphrase") })
        #expect(refused.contains { $0.0.hasSuffix("suspect.pem") && $0.1.contains("PEM private key") })
        #expect(refused.contains { $0.0.hasSuffix("case/.exhibit") })

        let included = try cli.run(
            ["add", cli.path("evidence"), "--ref", "KEY/1", "--include-keys", "--json"] + Self.flags)
        #expect(included.status == 0, "\(included.stderr)")
        let files = try #require(try included.json() as? [String: Any])["files"] as? [[String: Any]]
        #expect(Set((files ?? []).compactMap { $0["name"] as? String }) == ["note.txt", "suspect.pem"])
        #expect(try cli.run(["verify"]).status == 0)
    }

    /// Before: export of a non-ASCII name crashed (libarchive under the C locale), and an NFD name became NFC.
    @Test func nonASCIIAndNFDNamesSurviveExportAndReceiveUnchanged() throws {
        let cli = try CLIHarness.withCase()
        let names = ["caf\u{E9}.txt", "cafe\u{301}.txt", "Zeznanie \u{15B}wiadka.txt", "\u{540D}\u{524D}.txt"]
        for name in names { try cli.write("case/names/\(name)", "content of \(name)") }
        try cli.expectSuccess(["add", "names", "--ref", "N/1", "--category", "document"] + Self.flags)
        let files = try Self.sharedWithSelf(cli, "N/1")
        let got = Set(files.compactMap { ($0["name"] as? String).map { Array($0.utf8) } })
        #expect(got == Set(names.map { Array($0.utf8) }), "\(files.compactMap { $0["name"] })")
    }

    /// Exports exhibit `ref` under police-to-cps to the case's own agency, receives it with `--import` and returns
    /// the imported exhibit's files as `show --json` lists them.
    static func sharedWithSelf(_ cli: CLIHarness, _ ref: String) throws -> [[String: Any]] {
        try cli.expectSuccess(["partners", "add", cli.certificate, "--name", "Self", "--id", "self"])
        let bundle = cli.path("shared.exhibit")
        try cli.expectSuccess(["export", "--policy", "police-to-cps", "--to", "self", "--purpose", "p", "--out", bundle])
        let received = try cli.run(["receive", bundle, "--import"])
        #expect(received.status == 0, "\(received.stdout) \(received.stderr)")
        let shown = try #require(try cli.expectSuccess(["show", "self:\(ref)", "--json"]).json() as? [String: Any])
        return (shown["files"] as? [[String: Any]]) ?? []
    }
}
