import Foundation
import Testing

/// The receive report as its readers see it: headless Chromium renders and prints it with no network, every
/// shared item and every withheld file is shown by name, the marking is on each printed page, the checks are in
/// plain words (their stable ids in `--json`), and a rejected bundle's report says plainly that nothing was imported.
@Suite struct ReceiveReportRenderingTests {
    typealias Rendering = CaseFileRenderingTests

    @Test func theReportOfAnAcceptedBundleShowsEveryItemByNameOnEveryPrintedPage() throws {
        let pair = try BundleTests.pair()
        let report = pair.csc.path("report.html")
        let received = try pair.csc.run(["receive", pair.bundle, "--import", "--report", report, "--json"])
        #expect(received.status == 0, "\(received.stderr)")
        let verdict = try #require(try received.json() as? [String: Any])
        let checks = try #require(verdict["checks"] as? [[String: Any]])
        #expect(checks.first?["id"] as? String == "outer-archive")
        #expect(checks.allSatisfy { ($0["plain"] as? String)?.isEmpty == false })
        let items = try #require(verdict["items"] as? [[String: Any]])
        let shared = items.compactMap { ($0["file"] as? String)?.split(separator: "/").last.map(String.init) }
        #expect(!shared.isEmpty)
        // The withheld files by the name the sender registered them under.
        var withheld: [String] = []
        for item in items where item["file"] == nil {
            let ref = try #require(item["ref"] as? String)
            let source = try #require(item["sourceSHA256"] as? String)
            let show = try #require(try pair.police.expectSuccess(["show", ref, "--json"]).json() as? [String: Any])
            let files = show["files"] as? [[String: Any]] ?? []
            withheld += files.filter { $0["sha256"] as? String == source }.compactMap { $0["name"] as? String }
        }

        let html = try String(contentsOfFile: report, encoding: .utf8)
        #expect(html.contains("Content-Security-Policy") && html.contains("default-src 'none'"))
        #expect(!html.contains("http:") && !html.contains("https:") && !html.contains("<script"))
        #expect(html.contains("<caption>") && html.contains("scope=\"col\"") && html.contains("<img alt=\"PS/1 as shared"))
        #expect(html.contains("@media print") && html.contains("@page"))
        #expect(html.contains("All checks passed"))
        #expect(html.contains("<details><summary><b>✔ Passed:</b> The file is a complete, well-formed bundle"))
        #expect(html.contains("GMT") || html.contains("BST"))
        #expect(html.contains("title=\"20") && html.contains("(UTC)\""))
        // What was removed, in plain words, from the bundle's redaction records.
        #expect(html.contains("Removed before sharing:</b> names replaced by [WITNESS-1]"), "no plain-words redaction summary")
        // The verdict comes before any item; the items before the checks.
        let verdictAt = try #require(html.range(of: "class=\"verdict ok\"")?.lowerBound)
        let itemsAt = try #require(html.range(of: "<h2>What was shared</h2>")?.lowerBound)
        let checksAt = try #require(html.range(of: "<h2>How it was checked</h2>")?.lowerBound)
        #expect(verdictAt < itemsAt && itemsAt < checksAt)

        let folder = pair.csc.path("render")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let proxy = try Rendering.CountingListener()
        defer { proxy.stop() }
        let pages = try Rendering.pages(try Rendering.printToPDF(report, proxy: proxy, in: folder))
        #expect(pages.count >= 2)
        let text = pages.joined(separator: "\n")
        for name in shared + withheld { #expect(text.contains(name), "\(name) is not shown in the printed report") }
        if !withheld.isEmpty { #expect(text.contains("What was withheld") && text.contains("Whom to ask")) }
        for (index, page) in pages.enumerated() {
            let markings = page.components(separatedBy: "OFFICIAL-SENSITIVE").count - 1
            #expect(markings >= 2, "page \(index + 1) of \(pages.count) shows the marking \(markings) times")
        }
        #expect(proxy.pageRequests.isEmpty, "the report made Chromium try the network: \(proxy.pageRequests)")
    }

    @Test func theReportOfARejectedBundleSaysNothingWasImported() throws {
        let pair = try BundleTests.pair()
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: pair.bundle)))
        bytes[3000] ^= 0x01
        let tampered = pair.csc.path("tampered.exhibit")
        try Data(bytes).write(to: URL(fileURLWithPath: tampered))
        let report = pair.csc.path("rejected.html")
        let received = try pair.csc.run(["receive", tampered, "--import", "--report", report])
        #expect(received.status == 1)
        let html = try String(contentsOfFile: report, encoding: .utf8)
        #expect(html.contains("Content-Security-Policy") && !html.contains("<script"))
        #expect(html.contains("Do not use this bundle: it failed the check"))
        let folder = pair.csc.path("render")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let proxy = try Rendering.CountingListener()
        defer { proxy.stop() }
        let pages = try Rendering.pages(try Rendering.printToPDF(report, proxy: proxy, in: folder))
        let text = pages.joined(separator: "\n")
        #expect(text.contains("REJECTED") && text.contains("Nothing from this bundle was imported"))
        #expect(text.contains("Not checked"))
        for page in pages { #expect(page.components(separatedBy: "OFFICIAL-SENSITIVE").count - 1 >= 2) }
        #expect(proxy.pageRequests.isEmpty, "\(proxy.pageRequests)")
        #expect(try pair.csc.expectSuccess(["list", "--json"]).stdout.contains("np:") == false)
    }
}
