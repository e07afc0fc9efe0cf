import Foundation

/// The self-contained HTML report of a received bundle, for a social worker or officer to open: sender,
/// purpose, policy and marking, every check's verdict, each item (a thumbnail for images, hashes, what the
/// policy did) and the continuity timeline. No external resources: styles inline, thumbnails as data URIs.
/// Every piece of text from the bundle is escaped.
package enum BundleReport {
    /// The report of a bundle that passed every check.
    /// - Parameters:
    ///   - verdict: the checks.
    ///   - manifest: the item manifest.
    ///   - custody: the checked custody extract.
    ///   - contentRoot: the checked inner bag's folder (thumbnails are made from the files in it).
    /// - Returns: the HTML page.
    package static func html(
        _ verdict: BundleVerdict, manifest: BundleManifest, custody: CustodyExtract.Checked, contentRoot: String
    ) -> String {
        var body = ""
        let marking = escape(manifest.policy.protectiveMarking)
        body += "<p class=\"marking\">\(marking)</p>\n"
        body += "<h1>Bundle \(escape(manifest.bundleID))</h1>\n"
        body +=
            "<p class=\"verdict \(verdict.passed ? "ok" : "bad")\">\(verdict.passed ? "All checks passed" : "CHECKS FAILED")</p>\n"
        body += "<table class=\"facts\">\n"
        for (label, value) in [
            ("From", "\(manifest.sender.name) (certificate \(Certificate.display(fingerprint: manifest.sender.fingerprint)))"),
            ("To", manifest.recipient.name), ("Case", manifest.caseRef ?? "(not shared under this policy)"),
            ("Purpose", manifest.purpose),
            ("Policy", "\(manifest.policy.title) — \(manifest.policy.id) \(manifest.policy.version)"),
            ("Lawful basis", manifest.policy.lawfulBasis), ("Retention", manifest.policy.retention),
            ("Onward sharing", manifest.policy.onwardSharing), ("Created", manifest.createdAt),
            ("Bundle SHA-256", verdict.bundleSHA256),
        ] {
            body += "<tr><th>\(escape(label))</th><td>\(escape(value))</td></tr>\n"
        }
        body += "</table>\n<h2>Checks</h2>\n<ol class=\"checks\">\n"
        for check in verdict.checks {
            body +=
                "<li class=\"\(check.passed ? "ok" : "bad")\"><b>\(check.passed ? "✔" : "✘") \(escape(check.name))</b> — \(escape(check.detail))</li>\n"
        }
        body += "</ol>\n<h2>Items</h2>\n<table class=\"items\">\n"
        body += "<tr><th></th><th>Exhibit</th><th>What the policy did</th><th>Hashes</th></tr>\n"
        for item in manifest.items {
            var thumbnail = ""
            if let file = item.file, ["image/png", "image/jpeg"].contains(item.mediaType ?? ""),
                let data = thumbnailData(Path.join(contentRoot, file), mime: item.mediaType ?? "")
            {
                thumbnail = "<img alt=\"\" src=\"data:image/jpeg;base64,\(data.base64EncodedString())\">"
            }
            var what = escape(item.treatment.rawValue)
            if let reason = item.reason { what += "<br><small>\(escape(reason))</small>" }
            var description = "<b>\(escape(item.ref))</b>"
            if let category = item.category { description += " <small>(\(escape(category)))</small>" }
            if let text = item.description { description += "<br>\(escape(text))" }
            if let file = item.file { description += "<br><code>\(escape(file))</code>" }
            var hashes = "source <code>\(escape(item.sourceSHA256))</code>"
            if let shared = item.sha256 { hashes += "<br>shared <code>\(escape(shared))</code>" }
            if let size = item.size { hashes += "<br>\(size) bytes" }
            body += "<tr><td>\(thumbnail)</td><td>\(description)</td><td>\(what)</td><td>\(hashes)</td></tr>\n"
        }
        body += "</table>\n<h2>Continuity</h2>\n"
        body +=
            "<p>Checkpoint of the sender's ledger: \(custody.checkpoint.size) entries, root <code>\(Hex.encode(custody.checkpoint.root))</code>, signed \(escape(custody.checkpoint.time)). Each entry below is proven to be in it.</p>\n"
        body += "<table class=\"timeline\">\n<tr><th>#</th><th>When</th><th>What</th><th>Who</th><th>Details</th></tr>\n"
        for item in custody.entries {
            guard let entry = item.entry else {
                body +=
                    "<tr><td>\(item.seq)</td><td colspan=\"4\"><small>entry hash <code>\(escape(item.hash))</code> (details not shared under this policy)</small></td></tr>\n"
                continue
            }
            var details = [String]()
            if !entry.exhibits.isEmpty { details.append(entry.exhibits.joined(separator: ", ")) }
            if let transfer = entry.details?.transfer { details.append("from \(transfer.from) to \(transfer.to)") }
            if let reason = entry.reason { details.append(reason) }
            if let location = entry.location { details.append("at \(location)") }
            if let text = entry.text { details.append(text) }
            body +=
                "<tr><td>\(entry.sequence)</td><td>\(escape(entry.time))</td><td>\(escape(entry.action.rawValue))</td>"
                + "<td>\(escape(entry.actor.name)) <small>(\(escape(entry.actor.agency)))</small></td><td>\(escape(details.joined(separator: "; ")))</td></tr>\n"
        }
        body += "</table>\n<p class=\"marking\">\(marking)</p>\n"
        return page(
            title: "\(manifest.policy.protectiveMarking) — bundle \(manifest.bundleID) from \(manifest.sender.name)", body: body)
    }

    /// The report of a rejected bundle: nothing was imported, and which check failed and why.
    package static func rejected(_ verdict: BundleVerdict) -> String {
        var body = "<h1>Bundle \(escape(verdict.bundleID ?? "(unreadable)")) was REJECTED</h1>\n"
        body += "<p class=\"verdict bad\">Nothing from this bundle was imported or kept.</p>\n"
        body += "<p>SHA-256 of the file received: <code>\(escape(verdict.bundleSHA256))</code></p>\n"
        body += "<h2>Checks</h2>\n<ol class=\"checks\">\n"
        for check in verdict.checks {
            body +=
                "<li class=\"\(check.passed ? "ok" : "bad")\"><b>\(check.passed ? "✔" : "✘") \(escape(check.name))</b> — \(escape(check.detail))</li>\n"
        }
        for check in verdict.notRun { body += "<li><b>– \(escape(check.title))</b> — not run</li>\n" }
        body += "</ol>\n"
        return page(title: "Rejected bundle \(verdict.bundleID ?? "")", body: body)
    }

    /// A self-contained page: inline styles, no external resource.
    private static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <style>
        body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2em auto;max-width:70em;color:#1b1b1b;line-height:1.4}
        h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccc}
        .marking{text-align:center;font-weight:bold;letter-spacing:.1em;color:#8a1a1a}
        .verdict{font-size:1.2em;font-weight:bold;padding:.4em .8em;display:inline-block;border-radius:4px}
        .ok{color:#0b6b2b}.bad{color:#a00}.verdict.ok{background:#e3f4e8}.verdict.bad{background:#fbe3e3}
        table{border-collapse:collapse;width:100%}th,td{border:1px solid #ddd;padding:.35em .5em;vertical-align:top;text-align:left}
        th{background:#f4f4f4}.facts th{width:12em}code{font-size:.8em;word-break:break-all}img{max-width:160px;max-height:200px}
        .checks li{margin:.2em 0}
        </style></head><body>
        \(body)</body></html>

        """
    }

    /// HTML-escapes text.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// A small JPEG (at most 240 pixels wide) of an image, or nil when it cannot be made.
    static func thumbnailData(_ path: String, mime: String) -> Data? {
        guard let bytes = try? FileSystem.read(path, limit: 64 << 20),
            let raster = try? (mime == "image/png" ? ImageCodec.decodePNG(bytes) : ImageCodec.decodeJPEG(bytes))
        else { return nil }
        let scale = max(1, (raster.width + 239) / 240)
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
            (try? ImageCodec.encodeJPEG(ImageCodec.Raster(width: width, height: height, channels: 3, pixels: pixels), quality: 80))
            .map { Data($0) }
    }
}
