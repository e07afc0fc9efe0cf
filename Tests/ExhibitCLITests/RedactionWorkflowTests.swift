import Foundation
import Testing

/// Parties, marks and redaction with the real binary on the fictional Samples case.
@Suite struct RedactionWorkflowTests {
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Samples").path

    /// The Samples case registered, with its people recorded and a region marked.
    static func samplesCase() throws -> CLIHarness {
        let cli = try CLIHarness.withCase()
        let flags = ["--seized-by", "PC 2231 Ali Khan", "--seized-from", "Claire Turner (mother)"]
        try cli.expectSuccess(
            [
                "add", "\(samples)/screenshots", "--ref", "PS/1", "--category", "screenshot", "--description",
                "Screenshots of Maisie's chat with DazC",
            ] + flags)
        try cli.expectSuccess(
            ["add", "\(samples)/photos", "--ref", "PS/2", "--category", "photo", "--description", "Photos"] + flags)
        try cli.expectSuccess(
            [
                "add", "\(samples)/chat-export/whatsapp-maisie-jade.txt", "--ref", "PS/3", "--category", "chat-export",
                "--description", "Chat between Maisie and Jade Wilson",
            ] + flags)
        try cli.expectSuccess(
            [
                "add", "\(samples)/email/referral-2026-11-19.eml", "--ref", "RP/1", "--category", "email", "--description",
                "Referral from the school",
            ] + flags)
        try cli.expectSuccess(
            [
                "add", "\(samples)/notes/sw-contemporaneous-note-2026-11-20.txt", "--ref", "SW/1", "--category", "note",
                "--description", "Home visit note by Tom Okafor",
            ] + flags)
        try cli.expectSuccess(
            [
                "add", "\(samples)/documents/school-attendance.pdf", "--ref", "RP/2", "--category", "document", "--description",
                "Attendance record",
            ] + flags)
        try cli.expectSuccess(["party", "import", "\(samples)/parties.csv"])
        try cli.expectSuccess([
            "mark", "PS/1", "--file", "chat-01.png", "--region", "0,0,1170,200", "--reason", "status bar shows the phone's owner",
        ])
        return cli
    }

    static func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    /// The output file of the first item of `ref`, from the run's redactions.json.
    static func output(of ref: String, in folder: String) throws -> String {
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(folder)/redactions.json")))
                as? [String: Any])
        let items = try #require(report["items"] as? [[String: Any]])
        let item = try #require(items.first { ($0["ref"] as? String) == ref })
        return "\(folder)/\(try #require(item["output"] as? String))"
    }

    @Test func partiesAreListedWithPseudonymsAndBadPartiesAreRefused() throws {
        let cli = try CLIHarness.withCase()
        try cli.expectSuccess([
            "party", "add", "--name", "Jade Wilson", "--role", "witness", "--alias", "Jade", "--dob", "09/10/2013",
        ])
        try cli.expectSuccess(["party", "add", "--name", "Sam Brook", "--role", "witness"])
        let listed = try #require(try cli.expectSuccess(["party", "list", "--json"]).json() as? [[String: Any]])
        #expect(listed.map { $0["pseudonym"] as? String } == ["[WITNESS-1]", "[WITNESS-2]"])
        #expect(listed.first?["dob"] as? String == "2013-10-09")
        let badRole = try cli.run(["party", "add", "--name", "X", "--role", "neighbour"])
        #expect(badRole.status == 2 && badRole.stderr.contains("is not a role"))
        let badDate = try cli.run(["party", "add", "--name", "X", "--role", "witness", "--dob", "31/02/2013"])
        #expect(badDate.status == 2 && badDate.stderr.contains("is not a date"))
        let twice = try cli.run(["party", "add", "--name", "jade wilson", "--role", "witness"])
        #expect(twice.status == 2 && twice.stderr.contains("already recorded"))
        #expect(try cli.run(["verify"]).status == 0)
    }

    @Test func marksAreCheckedAgainstTheImage() throws {
        let cli = try Self.samplesCase()
        let outside = try cli.run(["mark", "PS/1", "--file", "chat-02.png", "--region", "1100,2500,100,100", "--reason", "r"])
        #expect(outside.status == 2 && outside.stderr.contains("extends beyond the 1170x2532 image"))
        let notImage = try cli.run(["mark", "PS/3", "--file", "whatsapp-maisie-jade.txt", "--region", "0,0,1,1", "--reason", "r"])
        #expect(notImage.status == 2 && notImage.stderr.contains("PNG, JPEG and HEIC pictures only"))
        let malformed = try cli.run(["mark", "PS/1", "--file", "chat-02.png", "--region", "0,0,-5,1", "--reason", "r"])
        #expect(malformed.status == 2)
        let huge = try cli.run([
            "mark", "PS/1", "--file", "chat-02.png", "--region", "9223372036854775807,0,1,1", "--reason", "r",
        ])
        #expect(huge.status == 2 && huge.stderr.contains("extends beyond"), "\(huge.stderr)")
        let history = try #require(try cli.expectSuccess(["history", "PS/1", "--json"]).json() as? [[String: Any]])
        #expect(history.compactMap { ($0["entry"] as? [String: Any])?["action"] as? String } == ["registered", "marked"])
    }

    @Test func previewWritesNothingAndShowsMaskedContext() throws {
        let cli = try Self.samplesCase()
        let before = try cli.snapshot()
        let run = try cli.expectSuccess(["redact", "PS/3", "SW/1", "--policy", "disclosure-to-parents", "--preview", "--json"])
        #expect(try cli.snapshot() == before)
        let outcome = try #require(try run.json() as? [String: Any])
        let items = try #require(outcome["items"] as? [[String: Any]])
        let chat = try #require(items.first { ($0["ref"] as? String) == "PS/3" })
        let rules = try #require(chat["rules"] as? [String: Int])
        #expect((rules["uk-phone"] ?? 0) >= 3)
        #expect((rules["party:witness"] ?? 0) >= 1)
        let samples = (chat["samples"] as? [String: [String]]) ?? [:]
        #expect(samples["uk-phone"]?.first?.contains("[PHONE]") == true)
        let everything = run.stdout
        for secret in ["07700 900789", "Jade Wilson", "NS4 7QD", "Harbour Row"] {
            #expect(!everything.contains(secret), "the preview shows \(secret)")
        }
    }

    @Test func aFileNameThatNamesSomeoneTheRecipientMayNotKnowIsNumbered() throws {
        let cli = try Self.samplesCase()
        let names = ["SandraPike_statement.txt", "sandra-pike.txt", "notes.from.SANDRA.PIKE.txt", "visit-notes.txt"]
        for name in names { try cli.write("informant/\(name)", Data("A note.\n".utf8)) }
        try cli.expectSuccess(
            [
                "add", cli.path("informant"), "--ref", "PS/9", "--category", "note", "--description", "Notes",
                "--seized-by", "PC 2231 Ali Khan", "--seized-from", "school",
            ])
        // Police to children's services lets file names travel but never the informant's name.
        try cli.expectSuccess(["redact", "--policy", "police-to-childrens-services", "--out", cli.path("to-csc")])
        let written = try #require(FileManager.default.subpaths(atPath: cli.path("to-csc/PS-9"))).filter { $0.hasSuffix(".txt") }
        #expect(written.count == names.count)
        #expect(written.contains("informant/visit-notes.txt"))
        for name in written { #expect(!name.lowercased().contains("sandra") && !name.lowercased().contains("pike"), "\(name)") }
        #expect(written.filter { $0.hasPrefix("file-") }.count == 3)
        let report = try Self.read(cli.path("to-csc/redactions.json")).lowercased()
        #expect(report.contains("visit-notes.txt") && !report.contains("sandra") && !report.contains("pike"))
    }

    @Test func twoPoliciesProduceDifferentDisclosuresWithProvenance() throws {
        let cli = try Self.samplesCase()
        try cli.expectSuccess(["redact", "--policy", "police-to-childrens-services", "--out", cli.path("to-csc")])
        try cli.expectSuccess(["redact", "--policy", "disclosure-to-parents", "--out", cli.path("to-parent")])

        let csc = try Self.read(cli.path("to-csc/SW-1/sw-contemporaneous-note-2026-11-20.txt"))
        // This policy does not let file names travel: outputs are numbered.
        let parent = try Self.read(try Self.output(of: "SW/1", in: cli.path("to-parent")))
        // Police to CSC keeps the family's details but never the informant.
        #expect(csc.contains("Claire Turner") && csc.contains("NS4 7QD"))
        #expect(!csc.contains("Sandra Pike"))
        // The parent sees no refuge address, no location, no other child, witness or informant.
        for secret in ["Harbour Row", "NS9 2LP", "NS4 7QD", "Larch Close", "Sandra Pike", "Leo", "Jade Wilson", "0113 496 0500"] {
            #expect(!parent.contains(secret), "disclosure to a parent contains \(secret)")
        }
        #expect(parent.contains("Maisie"))

        // No imagery goes to a parent, and no document: the PDF is withheld.
        #expect(!FileManager.default.fileExists(atPath: cli.path("to-parent/PS-1")))
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: cli.path("to-parent/redactions.json"))))
                as? [String: Any])
        let items = try #require(report["items"] as? [[String: Any]])
        let pdf = try #require(items.first { ($0["ref"] as? String) == "RP/2" })
        #expect(pdf["treatment"] as? String == "withhold")
        #expect((report["policy"] as? [String: Any])?["id"] as? String == "disclosure-to-parents")
        let reportText = try Self.read(cli.path("to-parent/redactions.json"))
        for secret in ["Harbour Row", "Sandra Pike", "07700 900789", "Jade Wilson"] { #expect(!reportText.contains(secret)) }

        // The burned region reached the CSC copy; the ledger records both runs; verify checks provenance.
        let history = try #require(try cli.expectSuccess(["history", "--json"]).json() as? [[String: Any]])
        let redactions = history.compactMap { $0["entry"] as? [String: Any] }.filter { ($0["action"] as? String) == "redacted" }
        #expect(redactions.count == 2)
        let policy =
            ((redactions.first?["details"] as? [String: Any])?["redaction"] as? [String: Any])?["policy"] as? [String: Any]
        #expect(policy?["id"] as? String == "police-to-childrens-services")
        #expect((policy?["sha256"] as? String)?.count == 64)
        let verified = try cli.run(["verify", "--json"])
        #expect(verified.status == 0, "\(verified.stdout)")
    }

    @Test func pseudonymsAreConsistentAcrossFiles() throws {
        let cli = try CLIHarness.withCase()
        try cli.write("e/one.txt", "Jade Wilson saw it. Later jade wilson's mum rang.\n")
        try cli.write("e/two.txt", "Statement taken from Jade\nWilson and from Sam Brook.\n")
        try cli.expectSuccess([
            "add", cli.path("e"), "--ref", "W/1", "--category", "note", "--description", "notes", "--seized-by", "s",
            "--seized-from", "f",
        ])
        try cli.expectSuccess(["party", "add", "--name", "Sam Brook", "--role", "witness"])
        try cli.expectSuccess(["party", "add", "--name", "Jade Wilson", "--role", "witness"])
        try cli.expectSuccess(["redact", "--policy", "police-to-childrens-services", "--out", cli.path("out")])
        let one = try Self.read(cli.path("out/W-1/e/one.txt"))
        let two = try Self.read(cli.path("out/W-1/e/two.txt"))
        #expect(one == "[WITNESS-2] saw it. Later [WITNESS-2]'s mum rang.\n")
        #expect(two == "Statement taken from [WITNESS-2] and from [WITNESS-1].\n")
    }

    @Test func aMarkCoversEveryCopyOfThePicture() throws {
        let cli = try Self.samplesCase()
        try cli.expectSuccess([
            "add", "\(Self.samples)/screenshots/chat-01.png", "--ref", "RP/9", "--category", "screenshot", "--description",
            "copy",
            "--seized-by", "s", "--seized-from", "school",
        ])
        try cli.expectSuccess(["redact", "PS/1", "RP/9", "--policy", "police-to-childrens-services", "--out", cli.path("out")])
        let first = try Data(contentsOf: URL(fileURLWithPath: cli.path("out/PS-1/screenshots/chat-01.png")))
        let second = try Data(contentsOf: URL(fileURLWithPath: cli.path("out/RP-9/chat-01.png")))
        let original = try Data(contentsOf: URL(fileURLWithPath: "\(Self.samples)/screenshots/chat-01.png"))
        #expect(first == second)
        #expect(first != original)
    }

    @Test func derivedProvenanceTamperingIsFound() throws {
        let cli = try Self.samplesCase()
        try cli.expectSuccess(["redact", "SW/1", "--policy", "disclosure-to-parents", "--out", cli.path("out")])
        try cli.sql("UPDATE derivation SET policy_id = 'police-to-cps'")
        let run = try cli.run(["verify", "--json"])
        #expect(run.status == 1)
        #expect(run.stdout.contains("derived object") && run.stdout.contains("differs from the ledger"))
    }

    @Test func theOutputFolderMustBeNew() throws {
        let cli = try Self.samplesCase()
        try cli.write("busy/keep.txt", "someone else's file")
        let run = try cli.run(["redact", "--policy", "police-to-cps", "--out", cli.path("busy")])
        #expect(run.status == 2 && run.stderr.contains("not an empty folder"))
        #expect(try cli.run(["redact", "--policy", "police-to-cps"]).status == 2)
        #expect(try cli.run(["redact", "--policy", "police-to-cps", "--preview", "--out", cli.path("x")]).status == 2)
        #expect(try cli.run(["redact", "--policy", "no-such-policy", "--preview"]).status == 2)
        #expect(try cli.run(["redact", "XX/9", "--policy", "police-to-cps", "--preview"]).status == 2)
    }

    @Test func unsupportedAndDamagedFilesAreWithheldNeverShared() throws {
        let cli = try CLIHarness.withCase()
        try cli.write("e/clip.gif", Data("GIF89a-not-really".utf8))
        var broken = Array(try Data(contentsOf: URL(fileURLWithPath: "\(Self.samples)/photos/IMG_0412.jpg")))
        broken = Array(broken.prefix(broken.count / 2))
        try cli.write("e/broken.jpg", Data(broken))
        try cli.write("e/latin1.txt", Data([0x43, 0x61, 0x66, 0xE9, 0x0A]))
        try cli.expectSuccess([
            "add", cli.path("e"), "--ref", "X/1", "--category", "screenshot", "--description", "d", "--seized-by", "s",
            "--seized-from", "f",
        ])
        try cli.expectSuccess(["redact", "--policy", "police-to-childrens-services", "--out", cli.path("out")])
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: cli.path("out/redactions.json"))))
                as? [String: Any])
        let items = try #require(report["items"] as? [[String: Any]])
        #expect(items.count == 3)
        for item in items {
            #expect(item["treatment"] as? String == "withhold", "\(item)")
            #expect(item["output"] == nil)
        }
        let written = try FileManager.default.subpathsOfDirectory(atPath: cli.path("out")).filter {
            !$0.hasSuffix("redactions.json")
        }
        #expect(written.allSatisfy { !$0.contains(".") || $0.hasSuffix("X-1") || $0 == "X-1/e" }, "\(written)")
        #expect(
            !written.contains { $0.hasSuffix(".gif") || $0.hasSuffix(".jpg") || $0.hasSuffix(".txt") || $0.hasSuffix(".part") })
    }
}
