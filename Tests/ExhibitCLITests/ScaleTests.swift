import Foundation
import Testing

/// A phone extraction's shape in a debug build: an exhibit of many small files goes through add, export, receive,
/// verify and history; backups restore to stores that verify; verify can start from a checkpoint. (The 100,000 and
/// 500,000-file cases and the million-entry ledger are measured by `make bench` in a release build.)
@Suite(.serialized) struct ScaleTests {
    /// `count` small files in nested folders under `folder`.
    static func extraction(_ cli: CLIHarness, files count: Int, folder: String = "phone") throws {
        let root = cli.root.appendingPathComponent(folder)
        for index in 0..<count {
            let directory = root.appendingPathComponent("DCIM/\(index / 500)/\(index / 50 % 10)")
            if index % 50 == 0 { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) }
            try Data("message \(index) sent at 10:\(index % 60)\n".utf8).write(
                to: directory.appendingPathComponent("msg-\(index).txt"))
        }
    }

    @Test func anExhibitOfTwentyThousandFilesRoundTrips() throws {
        let police = try CLIHarness.withCase()
        let csc = try CLIHarness.withCase(agency: BundleTests.csc, oic: "Tom Okafor", caseRef: "NCSC-2026-0881")
        try police.expectSuccess(["partners", "add", csc.certificate, "--name", BundleTests.csc, "--id", "ncsc"])
        try csc.expectSuccess(["partners", "add", police.certificate, "--name", BundleTests.police, "--id", "np"])
        let count = 20_000
        try Self.extraction(police, files: count)
        try police.expectSuccess([
            "add", police.path("phone"), "--ref", "JD/1", "--description", "phone extraction", "--seized-by", "PC 1 Smith",
            "--seized-from", "the mother",
        ])
        let shown = try #require(try police.expectSuccess(["show", "JD/1", "--json"]).json() as? [String: Any])
        #expect(shown["fileCount"] as? Int == count)
        // The registration is entries of at most 1000 files, one commit, one checkpoint.
        let history = try police.expectSuccess(["history", "JD/1"]).stdout
        #expect(history.contains("\(count) file(s)") && history.contains("files 19001 to 20000 of the registration"))
        try police.expectSuccess(["verify"])
        let bundle = police.path("out/big.exhibit")
        try police.expectSuccess([
            "export", "--policy", "police-to-cps", "--to", "ncsc", "--purpose", "charging advice", "--out", bundle,
        ])
        // Entries stay bounded: the `exported` entry does not list 20,000 objects; the `redacted` entries recorded with
        // it (a part of at most 1,000 files each) name every file's source.
        let recorded = try #require(try police.expectSuccess(["history", "--json"]).json() as? [[String: Any]])
            .compactMap { $0["entry"] as? [String: Any] }
        let exported = try #require(recorded.last)
        #expect(exported["action"] as? String == "exported")
        #expect((exported["objects"] as? [String] ?? []).isEmpty)
        let parts = recorded.filter { $0["action"] as? String == "redacted" }
        let redactedItems = parts.compactMap {
            (($0["details"] as? [String: Any])?["redaction"] as? [String: Any])?["items"] as? [Any]
        }
        #expect(parts.count == count / 1000)
        #expect(redactedItems.allSatisfy { $0.count == 1000 })
        // The partner's stand-alone checker (no Exhibit) takes it too: its limits follow the signed bag-info as well.
        let checked = try PartnerCheckerTests.check([
            bundle, "--sender", police.certificate, "--cert", csc.certificate, "--key", csc.path("keys/agency.key"),
            "--passphrase-file", try #require(csc.environment["EXHIBIT_PASSPHRASE_FILE"]),
        ])
        #expect(checked.status == 0, "\(checked.output.suffix(2000))")
        let received = try csc.expectSuccess(["receive", bundle, "--import", "--json"])
        let verdict = try #require(try received.json() as? [String: Any])
        #expect((verdict["imported"] as? [String])?.count == 1, "\(received.stdout.prefix(2000))")
        let imported = try #require(try csc.expectSuccess(["list", "--json"]).json() as? [[String: Any]])
        #expect(imported.first?["fileCount"] as? Int == count)
        try csc.expectSuccess(["verify"])
        try police.expectSuccess(["verify"])
    }

    @Test func backupAndRestoreGiveStoresThatVerify() throws {
        let cli = try CLIHarness.withCase()
        try Self.extraction(cli, files: 300)
        try cli.expectSuccess([
            "add", cli.path("phone"), "--ref", "JD/1", "--description", "phone", "--seized-by", "PC 1 Smith", "--seized-from",
            "the mother",
        ])
        try cli.expectSuccess(["transfer", "JD/1", "--to", "DS 2 Jones", "--reason", "examination"])
        let backup = cli.path("backups/monday")
        let made = try #require(try cli.expectSuccess(["backup", "--out", backup, "--json"]).json() as? [String: Any])
        #expect(made["objects"] as? Int == 300)
        // A backup never overwrites.
        #expect(try cli.run(["backup", "--out", backup]).status == 2)
        let restored = cli.path("restored")
        try cli.expectSuccess(["restore", backup, "--store", restored])
        let report = try #require(try cli.expectSuccess(["verify", "--store", restored, "--json"]).json() as? [String: Any])
        #expect(report["entries"] as? Int == 3)
        #expect(try cli.expectSuccess(["history", "JD/1", "--store", restored]).stdout.contains("transferred"))
        #expect(try cli.run(["restore", backup, "--store", restored]).status == 2)
        // An altered object in the store is caught while copying; nothing appears at --out.
        let shown = try #require(try cli.expectSuccess(["show", "JD/1", "--json"]).json() as? [String: Any])
        let hash = try #require((shown["files"] as? [[String: Any]])?.first?["sha256"] as? String)
        let object = cli.store + "/objects/sha256/\(hash.prefix(2))/\(hash.dropFirst(2))"
        chmod(object, 0o644)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: object))
        bytes[0] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: object))
        let refused = try cli.run(["backup", "--out", cli.path("backups/tuesday")])
        #expect(refused.status == 1, "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cli.path("backups/tuesday")))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: cli.path("backups"))
        #expect(leftovers == ["monday"], "\(leftovers)")
    }

    @Test func verifyStartsFromACheckpointAndStillCatchesLaterTampering() throws {
        let cli = try CLIHarness.withCase()
        try Self.extraction(cli, files: 20)
        try cli.expectSuccess([
            "add", cli.path("phone"), "--ref", "JD/1", "--description", "phone", "--seized-by", "PC 1 Smith", "--seized-from",
            "the mother",
        ])
        let since = 2
        for index in 1...5 { try cli.expectSuccess(["note", "JD/1", "--text", "look \(index)"]) }
        let incremental = try #require(
            try cli.expectSuccess(["verify", "--since", String(since), "--json"]).json() as? [String: Any])
        #expect(incremental["entries"] as? Int == 7)
        try cli.sql("UPDATE ledger SET body = replace(body, 'look 4', 'look 9') WHERE seq = 6")
        let caught = try cli.run(["verify", "--since", String(since), "--json"])
        #expect(caught.status == 1)
        #expect(caught.stdout.contains("ledger entry 6"))
        // A size no checkpoint has: the pass cannot start, and says so (not that the store has no checkpoint).
        let unknown = try cli.run(["verify", "--since", "99"])
        #expect(unknown.status == 1)
        #expect(unknown.stdout.contains("there is no signed checkpoint of 99 entries"), "\(unknown.stdout)")
        #expect(!unknown.stdout.contains("the store has no signed checkpoint"), "\(unknown.stdout)")
    }
}
