import Foundation

/// The review page of `exhibit redact --preview --review FILE.html`: one self-contained HTML file (pictures
/// embedded as `data:` URIs, no script, a Content-Security-Policy that lets nothing load from anywhere) showing
/// every picture and page with the boxes that would be burned drawn on it, and what each box is (rule and OCR
/// confidence, never the text). Written as the run goes, through a temporary file renamed into place at the
/// end; removed if the run fails. It holds the unredacted pictures: it is for the officer, never for sharing.
public final class ReviewPage {
    private let path: String
    private let temporary: String
    private let descriptor: Int32
    private var finished = false
    /// Pictures wider than this are scaled down in the page.
    static let displayWidth = 900

    /// Starts the page at `path`, which must not exist yet.
    /// - Throws: `ExhibitError.badInput` when the file exists; `.environment` when it cannot be written.
    public init(path: String, title: String) throws {
        self.path = FileSystem.absolute(path)
        if FileSystem.exists(self.path) { throw ExhibitError.badInput("\(path) already exists; refusing to overwrite it") }
        let folder = URL(fileURLWithPath: self.path).deletingLastPathComponent().path
        temporary = "\(folder)/.review-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).part"
        descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { throw FileSystem.error(folder, "cannot create the review page") }
        try write(
            """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
            <meta name="referrer" content="no-referrer">
            <title>Redaction review</title>
            <style>
            body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#111}
            figure{margin:1.5em 0;border:1px solid #ccc;padding:.5em;max-width:\(Self.displayWidth)px}
            svg{width:100%;height:auto;display:block}
            rect{fill:rgba(255,0,0,.18);stroke:#d00;stroke-width:3}
            table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}
            .warn{color:#a00;font-weight:bold}
            </style></head><body>
            <h1>Redaction review: \(Self.escape(title))</h1>
            <p class="warn">Shows the material before redaction. For the officer checking the redaction only: do not share this file.</p>

            """)
    }

    deinit {
        close(descriptor)
        if !finished { unlink(temporary) }
    }

    /// Adds one picture or page with the boxes to be burned.
    /// - Parameters:
    ///   - ref: the exhibit.
    ///   - file: the file's path in the exhibit.
    ///   - page: the page (1 for a picture).
    ///   - raster: the picture as decoded, before burning.
    ///   - findings: the boxes and what they are.
    /// - Throws: `ExhibitError.environment` when writing fails.
    func add(ref: String, file: String, page: Int, raster: ImageCodec.Raster, findings: [PageFinding]) throws {
        let rgb = raster.channels == 3 ? raster : Self.dropAlpha(raster)
        let jpeg = try ImageCodec.encodeJPEG(rgb, quality: 80)
        var html = "<figure><figcaption><b>\(Self.escape(ref))</b> \(Self.escape(file))"
        html += page > 1 || findings.contains(where: { $0.page > 1 }) ? ", page \(page)" : ""
        html += ": \(findings.count) box(es) to burn</figcaption>\n"
        html += "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(raster.width) \(raster.height)\">"
        html += "<image width=\"\(raster.width)\" height=\"\(raster.height)\" href=\"data:image/jpeg;base64,"
        try write(html)
        try write(Data(jpeg).base64EncodedString())
        html = "\"/>"
        for finding in findings {
            let box = finding.box
            html += "<rect x=\"\(box.x)\" y=\"\(box.y)\" width=\"\(box.width)\" height=\"\(box.height)\">"
            html += "<title>\(Self.escape(finding.rule)) (confidence \(finding.confidence))</title></rect>"
        }
        html += "</svg>\n"
        if !findings.isEmpty {
            html += "<table><tr><th>rule</th><th>confidence</th><th>box (x,y,w,h)</th></tr>"
            for finding in findings {
                html += "<tr><td>\(Self.escape(finding.rule))</td><td>\(finding.confidence)</td><td>\(finding.box)</td></tr>"
            }
            html += "</table>"
        }
        try write(html + "</figure>\n")
    }

    /// Finishes the page with a summary of every file of the run, flushes it and moves it into place.
    /// - Throws: `ExhibitError.environment` when writing or renaming fails.
    package func finish(items: [RedactedItem]) throws {
        var html = "<h2>Every file</h2><table><tr><th>exhibit</th><th>file</th><th>treatment</th><th>rules</th></tr>"
        for item in items {
            let rules = item.rules.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
            let treatment = item.treatment.rawValue + (item.reason.map { ": \($0)" } ?? "")
            html += "<tr><td>\(Self.escape(item.ref))</td><td>\(Self.escape(item.file))</td><td>\(Self.escape(treatment))</td>"
            html += "<td>\(Self.escape(rules))</td></tr>"
        }
        try write(html + "</table></body></html>\n")
        guard fsync(descriptor) == 0 else { throw FileSystem.error(temporary, "cannot flush") }
        guard rename(temporary, path) == 0 else { throw FileSystem.error(path, "cannot move the review page into place") }
        finished = true
    }

    private func write(_ text: String) throws {
        try FileSystem.writeAll(descriptor, Array(text.utf8), path: temporary)
    }

    private static func dropAlpha(_ raster: ImageCodec.Raster) -> ImageCodec.Raster {
        var pixels = [UInt8]()
        pixels.reserveCapacity(raster.width * raster.height * 3)
        for index in stride(from: 0, to: raster.pixels.count, by: raster.channels) {
            pixels += raster.pixels[index..<(index + 3)]
        }
        return ImageCodec.Raster(width: raster.width, height: raster.height, channels: 3, pixels: pixels)
    }

    /// Text made safe for HTML (and terminals: control characters become U+FFFD).
    static func escape(_ text: String) -> String {
        var output = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            default:
                output.unicodeScalars.append(scalar.properties.generalCategory == .control ? "\u{FFFD}" : scalar)
            }
        }
        return output
    }
}
