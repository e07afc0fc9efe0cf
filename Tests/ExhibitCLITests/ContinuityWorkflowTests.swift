import Foundation
import Testing

/// The officer's workflow, end to end with the real binary: keys, init, add, custody events, history,
/// verify, checkpoints checked with the stock openssl tool.
@Suite struct ContinuityWorkflowTests {
    @Test func keysAreEncryptedPrivateAndReadableByOpenSSL() throws {
        let cli = try CLIHarness()
        let run = try cli.expectSuccess([
            "keys", "generate", "--agency", "Leeds Children's Social Care", "--out", cli.path("k/leeds"),
        ])
        #expect(run.stdout.contains("SHA-256 fingerprint:"))
        let attributes = try FileManager.default.attributesOfItem(atPath: cli.path("k/leeds.key"))
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let pem = try String(contentsOfFile: cli.path("k/leeds.key"), encoding: .utf8)
        #expect(pem.hasPrefix("-----BEGIN ENCRYPTED PRIVATE KEY-----"))
        #expect(!run.stdout.contains("PRIVATE KEY") && !run.stderr.contains("PRIVATE KEY"))
        let passphrase = try #require(cli.environment["EXHIBIT_PASSPHRASE_FILE"])
        let opened = try runTool("openssl", ["pkey", "-in", cli.path("k/leeds.key"), "-passin", "file:\(passphrase)", "-noout"])
        #expect(opened.status == 0, "openssl cannot open the key: \(opened.output)")
        let parsed = try runTool("openssl", ["asn1parse", "-in", cli.path("k/leeds.key")])
        #expect(parsed.output.contains("id-scrypt") || parsed.output.contains("scrypt"))
        let shown = try cli.expectSuccess(["keys", "show", cli.path("k/leeds.crt"), "--json"])
        let json = try #require(try shown.json() as? [String: Any])
        #expect((json["subject"] as? String)?.contains("Leeds Children's Social Care") == true)
        let fingerprint = try runTool("openssl", ["x509", "-in", cli.path("k/leeds.crt"), "-noout", "-fingerprint", "-sha256"])
        #expect(fingerprint.output.contains(try #require(json["fingerprintDisplay"] as? String)))
    }

    @Test(arguments: ["p256", "p384", "rsa3072"])
    func everyKeyAlgorithmSignsCheckpointsOpenSSLAccepts(_ algorithm: String) throws {
        let cli = try CLIHarness.withCase(algorithm: algorithm)
        try cli.expectSuccess(["checkpoint", "--out", cli.path("cp")])
        let verified = try runTool(
            "openssl",
            [
                "cms", "-verify", "-binary", "-inform", "DER", "-in", cli.path("cp/checkpoint.txt.p7s"), "-content",
                cli.path("cp/checkpoint.txt"), "-certfile", cli.path("cp/agency.crt"), "-CAfile", cli.path("cp/agency.crt"),
                "-purpose", "any", "-out", "/dev/null",
            ])
        #expect(verified.status == 0, "openssl cms -verify: \(verified.output)")
        let printed = try runTool(
            "openssl", ["cms", "-cmsout", "-print", "-inform", "DER", "-in", cli.path("cp/checkpoint.txt.p7s")])
        #expect(printed.output.contains("signingCertificateV2") || printed.output.contains("id-smime-aa-signingCertificateV2"))
        if algorithm == "rsa3072" { #expect(printed.output.contains("rsassaPss")) }
    }

    @Test func registerTransferNoteHistoryVerify() throws {
        let cli = try CLIHarness.withCase()
        try cli.write(
            "evidence/screens/chat-01.png",
            Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 7, count: 5000)))
        try cli.write(
            "evidence/screens/chat-02.png",
            Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 9, count: 4000)))
        try cli.write("evidence/screens/notes.txt", "Seized from the mother's phone at 16:40.\n")
        try FileManager.default.createSymbolicLink(
            atPath: cli.path("evidence/screens/link-to-passwd"), withDestinationPath: "/etc/passwd")
        let added = try cli.expectSuccess([
            "add", cli.path("evidence/screens"), "--ref", "PS/1", "--description", "Screenshots of chat", "--seized-by",
            "PC 1234 Ali Khan", "--seized-from", "Claire Turner (mother)", "--seized-at", "2026-11-20T14:30:00+01:00",
            "--category", "screenshot", "--json",
        ])
        let addJSON = try #require(try added.json() as? [String: Any])
        let files = try #require(addJSON["files"] as? [[String: Any]])
        #expect(files.count == 3)
        let refused = try #require(addJSON["refused"] as? [[String: Any]])
        #expect(refused.count == 1)
        #expect((refused.first?["reason"] as? String)?.contains("symbolic link") == true)
        let png = try #require(files.first { ($0["name"] as? String) == "chat-01.png" })
        #expect(png["mime"] as? String == "image/png")
        let expected = try runTool("openssl", ["dgst", "-sha256", "-r", cli.path("evidence/screens/chat-01.png")])
        #expect(expected.output.hasPrefix(try #require(png["sha256"] as? String)))
        let md5 = try runTool("openssl", ["dgst", "-md5", "-r", cli.path("evidence/screens/chat-01.png")])
        #expect(md5.output.hasPrefix(try #require(png["md5"] as? String)))
        let sha1 = try runTool("openssl", ["dgst", "-sha1", "-r", cli.path("evidence/screens/chat-01.png")])
        #expect(sha1.output.hasPrefix(try #require(png["sha1"] as? String)))

        // The stored copy is read-only and byte-identical.
        let hash = try #require(png["sha256"] as? String)
        let object = cli.store + "/objects/sha256/\(hash.prefix(2))/\(hash.dropFirst(2))"
        #expect(FileManager.default.contentsEqual(atPath: object, andPath: cli.path("evidence/screens/chat-01.png")))
        #expect((try FileManager.default.attributesOfItem(atPath: object)[.posixPermissions] as? Int) == 0o444)

        // The same content again: a second registration, stored once.
        let again = try cli.expectSuccess([
            "add", cli.path("evidence/screens/chat-01.png"), "--ref", "PS/2", "--description", "Same screenshot from the school",
            "--seized-by", "DSL Mr Patel", "--seized-from", "Ashbrook Academy", "--json",
        ])
        let againJSON = try #require(try again.json() as? [String: Any])
        #expect(againJSON["storedObjects"] as? Int == 0)
        #expect(((againJSON["files"] as? [[String: Any]])?.first?["alsoIn"] as? [String]) == ["PS/1"])

        try cli.expectSuccess([
            "transfer", "PS/1", "--to", "DS 77 Jo Reed", "--reason", "for examination", "--location", "Exhibits store B",
        ])
        try cli.expectSuccess(["access", "PS/1", "--reason", "viewed for the strategy discussion", "--actor", "DS 77 Jo Reed"])
        try cli.expectSuccess(["note", "PS/1", "--text", "bag sealed, seal number NP123456"])

        let shown = try #require(try cli.expectSuccess(["show", "PS/1", "--json"]).json() as? [String: Any])
        #expect(shown["custodian"] as? String == "DS 77 Jo Reed")
        #expect(shown["location"] as? String == "Exhibits store B")
        #expect(shown["seizedAt"] as? String == "2026-11-20T13:30:00.000Z")

        let history = try #require(try cli.expectSuccess(["history", "PS/1", "--json"]).json() as? [[String: Any]])
        let actions = history.compactMap { ($0["entry"] as? [String: Any])?["action"] as? String }
        #expect(actions == ["registered", "transferred", "accessed", "note"])
        let accessed = try #require(history[2]["entry"] as? [String: Any])
        #expect((accessed["actor"] as? [String: Any])?["name"] as? String == "DS 77 Jo Reed")
        let registered = try #require(history[0]["entry"] as? [String: Any])
        #expect((registered["actor"] as? [String: Any])?["name"] as? String == CLIHarness.oic)

        let listed = try #require(try cli.expectSuccess(["list", "--json"]).json() as? [[String: Any]])
        #expect(listed.map { $0["ref"] as? String } == ["PS/1", "PS/2"])

        let verified = try cli.run(["verify", "--json"])
        #expect(verified.status == 0, "\(verified.stdout)")
        let report = try #require(try verified.json() as? [String: Any])
        #expect(report["entries"] as? Int == 6)
        #expect((report["problems"] as? [String])?.isEmpty == true)
    }

    @Test func actorComesFromFlagThenEnvironmentThenOIC() throws {
        let cli = try CLIHarness.withCase()
        try cli.write("e/a.txt", "a")
        try cli.expectSuccess([
            "add", cli.path("e/a.txt"), "--ref", "A/1", "--description", "d", "--seized-by", "s", "--seized-from", "f",
        ])
        cli.environment["EXHIBIT_ACTOR"] = "PC 99 Env Person"
        try cli.expectSuccess(["note", "A/1", "--text", "from the environment"])
        try cli.expectSuccess([
            "note", "A/1", "--text", "from the flag", "--actor", "PC 5 Flag Person", "--actor-role", "exhibits officer",
        ])
        let history = try #require(try cli.expectSuccess(["history", "A/1", "--json"]).json() as? [[String: Any]])
        let actors = history.compactMap { (($0["entry"] as? [String: Any])?["actor"] as? [String: Any])?["name"] as? String }
        #expect(actors == [CLIHarness.oic, "PC 99 Env Person", "PC 5 Flag Person"])
        let last = try #require((history.last?["entry"] as? [String: Any])?["actor"] as? [String: Any])
        #expect(last["role"] as? String == "exhibits officer")
        #expect(last["agency"] as? String == CLIHarness.agency)
    }

    @Test func consistencyProofShowsTheLedgerOnlyGrew() throws {
        let cli = try CLIHarness.withCase()
        try cli.write("e/a.txt", "a")
        try cli.expectSuccess([
            "add", cli.path("e/a.txt"), "--ref", "A/1", "--description", "d", "--seized-by", "s", "--seized-from", "f",
        ])
        let early = try #require(try cli.expectSuccess(["checkpoint", "--json"]).json() as? [String: Any])
        let earlySize = try #require(early["size"] as? Int)
        let earlyRoot = try #require(early["root"] as? String)
        for index in 1...5 { try cli.expectSuccess(["note", "A/1", "--text", "note \(index)"]) }
        let proof = try cli.expectSuccess(["prove", "--from-size", "\(earlySize)", "--from-root", earlyRoot, "--json"])
        let json = try #require(try proof.json() as? [String: Any])
        #expect(json["toSize"] as? Int == earlySize + 5)
        #expect(json["fromRoot"] as? String == earlyRoot)
        #expect(((json["proof"] as? [String]) ?? []).isEmpty == false)
        let wrongRoot = String(repeating: "ab", count: 32)
        let refused = try cli.run(["prove", "--from-size", "\(earlySize)", "--from-root", wrongRoot])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("do not have the root you hold"))
        #expect(try cli.run(["prove", "--from-size", "0"]).status == 2)
        #expect(try cli.run(["prove", "--from-size", "999"]).status == 2)
    }

    @Test func storeIsFoundFromSubfoldersAndByFlag() throws {
        let cli = try CLIHarness.withCase()
        let nested = cli.caseFolder.appendingPathComponent("working/deeper")
        try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
        #expect(try cli.run(["list"], in: nested).status == 0)
        #expect(try cli.run(["list", "--store", cli.caseFolder.path], in: cli.root).status == 0)
        #expect(try cli.run(["list"], in: cli.root, environment: ["EXHIBIT_STORE": cli.store]).status == 0)
    }

    @Test func addingTheCaseFolderNeverTakesInTheStoreItself() throws {
        let cli = try CLIHarness.withCase()
        try cli.write("case/evidence.txt", "evidence")
        let added = try cli.expectSuccess([
            "add", ".", "--ref", "X/1", "--description", "everything", "--seized-by", "s", "--seized-from", "f", "--json",
        ])
        let json = try #require(try added.json() as? [String: Any])
        #expect((json["files"] as? [[String: Any]])?.count == 1)
        #expect(((json["refused"] as? [[String: Any]]) ?? []).contains { ($0["reason"] as? String) == "the case store itself" })
        #expect(try cli.run(["verify"]).status == 0)
    }
}
