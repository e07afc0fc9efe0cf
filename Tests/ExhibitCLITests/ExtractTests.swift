import Foundation
import Testing

/// `extract` and `receive --import --out`: copies under their names, checked and read-only, with a manifest
/// `sha256sum -c` accepts, recorded as one `extracted` entry; a tampered object stops it with nothing written.
@Suite struct ExtractTests {
    /// Every regular file under `folder`, relative, sorted.
    static func files(_ folder: String) -> [String] {
        let all = FileManager.default.enumerator(atPath: folder)?.allObjects as? [String] ?? []
        return all.filter { name in
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: at(folder, name), isDirectory: &isFolder) && !isFolder.boolValue
        }.sorted()
    }

    /// `folder/relative`.
    static func at(_ folder: String, _ relative: String) -> String { folder + "/" + relative }

    static func sha256(_ path: String) throws -> String {
        let result = try runTool("sha256sum", [path])
        return String(result.output.prefix(64))
    }

    static func history(_ cli: CLIHarness) throws -> [[String: Any]] {
        try #require(try cli.expectSuccess(["history", "--json"]).json() as? [[String: Any]]).compactMap {
            $0["entry"] as? [String: Any]
        }
    }

    @Test func receiveOutAndExtractGiveTheSharedFilesUnderTheirNames() throws {
        let pair = try BundleTests.pair()
        let shared = pair.csc.path("shared")
        let received = try pair.csc.run([
            "receive", pair.bundle, "--import", "--out", shared, "--report", pair.csc.path("report.html"), "--json",
        ])
        #expect(received.status == 0, "\(received.stderr)")
        let verdict = try #require(try received.json() as? [String: Any])
        #expect(verdict["extracted"] as? String == shared)
        let html = try String(contentsOfFile: pair.csc.path("report.html"), encoding: .utf8)
        #expect(html.contains("Copies of the shared files, under their names, are in <code>\(shared)</code>"))
        let copies = Self.files(shared)
        #expect(copies.contains("manifest-sha256.txt"))
        #expect(copies.contains { $0.hasPrefix("np-PS-1/") && $0.hasSuffix(".png") }, "\(copies)")
        #expect(copies.contains("np-SW-1/sw-contemporaneous-note-2026-11-20.txt"), "\(copies)")
        // Byte for byte what was received: each copy hashes to the SHA-256 registered for it.
        let show = try #require(try pair.csc.expectSuccess(["show", "np:SW/1", "--json"]).json() as? [String: Any])
        let registered = try #require((show["files"] as? [[String: Any]])?.first?["sha256"] as? String)
        #expect(try Self.sha256(Self.at(shared, "np-SW-1/sw-contemporaneous-note-2026-11-20.txt")) == registered)
        let check = try runTool("sha256sum", ["-c", "--strict", "manifest-sha256.txt"], in: URL(fileURLWithPath: shared))
        #expect(check.status == 0, "\(check.output)")
        #expect(!check.output.contains("FAILED"))
        let attributes = try FileManager.default.attributesOfItem(
            atPath: Self.at(shared, "np-SW-1/sw-contemporaneous-note-2026-11-20.txt"))
        #expect((attributes[.posixPermissions] as? Int) == 0o444)
        // The import and the copies are recorded together: the received entries, one extracted entry (and the
        // sender's checkpoint witnessed).
        let entries = try Self.history(pair.csc)
        let last = try #require(entries.last { $0["action"] as? String == "extracted" })
        #expect(last["action"] as? String == "extracted")
        #expect((last["exhibits"] as? [String])?.contains("np:SW/1") == true)
        let details = try #require((last["details"] as? [String: Any])?["extraction"] as? [String: Any])
        #expect(details["destination"] as? String == shared)
        #expect(details["fileCount"] as? Int == copies.count - 1)
        #expect(entries.filter { $0["action"] as? String == "extracted" }.count == 1)

        // Later, one exhibit again, with a reason: the same bytes, one more entry.
        let again = pair.csc.path("opened")
        let extract = try pair.csc.run([
            "extract", "np:SW/1", "--out", again, "--reason", "child in need meeting", "--json",
        ])
        #expect(extract.status == 0, "\(extract.stderr)")
        #expect(
            try Self.sha256(Self.at(again, "np-SW-1/sw-contemporaneous-note-2026-11-20.txt"))
                == Self.sha256(Self.at(shared, "np-SW-1/sw-contemporaneous-note-2026-11-20.txt")))
        let after = try Self.history(pair.csc)
        #expect(after.count == entries.count + 1)
        #expect(after.last?["action"] as? String == "extracted" && after.last?["reason"] as? String == "child in need meeting")
        #expect(try pair.csc.run(["verify"]).status == 0)
        // The continuity statement and the processing log show it as a disclosure.
        let continuity = try pair.csc.expectSuccess(["report", "continuity", "np:SW/1", "--format", "text"]).stdout
        #expect(continuity.contains("took copies of its files out of the store"), "\(continuity)")
    }

    @Test func anExtractionNeverTravelsToAPartnerInFull() throws {
        let police = try RedactionWorkflowTests.samplesCase()
        let folder = police.path("opened-for-review")
        try police.expectSuccess(["extract", "PS/1", "--out", folder, "--reason", "review before the strategy meeting"])
        let csc = try CLIHarness.withCase(agency: BundleTests.csc, oic: "Tom Okafor", caseRef: "NCSC-2026-0881")
        try police.expectSuccess(["partners", "add", csc.certificate, "--name", BundleTests.csc, "--id", "ncsc"])
        try csc.expectSuccess(["partners", "add", police.certificate, "--name", BundleTests.police, "--id", "np"])
        let bundle = police.path("out/b.exhibit")
        try police.expectSuccess([
            "export", "--policy", "police-to-childrens-services", "--to", "ncsc", "--purpose", "strategy", "--out", bundle,
        ])
        let report = csc.path("report.html")
        try csc.expectSuccess(["receive", bundle, "--report", report])
        let html = try String(contentsOfFile: report, encoding: .utf8)
        #expect(!html.contains("opened-for-review") && !html.contains("review before the strategy meeting"))
        #expect(html.contains("(details not shared under this policy)"))
    }

    @Test func aTamperedObjectIsRefusedAndNothingIsWritten() throws {
        let cli = try CLIHarness.withCase()
        let evidence = try cli.write("evidence/note.txt", "the original words\n")
        try cli.expectSuccess([
            "add", evidence, "--ref", "JD/1", "--description", "a note", "--seized-by", "PC 1", "--seized-from", "home",
        ])
        let objects = Self.files(cli.store + "/objects").filter { $0.hasPrefix("sha256/") }
        let object = try #require(objects.first.map { Self.at(cli.store + "/objects", $0) })
        chmod(object, 0o644)
        let handle = try #require(FileHandle(forUpdatingAtPath: object))
        try handle.seek(toOffset: 4)
        let original = try #require(try handle.read(upToCount: 1))
        try handle.seek(toOffset: 4)
        try handle.write(contentsOf: Data([original[0] ^ 0x01]))
        try handle.close()
        let before = try cli.snapshot()
        let out = cli.path("out")
        let result = try cli.run(["extract", "JD/1", "--out", out])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("no longer matches its registered SHA-256"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect((try? FileManager.default.contentsOfDirectory(atPath: cli.root.path))?.contains { $0.contains(".part") } != true)
        #expect(try cli.snapshot() == before)
    }

    @Test func namesAreMadeSafeAndCollisionsKeptApart() throws {
        let cli = try CLIHarness.withCase()
        try cli.write("evidence/Report.txt", "upper\n")
        try cli.write("evidence/report.txt", "lower\n")
        try cli.write("evidence/bell\u{7}name\u{202E}txt.exe", "control\n")
        try cli.expectSuccess([
            "add", cli.path("evidence"), "--ref", "JD/1", "--description", "files", "--seized-by", "PC 1", "--seized-from",
            "home",
        ])
        let out = cli.path("out")
        try cli.expectSuccess(["extract", "JD/1", "--out", out])
        let copies = Self.files(out)
        #expect(copies.contains("JD-1/evidence/bell_name_txt.exe"), "\(copies)")
        // Report.txt and report.txt would be one file on a case-insensitive disk: the second gets a number.
        #expect(copies.filter { $0.lowercased() == "jd-1/evidence/report.txt" }.count == 1, "\(copies)")
        #expect(copies.filter { $0.lowercased() == "jd-1/evidence/report (2).txt" }.count == 1, "\(copies)")
        let check = try runTool("sha256sum", ["-c", "--strict", "manifest-sha256.txt"], in: URL(fileURLWithPath: out))
        #expect(check.status == 0, "\(check.output)")
    }

    @Test func theFolderRulesAndUsageAreChecked() throws {
        let cli = try CLIHarness.withCase()
        let evidence = try cli.write("evidence/note.txt", "words\n")
        try cli.expectSuccess([
            "add", evidence, "--ref", "JD/1", "--description", "a note", "--seized-by", "PC 1", "--seized-from", "home",
        ])
        _ = try cli.write("busy/already.txt", "x")
        let before = try cli.snapshot()
        let refusals: [([String], String)] = [
            (["extract", "JD/1", "--out", cli.path("busy")], "not an empty folder"),
            (["extract", "JD/1", "--out", "-"], "standard output"),
            (["extract", "JD/9", "--out", cli.path("new")], "no exhibit JD/9"),
            (["extract", "--out", cli.path("new")], "name the exhibits"),
            (["extract", "JD/1", "--out", cli.store + "/inside"], "inside the case store"),
            (["receive", cli.path("none.exhibit"), "--out", cli.path("new")], "--out goes with --import"),
            (
                ["export", "--policy", "police-to-childrens-services", "--to", "x", "--purpose", "p", "--out", "-"],
                "standard output"
            ),
            (["receive", "-"], "standard input"),
            (
                ["add", "-", "--ref", "JD/2", "--description", "d", "--seized-by", "s", "--seized-from", "f"],
                "standard input"
            ),
        ]
        for (arguments, message) in refusals {
            let result = try cli.run(arguments)
            #expect(result.status == 2 && result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: cli.path("new")))
        #expect(try cli.snapshot() == before)
        // An empty folder is fine.
        try FileManager.default.createDirectory(atPath: cli.path("empty"), withIntermediateDirectories: true)
        try cli.expectSuccess(["extract", "JD/1", "--out", cli.path("empty")])
        #expect(Self.files(cli.path("empty")) == ["JD-1/note.txt", "manifest-sha256.txt"])
    }
}
