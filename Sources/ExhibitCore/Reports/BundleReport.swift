import Foundation

/// The self-contained HTML report of a received bundle, for the social worker or officer who opens it: the
/// verdict in one plain sentence; then the items, each with its name, what it is, a readable preview (pictures
/// large enough to read, the start of redacted text) and what the redaction removed, in plain words; the
/// withheld items by file name with the reason and whom to ask; the checks in plain words with their technical
/// detail folded away; the sender's continuity record. Times are UK local time (GMT/BST) with UTC on hover.
/// Built on the case-file page (`HTMLDocument`): a strict Content-Security-Policy, nothing loaded from
/// anywhere, the protective marking at the top and bottom of every printed page, accessible tables.
package enum BundleReport {
    /// The largest preview width in pixels (a phone screenshot is shown at full size).
    static let previewWidth = 1200
    /// How much of a text file the preview shows.
    static let excerptCharacters = 1500

    /// The report of a bundle that passed every check.
    /// - Parameters:
    ///   - verdict: the checks.
    ///   - manifest: the item manifest.
    ///   - custody: the checked custody extract.
    ///   - contentRoot: the checked inner bag's folder (previews are made from the files in it).
    ///   - hidden: manifest positions whose file names are not shown (content on a known-image hash list).
    ///   - content: where a shared item's content is, when not at its path under `contentRoot` (imported files are
    ///     in the object store).
    /// - Returns: the HTML page.
    package static func html(
        _ verdict: BundleVerdict, manifest: BundleManifest, custody: CustodyExtract.Checked, contentRoot: String,
        hidden: Set<Int> = [], content: ((BundleManifest.Item) -> String)? = nil
    ) -> String {
        let records = redactionRecords(contentRoot, manifest: manifest)
        let shared = manifest.items.enumerated().filter { $0.element.file != nil }
        let withheld = manifest.items.enumerated().filter { $0.element.file == nil }
        var body = "<header><h1>Bundle from \(HTML.escape(manifest.sender.name))</h1>\n"
        body += "<p class=\"case\">\(HTML.escape(manifest.bundleID)), made \(HTML.time(manifest.createdAt)) for: "
        body += "\(HTML.escape(manifest.purpose))</p></header>\n"
        let sentence = ReceiveReportWords.verdict(
            passed: verdict.passed, sender: manifest.sender.name, shared: shared.count, withheld: withheld.count,
            imported: verdict.imported, failed: nil)
        body += "<p class=\"verdict \(verdict.passed ? "ok" : "bad")\">\(HTML.escape(sentence))</p>\n"
        if let folder = verdict.extracted {
            body +=
                "<p>Copies of the shared files, under their names, are in <code>\(HTML.escape(folder))</code> (read-only; "
                + "<code>sha256sum -c manifest-sha256.txt</code> there confirms them).</p>\n"
        }

        body += "<section><h2>What was shared</h2>\n"
        if shared.isEmpty { body += "<p>No file was shared in this bundle.</p>\n" }
        for (index, item) in shared {
            body += itemHTML(
                item, record: records[index], path: content?(item) ?? Path.join(contentRoot, item.file ?? ""))
        }
        body += "</section>\n"

        if !withheld.isEmpty {
            body += "<section><h2>What was withheld</h2>\n"
            let rows = withheld.map { index, item -> [String] in
                // Content on a known-image hash list is named by nothing that could identify it.
                let name =
                    hidden.contains(index)
                    ? "(not shown)" : records[index]?.file.map { Path.name($0) } ?? "(name not shared)"
                return [
                    HTML.escape(item.ref) + (item.description.map { "<br>" + HTML.escape($0) } ?? ""),
                    "<code class=\"filename\">\(HTML.escape(name))</code>",
                    HTML.escape(ReceiveReportWords.withheld(item.treatment, reason: item.reason)),
                    HTML.escape(
                        "\(manifest.sender.name), quoting bundle \(manifest.bundleID) and item \(item.ref)"
                            + (manifest.caseRef.map { " (their case \($0))" } ?? "")),
                ]
            }
            body += HTMLTable.render(
                caption: "Items the sender holds but did not send", columns: ["Item", "File name", "Why", "Whom to ask"],
                rows: rows)
            body += "</section>\n"
        }

        body += "<section><h2>How it was checked</h2>\n" + checksHTML(verdict) + "</section>\n"

        body += "<section><h2>About this bundle</h2>\n"
        let facts: [(String, String)] = [
            ("From", "\(manifest.sender.name) (certificate \(Certificate.display(fingerprint: manifest.sender.fingerprint)))"),
            ("To", manifest.recipient.name), ("Their case", manifest.caseRef ?? "(not shared under this policy)"),
            ("Purpose", manifest.purpose),
            ("Sharing policy", "\(manifest.policy.title) (\(manifest.policy.id) \(manifest.policy.version))"),
            ("Lawful basis", manifest.policy.lawfulBasis), ("Keep it for", manifest.policy.retention),
            ("Sharing it further", manifest.policy.onwardSharing),
        ]
        var factRows = facts.map { [HTML.escape($0.0), HTML.lines($0.1)] }
        factRows.append(["Made", HTML.time(manifest.createdAt)])
        factRows.append(["Bundle SHA-256", "<code>\(HTML.escape(verdict.bundleSHA256))</code>"])
        body += HTMLTable.render(caption: "The bundle's details", columns: ["", "Value"], rows: factRows)
        body += "</section>\n"

        body += "<section><h2>The sender's custody record</h2>\n"
        body +=
            "<p>Each entry below is proven to be in the sender's signed ledger (\(custody.checkpoint.size) entries, signed "
            + "\(HTML.time(custody.checkpoint.time)), root <code>\(Hex.encode(custody.checkpoint.root))</code>).</p>\n"
        let timeline = custody.entries.map { item -> [String] in
            guard let entry = item.entry else {
                return [
                    "\(item.seq)", "", "(details not shared under this policy)", "",
                    "<small>entry hash <code>\(HTML.escape(item.hash))</code></small>",
                ]
            }
            var details = [String]()
            if !entry.exhibits.isEmpty { details.append(entry.exhibits.joined(separator: ", ")) }
            if let transfer = entry.details?.transfer { details.append("from \(transfer.from) to \(transfer.to)") }
            if let reason = entry.reason { details.append(reason) }
            if let location = entry.location { details.append("at \(location)") }
            if let text = entry.text { details.append(text) }
            return [
                "\(entry.sequence)", HTML.time(entry.time), HTML.escape(entry.action.rawValue),
                "\(HTML.escape(entry.actor.name)) <small>(\(HTML.escape(entry.actor.agency)))</small>",
                HTML.escape(details.joined(separator: "; ")),
            ]
        }
        body += HTMLTable.render(
            caption: "Custody entries shared with the bundle", columns: ["Entry", "When", "What", "Who", "Details"],
            rows: timeline)
        body += "</section>\n"
        body += "<p class=\"provenance\">Times are UK local time (GMT or BST); hover over a time for UTC.</p>\n"
        return HTMLDocument(
            title: "Bundle \(manifest.bundleID) from \(manifest.sender.name)", marking: manifest.policy.protectiveMarking,
            body: body, extraStyle: style
        ).render()
    }

    /// The report of a rejected bundle: plainly, that nothing was imported, and which check failed and why.
    package static func rejected(_ verdict: BundleVerdict) -> String {
        let failed = verdict.checks.first { !$0.passed }
        let title = failed?.id.map(ReceiveReportWords.title) ?? failed?.name
        var body = "<header><h1>Bundle \(HTML.escape(verdict.bundleID ?? "(unreadable)")) was REJECTED</h1>\n"
        if let sender = verdict.sender { body += "<p class=\"case\">It says it is from \(HTML.escape(sender.name)).</p>\n" }
        body += "</header>\n"
        let sentence = ReceiveReportWords.verdict(
            passed: false, sender: verdict.sender?.name ?? "the sender", shared: 0, withheld: 0, imported: [], failed: title)
        body += "<p class=\"verdict bad\">\(HTML.escape(sentence))</p>\n"
        body += "<p>Nothing from this bundle was imported or kept. What went wrong: \(HTML.escape(failed?.detail ?? "unknown")). "
        body += "Ask \(HTML.escape(verdict.sender?.name ?? "the sender")) to send it again, quoting the SHA-256 below; "
        body += "do not open the file by other means.</p>\n"
        body += "<p>SHA-256 of the file received: <code>\(HTML.escape(verdict.bundleSHA256))</code></p>\n"
        body += "<section><h2>How it was checked</h2>\n" + checksHTML(verdict) + "</section>\n"
        return HTMLDocument(
            title: "Rejected bundle \(verdict.bundleID ?? "")",
            marking: verdict.policy?.protectiveMarking ?? "OFFICIAL-SENSITIVE",
            body: body, extraStyle: style
        ).render()
    }

    /// The page's own styles, beside the case-file stylesheet.
    static let style = """
        .verdict{font-size:1.15em;font-weight:bold;padding:.5em .8em;border-radius:4px}
        .verdict.ok{background:#e3f4e8;color:#0b4b1f}.verdict.bad{background:#fbe3e3;color:#7a0000}
        article.item{border:1px solid #bbb;border-radius:4px;padding:.4em .9em;margin:.8em 0;break-inside:avoid}
        article.item h3{margin:.3em 0;font-size:1.05em}
        article.item img{max-width:100%;height:auto;border:1px solid #ccc;display:block;margin:.4em 0}
        pre.excerpt{white-space:pre-wrap;background:#f6f6f6;border:1px solid #ddd;padding:.5em;font-size:.9em}
        .removed{background:#fff6d6;padding:.2em .4em}
        code.filename{word-break:normal;overflow-wrap:normal;white-space:nowrap}
        ul.checks{list-style:none;padding-left:0}ul.checks li{margin:.3em 0}
        details summary{cursor:pointer}
        .ok{color:#0b6b2b}.bad{color:#a00}
        @media print{article.item img{max-height:160mm;width:auto}details>*{display:block}}
        """

    /// One shared item: name, what it is, a preview, what was removed.
    private static func itemHTML(_ item: BundleManifest.Item, record: RedactionReport.Item?, path: String) -> String {
        let file = item.file ?? ""
        let name = Path.name(file)
        var html = "<article class=\"item\"><h3>\(HTML.escape(item.ref)): \(HTML.escape(item.description ?? name))</h3>\n"
        let kind = ReceiveReportWords.kind(category: item.category, mediaType: item.mediaType)
        html += "<p>File <code>\(HTML.escape(name))</code>\(kind.isEmpty ? "" : ", \(HTML.escape(kind))")"
        if let size = item.size { html += ", \(HTML.escape(ProgressMeter.bytes(size)))" }
        html += ".</p>\n"
        var labels: [String] = []
        let media = item.mediaType ?? ""
        if ["image/png", "image/jpeg"].contains(media), let data = previewData(path, mime: media) {
            html +=
                "<img alt=\"\(HTML.escape("\(item.ref) as shared: \(item.description ?? name)"))\" "
                + "src=\"data:image/jpeg;base64,\(data.base64EncodedString())\">\n"
        } else if media.hasPrefix("text/") || media == "message/rfc822",
            let bytes = try? FileSystem.read(path, limit: 8 << 20)
        {
            let text = String(decoding: bytes, as: UTF8.self)
            labels = ReceiveReportWords.labels(in: text)
            let excerpt = String(text.prefix(excerptCharacters)) + (text.count > excerptCharacters ? "\n…" : "")
            html += "<pre class=\"excerpt\" aria-label=\"the start of the shared text\">\(HTML.escape(excerpt))</pre>\n"
        } else if media == "application/pdf" {
            html += "<p>A PDF document: open the copy extracted with <code>exhibit extract</code> to read it.</p>\n"
        }
        let rules = record?.rules ?? [:]
        let removed = ReceiveReportWords.removed(rules: rules, labels: labels)
        switch item.treatment {
        case .redact:
            html += "<p class=\"removed\"><b>Removed before sharing:</b> \(HTML.escape(removed ?? "nothing needed removing"))."
        case .share:
            html += "<p class=\"removed\"><b>Shared as it was:</b> nothing removed."
        default:
            html += "<p class=\"removed\">\(HTML.escape(item.treatment.rawValue))."
        }
        for note in record?.notes ?? [] { html += " \(HTML.escape(note))." }
        html += "</p>\n"
        html += "<details><summary>Fingerprints</summary><p>Original SHA-256 <code>\(HTML.escape(item.sourceSHA256))</code>"
        if let sha256 = item.sha256 { html += "<br>Shared copy SHA-256 <code>\(HTML.escape(sha256))</code>" }
        html += "</p></details>\n</article>\n"
        return html
    }

    /// The checks in plain words, each with its technical name, stable id and detail folded.
    private static func checksHTML(_ verdict: BundleVerdict) -> String {
        var html = "<ul class=\"checks\">\n"
        for check in verdict.checks {
            let title = check.id.map(ReceiveReportWords.title) ?? check.name
            html += "<li class=\"\(check.passed ? "ok" : "bad")\"><details><summary>"
            html += "<b>\(check.passed ? "✔ Passed" : "✘ FAILED"):</b> \(HTML.escape(title))</summary>"
            html +=
                "<p><small>\(HTML.escape(check.name))\(check.id.map { " (<code>\(HTML.escape($0.rawValue))</code>)" } ?? ""): "
            html += "\(HTML.escape(check.detail))</small></p></details></li>\n"
        }
        for check in verdict.notRun {
            html += "<li>– Not checked (an earlier check failed): \(HTML.escape(ReceiveReportWords.title(check)))</li>\n"
        }
        return html + "</ul>\n"
    }

    /// The redaction records of the bundle (`exhibit/redactions.json`), by manifest position; empty when they cannot
    /// be read or do not line up with the manifest.
    private static func redactionRecords(_ contentRoot: String, manifest: BundleManifest) -> [Int: RedactionReport.Item] {
        guard let bytes = try? FileSystem.read(Path.join(contentRoot, "exhibit/redactions.json"), limit: 64 << 20),
            let report = try? JSONDecoder().decode(RedactionReport.self, from: Data(bytes)),
            report.items.count == manifest.items.count
        else { return [:] }
        var records: [Int: RedactionReport.Item] = [:]
        for (index, (record, item)) in zip(report.items, manifest.items).enumerated()
        where record.ref == nil || record.ref == item.ref {
            records[index] = record
        }
        return records
    }

    /// A JPEG of an image at most `previewWidth` pixels wide (large enough to read a screenshot), or nil when it
    /// cannot be made.
    static func previewData(_ path: String, mime: String) -> Data? {
        guard let bytes = try? FileSystem.read(path, limit: 64 << 20),
            let raster = try? (mime == "image/png" ? ImageCodec.decodePNG(bytes) : ImageCodec.decodeJPEG(bytes))
        else { return nil }
        let scale = max(1, (raster.width + previewWidth - 1) / previewWidth)
        let width = max(1, raster.width / scale)
        let height = max(1, raster.height / scale)
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for row in 0..<height {
            for column in 0..<width {
                for channel in 0..<3 {
                    var sum = 0
                    for dy in 0..<scale {
                        for dx in 0..<scale {
                            sum += Int(
                                raster.pixels[
                                    ((row * scale + dy) * raster.width + column * scale + dx) * raster.channels + channel])
                        }
                    }
                    pixels[(row * width + column) * 3 + channel] = UInt8(sum / (scale * scale))
                }
            }
        }
        return
            (try? ImageCodec.encodeJPEG(ImageCodec.Raster(width: width, height: height, channels: 3, pixels: pixels), quality: 85))
            .map { Data($0) }
    }
}
