import Foundation
import Testing

/// Known-image hash lists (issue 14): imported with the line of any malformed entry named, recorded in the ledger
/// (never the digests), every exhibit held rescanned, intake checked, and a file on a list never appears in a
/// bundle, a redaction output, a preview, a review page or a receive report.
@Suite struct HashListTests {
    static let samples = RedactionWorkflowTests.samples
    static let unrelated = "0123456789abcdef0123456789abcdef"
    static let flags = ["--seized-by", "PC 2231 Ali Khan", "--seized-from", "Claire Turner (mother)"]

    /// A case holding the two sample photos (PH/1) and the social worker's note (SW/1).
    static func photoCase(agency: String = CLIHarness.agency, caseRef: String = "CRN 13/123456/26") throws -> CLIHarness {
        let cli = try CLIHarness.withCase(agency: agency, caseRef: caseRef)
        try cli.expectSuccess(
            ["add", "\(samples)/photos", "--ref", "PH/1", "--category", "photo", "--description", "Photos"] + flags)
        try cli.expectSuccess(
            [
                "add", "\(samples)/notes/sw-contemporaneous-note-2026-11-20.txt", "--ref", "SW/1", "--category", "note",
                "--description", "Home visit note",
            ] + flags)
        return cli
    }

    /// The digests of the planted photo (IMG_0412.jpg) as the store holds them.
    static func planted(_ cli: CLIHarness) throws -> (md5: String, sha1: String, sha256: String) {
        let shown = try #require(try cli.expectSuccess(["show", "PH/1", "--json"]).json() as? [String: Any])
        let files = try #require(shown["files"] as? [[String: Any]])
        let file = try #require(files.first { $0["name"] as? String == "IMG_0412.jpg" })
        return (
            try #require(file["md5"] as? String), try #require(file["sha1"] as? String), try #require(file["sha256"] as? String)
        )
    }

    /// Every regular file under `folder`, by SHA-256.
    static func hashes(under folder: String) throws -> Set<String> {
        var found = Set<String>()
        for relative in (FileManager.default.enumerator(atPath: folder)?.allObjects as? [String]) ?? [] {
            let path = folder + "/" + relative
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
                continue
            }
            let digest = try runTool("sha256sum", [path]).output
            found.insert(String(digest.prefix(64)))
        }
        return found
    }

    static func actions(_ cli: CLIHarness) throws -> [[String: Any]] {
        let history = try #require(try cli.expectSuccess(["history", "--json"]).json() as? [[String: Any]])
        return history.compactMap { $0["entry"] as? [String: Any] }
    }

    @Test func malformedListsAreRefusedNamingFileAndLine() throws {
        let cli = try CLIHarness.withCase()
        let good = String(repeating: "a", count: 32)
        for (text, line, fragment) in [
            ("\(good)\nnot-a-digest\n", 2, "not a hex digest"),
            ("# comment\n\n\(good)\n\(String(repeating: "b", count: 33))\n", 4, "not a hex digest"),
            ("md5,category\n\(good),A\n\(good),D\n", 3, "category must be A, B or C"),
            ("sha1,md5\n\(good),\(good)\n", 2, "the sha1 column is not a 40-digit hex SHA1 digest"),
            ("sha256\n\(String(repeating: "c", count: 64)),extra\n", 2, "2 fields where the header names 1"),
        ] {
            let file = try cli.write("lists/bad.txt", text)
            let run = try cli.run(["hashset", "import", file, "--name", "bad"])
            #expect(run.status == 2, "\(text): \(run.stderr)")
            #expect(run.stderr.contains("\(file):\(line): \(fragment)"), "\(run.stderr)")
        }
        let empty = try cli.write("lists/empty.txt", "# nothing\n")
        #expect(try cli.run(["hashset", "import", empty, "--name", "e"]).stderr.contains("holds no digest"))
        #expect(try cli.run(["hashset", "import", cli.path("lists/none.txt"), "--name", "e"]).status == 2)
        // Nothing was recorded by the refusals.
        #expect(try Self.actions(cli).count == 1)
    }

    @Test func importRecordsTheListNotItsDigestsAndFindsExhibitsHeld() throws {
        let cli = try Self.photoCase()
        let planted = try Self.planted(cli)
        // CSV with a category; upper-case hex is read as the same digest.
        let list = try cli.write(
            "lists/caid.csv",
            "MD5,SHA1,Category,Notes\n\(planted.md5.uppercased()),,A,known\n\(Self.unrelated),,B,other\n")
        let run = try cli.run(["hashset", "import", list, "--name", "caid-2026-11", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let result = try #require(try run.json() as? [String: Any])
        let matches = try #require(result["matches"] as? [[String: Any]])
        #expect(matches.count == 1 && matches.first?["ref"] as? String == "PH/1")
        #expect(matches.first?["category"] as? String == "A" && matches.first?["algorithm"] as? String == "md5")
        let entries = try Self.actions(cli)
        #expect(entries.suffix(2).compactMap { $0["action"] as? String } == ["hash-list-imported", "hash-matched"])
        let history = try cli.expectSuccess(["history", "--json"]).stdout
        #expect(!history.contains(Self.unrelated), "the ledger never holds the list's digests")
        #expect(history.contains("caid-2026-11"))
        let again = try cli.run(["hashset", "import", list, "--name", "caid-2026-11"])
        #expect(again.status == 2 && again.stderr.contains("already imported"))
        #expect(try cli.run(["verify"]).status == 0)

        // Intake checks each new file: the same content registered again is found and recorded.
        try cli.expectSuccess(
            ["add", "\(Self.samples)/photos/IMG_0412.jpg", "--ref", "PH/2", "--category", "photo", "--description", "Copy"]
                + Self.flags)
        let last = try #require(try Self.actions(cli).last)
        #expect(last["action"] as? String == "hash-matched" && (last["exhibits"] as? [String]) == ["PH/2"])
        #expect(try cli.run(["verify"]).status == 0)
    }

    /// The shipped police-to-childrens-services policy, changed to share photos as they are.
    static func sharingPolicy(_ cli: CLIHarness) throws -> String {
        let text = try String(
            contentsOfFile: RedactionWorkflowTests.samples + "/../Policies/police-to-childrens-services.yaml", encoding: .utf8)
        #expect(text.contains("  photo: redact\n"))
        return try cli.write(
            "policies/share-photos.yaml",
            text.replacingOccurrences(of: "  photo: redact\n", with: "  photo: share\n").replacingOccurrences(
                of: "id: police-to-childrens-services", with: "id: share-photos"))
    }

    @Test func aPlantedMatchNeverLeavesInABundleARedactionOrAReport() throws {
        let police = try Self.photoCase()
        let planted = try Self.planted(police)
        let policy = try Self.sharingPolicy(police)
        try police.expectSuccess(["hashset", "import", try police.write("lists/l.txt", "\(planted.sha1)\n"), "--name", "l"])
        let csc = try CLIHarness.withCase(agency: BundleTests.csc, oic: "Tom Okafor", caseRef: "NCSC-2026-0881")
        try police.expectSuccess(["partners", "add", csc.certificate, "--name", BundleTests.csc, "--id", "ncsc"])
        try csc.expectSuccess(["partners", "add", police.certificate, "--name", BundleTests.police, "--id", "np"])

        // Redaction: preview and review page (under the shipped policy, which redacts photos), and the output folder
        // under a policy that shares photos.
        let preview = try police.run([
            "redact", "PH/1", "--policy", "police-to-childrens-services", "--preview", "--review", police.path("review.html"),
            "--json",
        ])
        #expect(preview.status == 0, "\(preview.stderr)")
        let items = try #require((try preview.json() as? [String: Any])?["items"] as? [[String: Any]])
        let item = try #require(items.first { $0["sha256"] as? String == planted.sha256 })
        #expect(item["treatment"] as? String == "hash-only")
        let review = try String(contentsOfFile: police.path("review.html"), encoding: .utf8)
        #expect(!review.contains("<figcaption><b>PH/1</b> IMG_0412.jpg") && review.contains("IMG_0412.jpg</td><td>hash-only"))
        try police.expectSuccess(["redact", "--policy", policy, "--out", police.path("redacted")])
        #expect(!(try Self.hashes(under: police.path("redacted"))).contains(planted.sha256))
        #expect(!FileManager.default.fileExists(atPath: police.path("redacted/PH-1/IMG_0412.jpg")))

        // The bundle: decrypted with the stock tools, its inner tar listed and every file in it hashed.
        let bundle = police.path("out/b.exhibit")
        try police.expectSuccess(["export", "--policy", policy, "--to", "ncsc", "--purpose", "strategy", "--out", bundle])
        let inner = try csc.unpackWithStockTools(bundle)
        let folder = inner.deletingLastPathComponent().deletingLastPathComponent()
        let listing = try runTool("bsdtar", ["-tvf", "inner.tar"], in: folder).output
        #expect(listing.contains("exhibit/manifest.json") && listing.contains("IMG_0413") && !listing.contains("IMG_0412"))
        #expect(!(try Self.hashes(under: inner.path)).contains(planted.sha256))
        let manifest = try String(contentsOfFile: inner.appendingPathComponent("exhibit/manifest.json").path, encoding: .utf8)
        #expect(manifest.contains(planted.sha256) && manifest.contains("hash-only"), "travels as its hash at most")
    }

    @Test func aReceiverHoldingTheListNeverShowsTheFileAndRecordsTheMatch() throws {
        // A sender without the list shares the photo as it is; the receiver holds the list.
        let police = try Self.photoCase()
        let planted = try Self.planted(police)
        let policy = try Self.sharingPolicy(police)
        let csc = try CLIHarness.withCase(agency: BundleTests.csc, oic: "Tom Okafor", caseRef: "NCSC-2026-0881")
        try police.expectSuccess(["partners", "add", csc.certificate, "--name", BundleTests.csc, "--id", "ncsc"])
        try csc.expectSuccess(["partners", "add", police.certificate, "--name", BundleTests.police, "--id", "np"])
        try csc.expectSuccess(["hashset", "import", try csc.write("lists/l.txt", "\(planted.sha256)\n"), "--name", "l"])
        let bundle = police.path("out/b.exhibit")
        try police.expectSuccess(["export", "--policy", policy, "--to", "ncsc", "--purpose", "strategy", "--out", bundle])
        try csc.expectSuccess(["receive", bundle, "--import", "--report", csc.path("report.html")])
        let html = try String(contentsOfFile: csc.path("report.html"), encoding: .utf8)
        #expect(html.contains("IMG_0413") && !html.contains("IMG_0412"))
        #expect(html.contains("on known-image hash list l: not shown"))
        #expect(html.components(separatedBy: "<img").count == 2, "one thumbnail: the other photo's")
        let last = try #require(try Self.actions(csc).last)
        #expect(last["action"] as? String == "hash-matched" && (last["exhibits"] as? [String]) == ["np:PH/1"])
        #expect(try csc.run(["verify"]).status == 0)
    }

    @Test func aListedFileIsNeverExtractedWithoutAnOverrideThatIsRecorded() throws {
        let cli = try Self.photoCase()
        let planted = try Self.planted(cli)
        try cli.expectSuccess(["hashset", "import", try cli.write("lists/l.txt", "\(planted.md5)\n"), "--name", "l"])
        let refused = try cli.run(["extract", "PH/1", "--out", cli.path("out/photos"), "--reason", "to view"])
        #expect(refused.status == 2, "\(refused.stderr)")
        #expect(refused.stderr.contains("known-image hash list l") && refused.stderr.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: cli.path("out/photos")))
        #expect(try cli.run(["extract", "PH/1", "--out", cli.path("out/photos"), "--override"]).status == 2)
        // The other exhibit is not on the list.
        try cli.expectSuccess(["extract", "SW/1", "--out", cli.path("out/note")])
        try cli.expectSuccess([
            "extract", "PH/1", "--out", cli.path("out/photos"), "--override", "--reason", "CAID grading by the OIC",
        ])
        let entries = try Self.actions(cli).filter { $0["action"] as? String == "extracted" }
        #expect((entries.last?["reason"] as? String)?.contains("override of the known-image hash lists") == true)
    }
}
