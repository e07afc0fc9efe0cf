import Foundation
import Testing

/// The case file as other tools see it: headless Chromium renders and prints the HTML reports with no
/// network (a proxy that only counts connection attempts), the protective marking is on every printed page
/// (pdftotext, page by page), the CASE validator accepts the export and rejects a broken one, and the clocks
/// are right through the command line.
@Suite struct CaseFileRenderingTests {
    /// A TCP listener on loopback standing in for an HTTP proxy: it reads the first line of every request
    /// (`GET http://host/…` or `CONNECT host:443`), records it, and closes the connection.
    final class CountingListener: @unchecked Sendable {
        let port: UInt16
        private let descriptor: Int32
        private let lock = NSLock()
        private var lines: [String] = []

        init() throws {
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard descriptor >= 0 else { throw ExhibitTestError("cannot create a socket") }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard bound == 0, listen(descriptor, 64) == 0 else {
                close(descriptor)
                throw ExhibitTestError("cannot listen on loopback")
            }
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
            }
            self.descriptor = descriptor
            self.port = UInt16(bigEndian: address.sin_port)
            Thread.detachNewThread { [self] in
                while true {
                    let client = accept(descriptor, nil, nil)
                    if client < 0 { return }
                    var timeout = timeval(tv_sec: 2, tv_usec: 0)
                    setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
                    var buffer = [UInt8](repeating: 0, count: 512)
                    let count = read(client, &buffer, buffer.count)
                    let line = String(decoding: buffer.prefix(max(count, 0)), as: UTF8.self).split(separator: "\r\n").first
                    record(line.map(String.init) ?? "(no request line)")
                    close(client)
                }
            }
        }

        private func record(_ line: String) {
            lock.lock()
            lines.append(line)
            lock.unlock()
        }

        /// The request lines received so far.
        var requests: [String] {
            lock.lock()
            defer { lock.unlock() }
            return lines
        }

        /// Requests other than Chromium's own background services (component updates, network time, sign-in),
        /// which it contacts whatever page it shows: what a page caused.
        var pageRequests: [String] {
            requests.filter { line in
                let parts = line.split(separator: " ")
                guard parts.count >= 2 else { return true }
                let target = parts[1].replacingOccurrences(of: "http://", with: "").replacingOccurrences(of: "https://", with: "")
                let host = target.split(separator: "/").first.map { String($0.split(separator: ":").first ?? "") } ?? ""
                return !["google.com", "googleapis.com", "gstatic.com"].contains { host == $0 || host.hasSuffix("." + $0) }
            }
        }

        /// Stops listening (the accepting thread ends).
        func stop() {
            shutdown(descriptor, Int32(SHUT_RDWR))
            close(descriptor)
        }
    }

    struct ExhibitTestError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// Prints `html` to PDF with headless Chromium, every request sent to `proxy`; returns the PDF's path.
    static func printToPDF(_ html: String, proxy: CountingListener, in folder: String) throws -> String {
        let pdf = "\(folder)/\(UUID().uuidString).pdf"
        let result = try runTool(
            "chromium",
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
                "--disable-default-apps", "--disable-client-side-phishing-detection", "--disable-domain-reliability",
                "--no-pings", "--disable-breakpad", "--disable-features=NetworkTimeServiceQuerying,OptimizationHints,MediaRouter",
                "--user-data-dir=\(folder)/chromium-profile",
                "--proxy-server=http://127.0.0.1:\(proxy.port)", "--proxy-bypass-list=<-loopback>",
                "--print-to-pdf=\(pdf)", URL(fileURLWithPath: html).absoluteString,
            ])
        #expect(result.status == 0, "chromium failed: \(result.output)")
        #expect(FileManager.default.fileExists(atPath: pdf), "chromium wrote no PDF: \(result.output)")
        return pdf
    }

    /// The text of each page of a PDF.
    static func pages(_ pdf: String) throws -> [String] {
        let info = try runTool("pdfinfo", [pdf])
        #expect(info.status == 0, "pdfinfo failed: \(info.output)")
        let line = info.output.split(separator: "\n").first { $0.hasPrefix("Pages:") } ?? ""
        let count = Int(line.split(separator: " ").last ?? "") ?? 0
        return try (0..<count).map { page in
            let text = try runTool("pdftotext", ["-layout", "-f", "\(page + 1)", "-l", "\(page + 1)", pdf, "-"])
            #expect(text.status == 0)
            return text.output
        }
    }

    @Test func reportsRenderWithoutNetworkAndPrintTheMarkingOnEveryPage() throws {
        let cli = try RedactionWorkflowTests.samplesCase()
        try cli.expectSuccess(["setting", "protective-marking", "OFFICIAL-SENSITIVE [TEST]"])
        try cli.expectSuccess(["seal", "PS/1", "--seal", "NP1"])
        for number in 1...30 {
            try cli.expectSuccess([
                "note", "PS/1", "--text",
                "Entry \(number): the exhibit bag was checked and found intact, its seal unbroken, and returned to the locker.",
            ])
        }
        try cli.expectSuccess(["event", "referral-received", "--at", "2025-12-24T15:00:00Z"])
        let folder = cli.path("render")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let proxy = try CountingListener()
        defer { proxy.stop() }
        var pageCount = 0
        for (report, expected) in [
            (["continuity"], "Statement of continuity"), (["exhibits"], "Exhibit list (MG12)"),
            (["clocks"], "Joint-working clocks"),
            (["log"], "Data protection log"),
        ] {
            let html = "\(folder)/\(report[0]).html"
            try cli.expectSuccess(["report"] + report + ["--format", "html", "--out", html])
            let source = try String(contentsOfFile: html, encoding: .utf8)
            #expect(
                !source.contains("http:") && !source.contains("https:") && !source.contains("<script") && !source.contains("src=")
            )
            let pages = try Self.pages(try Self.printToPDF(html, proxy: proxy, in: folder))
            #expect(!pages.isEmpty)
            #expect(pages.first?.contains(expected) == true, "\(report[0]): \(pages.first ?? "")")
            for (index, text) in pages.enumerated() {
                let markings = text.components(separatedBy: "OFFICIAL-SENSITIVE [TEST]").count - 1
                #expect(markings >= 2, "\(report[0]) page \(index + 1) of \(pages.count) shows the marking \(markings) times")
            }
            pageCount += pages.count
        }
        #expect(pageCount >= 5, "the continuity statement should run to several pages")
        #expect(proxy.pageRequests.isEmpty, "the reports made Chromium try the network: \(proxy.pageRequests)")

        // The check can fail: a page with one external image makes Chromium try the network.
        let control = "\(folder)/control.html"
        try "<!DOCTYPE html><html><body><img src=\"http://exhibit-test.invalid/pixel.png\"></body></html>".write(
            toFile: control, atomically: true, encoding: .utf8)
        _ = try Self.printToPDF(control, proxy: proxy, in: folder)
        #expect(
            proxy.pageRequests.contains { $0.contains("exhibit-test.invalid") },
            "the proxy saw no request for a page that loads an external image: \(proxy.requests)")
    }

    @Test func theCASEValidatorAcceptsTheExportAndRejectsABrokenOne() throws {
        let cli = try RedactionWorkflowTests.samplesCase()
        try cli.expectSuccess(["seal", "PS/1", "--seal", "NP1"])
        try cli.expectSuccess(["transfer", "PS/1", "--to", "DS 1187 Jo Reed", "--reason", "examination", "--location", "DFU"])
        try cli.expectSuccess(["access", "PS/1", "--reason", "review", "--actor", "DS 1187 Jo Reed", "--actor-id", "1187"])
        try cli.expectSuccess([
            "redact", "PS/1", "PS/3", "--policy", "police-to-childrens-services", "--out", cli.path("redacted"),
        ])
        try cli.expectSuccess(["destroy", "PS/2", "--reason", "r", "--authority", "a"])
        let export = cli.path("case.jsonld")
        try cli.expectSuccess(["report", "case-uco", "--out", export])
        let accepted = try runTool("case_validate", [export])
        #expect(accepted.status == 0 && accepted.output.contains("Conforms: True"), "\(accepted.output.prefix(3000))")
        let graph = try #require(
            (try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: export))) as? [String: Any])?["@graph"]
                as? [[String: Any]])
        let types = graph.compactMap { $0["@type"] as? String }
        #expect(types.filter { $0 == "case-investigation:ProvenanceRecord" }.count == 6)
        #expect(types.contains("case-investigation:Investigation") && types.contains("uco-identity:Person"))
        #expect(types.filter { $0 == "case-investigation:InvestigativeAction" }.count >= 10)
        let text = try String(contentsOfFile: export, encoding: .utf8)
        let listed = try #require(try cli.expectSuccess(["list", "--json"]).json() as? [[String: Any]])
        for exhibit in listed {
            for file in exhibit["files"] as? [[String: Any]] ?? [] { #expect(text.contains(file["sha256"] as? String ?? "?")) }
        }
        // Broken on purpose: a hash without its value, and an action timed "yesterday".
        var broken = text
        broken = broken.replacingOccurrences(of: "\"uco-types:hashValue\"", with: "\"uco-types:hashValueX\"")
        let brokenPath = cli.path("broken.jsonld")
        try broken.write(toFile: brokenPath, atomically: true, encoding: .utf8)
        let rejected = try runTool("case_validate", [brokenPath])
        #expect(rejected.status != 0 && rejected.output.contains("Conforms: False"), "\(rejected.output.prefix(2000))")
    }

    @Test func clocksAcrossAWeekendABankHolidayAndTheClockChange() throws {
        let cli = try CLIHarness.withCase()
        // Christmas 2025: the police learn of it on Wednesday 24 December after hours; Thursday 25 and Friday 26 are
        // bank holidays, then the weekend: children's social care must be told by Monday 29 December, 17:00 GMT.
        try cli.expectSuccess(["event", "police-notified", "--at", "2025-12-24T17:30:00Z"])
        try cli.expectSuccess(["event", "csc-notified", "--at", "2025-12-29T16:59:00Z"])
        // Spring 2025: a referral on Saturday 29 March 10:00 GMT; the clocks go forward on Sunday 30 March.
        let spring = try CLIHarness.withCase()
        try spring.expectSuccess(["event", "referral-received", "--at", "2025-03-29T10:00:00Z", "--note", "school DSL call"])
        try spring.expectSuccess(["event", "strategy-discussion", "--at", "2025-03-30T10:30:00+01:00"])

        func clocks(_ harness: CLIHarness, at: String) throws -> [String: [String: Any]] {
            let json = try #require(
                try harness.expectSuccess(["report", "clocks", "--at", at, "--json"]).json() as? [String: Any])
            let list = json["clocks"] as? [[String: Any]] ?? []
            return Dictionary(uniqueKeysWithValues: list.map { ($0["id"] as? String ?? "", $0) })
        }
        let christmas = try clocks(cli, at: "2025-12-30T09:00:00Z")
        #expect(christmas["csc-told"]?["due"] as? String == "2025-12-29T17:00:00.000Z")
        #expect(christmas["csc-told"]?["status"] as? String == "met")
        #expect(christmas["decision"]?["due"] as? String == "2025-12-30T17:00:00.000Z")
        #expect(christmas["decision"]?["status"] as? String == "due")
        let before = try clocks(cli, at: "2025-12-27T12:00:00Z")
        #expect(before["csc-told"]?["status"] as? String == "due" && before["decision"]?["status"] as? String == "not started")

        let spring1 = try clocks(spring, at: "2025-03-31T18:00:00Z")
        // 24 clock hours: 10:00 GMT Saturday is 11:00 BST on Sunday; the discussion at 10:30 BST is in time.
        #expect(spring1["strategy-discussion"]?["due"] as? String == "2025-03-30T10:00:00.000Z")
        #expect(spring1["strategy-discussion"]?["status"] as? String == "met")
        // One working day after a Saturday: Monday 31 March, 17:00 BST (16:00 UTC); it is now 19:00 BST.
        #expect(spring1["decision"]?["due"] as? String == "2025-03-31T16:00:00.000Z")
        #expect(spring1["decision"]?["status"] as? String == "overdue" && spring1["decision"]?["minutes"] as? Int == 120)
        // 15 working days from Sunday 30 March: Good Friday 18 and Easter Monday 21 April 2025 skipped, Tuesday 22 April.
        #expect(spring1["icpc"]?["due"] as? String == "2025-04-22T16:00:00.000Z")
        let text = try spring.expectSuccess(["report", "clocks", "--at", "2025-03-31T18:00:00Z"]).stdout
        #expect(text.contains("Sun 30 Mar 2025 11:00 BST") && text.contains("Sat 29 Mar 2025 10:00 GMT"))
        #expect(text.contains("overdue by 2 h 0 min (!)") && text.contains("school DSL call"))
        // A working day that ends at 16:00 moves the deadline; the setting is a ledger entry.
        try spring.expectSuccess(["setting", "working-day-end", "16:00"])
        #expect(try clocks(spring, at: "2025-03-31T18:00:00Z")["decision"]?["due"] as? String == "2025-03-31T15:00:00.000Z")
        #expect(try spring.run(["event", "decision", "--at", "2099-01-01T00:00:00Z"]).status == 2)
        #expect(try spring.run(["setting", "working-day-end", "25:00"]).status == 2)
        let extra = try spring.write("holidays.csv", "date,title,notes,source\n2025-03-31,Test day,,test\n")
        let moved = try #require(
            try spring.expectSuccess(["report", "clocks", "--at", "2025-03-31T18:00:00Z", "--bank-holidays", extra, "--json"])
                .json()
                as? [String: Any])
        let decision = (moved["clocks"] as? [[String: Any]])?.first { $0["id"] as? String == "decision" }
        #expect(decision?["due"] as? String == "2025-04-01T15:00:00.000Z")
    }
}
