import Foundation
import Testing

/// Screenshots, PDFs and office documents through the real binary: the review page, marking by text,
/// documents shared as rebuilt PDFs, and ZIP extractions registered member by member.
@Suite struct DocumentWorkflowTests {
    static let samples = RedactionWorkflowTests.samples

    /// A case with one screenshot, the sample PDF and the sample Word document, and the sample people.
    static func documentsCase() throws -> CLIHarness {
        let cli = try CLIHarness.withCase()
        let flags = ["--seized-by", "PC 2231 Ali Khan", "--seized-from", "Ashbrook Academy"]
        try cli.expectSuccess(
            ["add", "\(samples)/screenshots/chat-02.png", "--ref", "PS/1", "--category", "screenshot", "--description", "Chat"]
                + flags)
        try cli.expectSuccess(
            [
                "add", "\(samples)/documents/referral-form.docx", "\(samples)/documents/school-attendance.pdf", "--ref", "RP/1",
                "--category", "document", "--description", "Referral and attendance",
            ] + flags)
        try cli.expectSuccess(["party", "import", "\(samples)/parties.csv"])
        return cli
    }

    static func report(_ folder: String) throws -> [[String: Any]] {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(folder)/redactions.json")))
        return try #require((object as? [String: Any])?["items"] as? [[String: Any]])
    }

    @Test func theReviewPageIsSelfContainedAndThePreviewWritesNothingToTheStore() throws {
        let cli = try Self.documentsCase()
        let before = try cli.snapshot()
        let review = cli.path("review.html")
        let run = try cli.expectSuccess([
            "redact", "PS/1", "--policy", "police-to-childrens-services", "--preview", "--review", review,
        ])
        #expect(try cli.snapshot() == before)
        #expect(run.stdout.contains("found party:witness at") && run.stdout.contains("(confidence "))
        #expect(run.stdout.contains("read back:"))
        let page = try String(contentsOfFile: review, encoding: .utf8)
        #expect(page.contains("Content-Security-Policy") && page.contains("default-src 'none'"))
        #expect(page.contains("data:image/jpeg;base64,") && page.contains("<rect"))
        for remote in ["src=\"http", "href=\"http", "<script", "url(", "@import"] {
            #expect(!page.contains(remote), "the review page loads \(remote)")
        }
        // It may not go into the store, nor over an existing file.
        let inside = try cli.run([
            "redact", "PS/1", "--policy", "police-to-childrens-services", "--preview", "--review", "\(cli.store)/r.html",
        ])
        #expect(inside.status == 2 && inside.stderr.contains("inside the case store"))
        let again = try cli.run(["redact", "PS/1", "--policy", "police-to-childrens-services", "--preview", "--review", review])
        #expect(again.status == 2 && again.stderr.contains("already exists"))
        #expect(try cli.run(["redact", "--policy", "police-to-cps", "--out", cli.path("o"), "--review", review]).status == 2)
    }

    @Test func textMarkedByItsWordsIsBurnedWhateverThePolicyKeeps() throws {
        let cli = try Self.documentsCase()
        let marked = try cli.expectSuccess([
            "mark", "PS/1", "--file", "chat-02.png", "--text", "NX21 KYD", "--reason", "the plate identifies the car's keeper",
        ])
        #expect(marked.stdout.contains("Marked 2 region(s)"))
        #expect(!marked.stdout.contains("NX21"))
        let missing = try cli.run(["mark", "PS/1", "--file", "chat-02.png", "--text", "Zebra Crossing", "--reason", "r"])
        #expect(missing.status == 2 && missing.stderr.contains("not found"))
        try cli.expectSuccess(["redact", "PS/1", "--policy", "police-to-childrens-services", "--out", cli.path("out")])
        let shared = URL(fileURLWithPath: cli.path("out/PS-1/chat-02.png"))
        let read = try runTool("tesseract", [shared.path, "-"])
        #expect(read.status == 0, "tesseract must be installed (scripts/install-deps test)")
        // The policy keeps vehicle registrations, but this one was marked.
        #expect(!read.output.contains("NX21") && read.output.contains("07700 900456"), "\(read.output)")
        #expect(try cli.run(["verify"]).status == 0)
    }

    @Test func aWordDocumentAndAPDFAreSharedAsRebuiltPDFs() throws {
        let cli = try Self.documentsCase()
        try cli.expectSuccess(["redact", "RP/1", "--policy", "police-to-childrens-services", "--out", cli.path("out")])
        let items = try Self.report(cli.path("out"))
        let word = try #require(items.first { ($0["file"] as? String)?.hasSuffix("referral-form.pdf") == true })
        #expect(word["treatment"] as? String == "redact" && word["sharedAs"] as? String == "application/pdf")
        let notes = try #require(word["notes"] as? [String])
        #expect(notes.contains("tracked changes accepted") && notes.contains("comments dropped"))
        let check = try #require(word["check"] as? [String: Any])
        #expect(check["findings"] as? Int == 0 && (check["words"] as? Int ?? 0) > 0)
        let pdf = try #require(items.first { ($0["file"] as? String)?.hasSuffix("school-attendance.pdf") == true })
        #expect(pdf["treatment"] as? String == "redact")
        for name in ["referral-form.pdf", "school-attendance.pdf"] {
            let path = cli.path("out/RP-1/\(name)")
            #expect(try runTool("qpdf", ["--check", path]).status == 0, "qpdf --check fails on \(name)")
            let text = try runTool("pdftotext", [path, "-"]).output
            for secret in ["Sandra Pike", "Harbour Row", "Jade Wilson", "Leo Turner", "anonymous"] {
                #expect(!text.contains(secret), "\(name) still holds \(secret)")
            }
            let info = try runTool("pdfinfo", [path]).output
            #expect(!info.contains("Raj Patel") && !info.contains("Ashbrook Academy Trust") && !info.contains("Maisie"))
        }
        #expect(try cli.run(["verify"]).status == 0)
    }

    @Test func withoutTheOCRModelPicturesAreWithheldWithTheReason() throws {
        let cli = try Self.documentsCase()
        let run = try cli.run(
            ["redact", "PS/1", "--policy", "police-to-childrens-services", "--out", cli.path("out"), "--json"],
            environment: ["TESSDATA_PREFIX": cli.path("no-models")])
        #expect(run.status == 0, "\(run.stderr)")
        let items = try Self.report(cli.path("out"))
        #expect(items.count == 1 && items.first?["treatment"] as? String == "withhold")
        #expect((items.first?["reason"] as? String)?.contains("OCR model") == true, "\(items)")
        #expect(!FileManager.default.fileExists(atPath: cli.path("out/PS-1/chat-02.png")))
    }

    @Test func aPhoneExtractionZIPIsRegisteredMemberByMember() throws {
        let cli = try CLIHarness.withCase()
        try cli.write(
            "extraction/DCIM/IMG_0001.png", try Data(contentsOf: URL(fileURLWithPath: "\(Self.samples)/screenshots/chat-03.png")))
        try cli.write("extraction/chats/jade.txt", "call Jade Wilson on 07700 900789\n")
        #expect(
            try runTool(
                "bsdtar", ["--format", "zip", "-cf", cli.path("phone.zip"), "-C", cli.path("extraction"), "DCIM", "chats"]
            )
            .status == 0)
        let added = try cli.expectSuccess([
            "add", cli.path("phone.zip"), "--expand", "--ref", "DX/1", "--category", "screenshot", "--description", "Extraction",
            "--seized-by", "DC 1", "--seized-from", "phone", "--json",
        ])
        let files = try #require((try added.json() as? [String: Any])?["files"] as? [[String: Any]])
        #expect(files.map { $0["path"] as? String } == ["phone.zip", "phone.zip/DCIM/IMG_0001.png", "phone.zip/chats/jade.txt"])
        let archiveHash = files.first?["sha256"] as? String
        let origin = try #require(files[1]["extractedFrom"] as? [String: Any])
        #expect(origin["archive"] as? String == "phone.zip" && origin["member"] as? String == "DCIM/IMG_0001.png")
        #expect(origin["archiveSHA256"] as? String == archiveHash)
        #expect(try cli.run(["verify"]).status == 0)

        // A ZIP with a member that climbs out of its folder registers nothing.
        try cli.write("evil/x.txt", "x")
        let python = """
            import zipfile,sys
            with zipfile.ZipFile(sys.argv[1], 'w') as z:
                z.writestr('../../escape.txt', 'out')
            """
        #expect(try runTool("python3", ["-c", python, cli.path("evil.zip")]).status == 0)
        let evil = try cli.run([
            "add", cli.path("evil.zip"), "--expand", "--ref", "DX/2", "--description", "d", "--seized-by", "s", "--seized-from",
            "f",
        ])
        #expect(evil.status == 2 && evil.stderr.contains("leaves its folder"), "\(evil.stderr)")
        #expect(try cli.run(["show", "DX/2"]).status == 2)
    }
}
