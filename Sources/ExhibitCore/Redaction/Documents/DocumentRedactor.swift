import Foundation

/// True redaction of PDFs and office documents: each page is rendered (`pdftoppm`, a limited child process),
/// its words found (the PDF's own text layer where it has one, OCR where not), every word the rules replace
/// burned, the burned page read back with OCR (anything still found is burned and read again), and a NEW
/// PDF built from the burned page images only, each with an invisible text layer of what that last reading
/// found (Tesseract's PDF renderer). The produced PDF must pass `qpdf --check`, and `pdftotext` of it must
/// give nothing the rules replace. Office documents are first converted to PDF by LibreOffice
/// (`OfficeConverter`). Encrypted PDFs are withheld. Pages are handled one at a time: memory does not grow
/// with the page count.
package enum DocumentRedactor {
    /// What a document is.
    enum Kind {
        case pdf
        case office
    }

    /// The kind of a media type, or nil when it is not a document this redactor takes.
    static func kind(of mime: String) -> Kind? {
        if mime == "application/pdf" { return .pdf }
        return OfficeConverter.extensions[mime] == nil ? nil : .office
    }

    /// What was done to one document.
    struct Outcome {
        /// The produced PDF, in the private folder.
        var output: String
        /// Rules fired, with counts.
        var rules: [String: Int]
        /// Everything burned, per page, with confidences.
        var findings: [PageFinding]
        /// How the pages were read back.
        var check: ReadbackCheck
        /// What the conversion did (office documents).
        var notes: [String]?
    }

    /// Pixels per inch pages are rendered at (lowered for pages too large for `ImageLimits`).
    static let resolution = 200

    /// Receives each page as rendered, before burning, with what will be burned on it (the review page).
    typealias ReviewSink = (_ page: Int, _ raster: ImageCodec.Raster, _ findings: [PageFinding]) throws -> Void

    /// Redacts the document at `path`.
    /// - Parameters:
    ///   - path: the source file (read only by child processes).
    ///   - mime: its media type (`application/pdf` or an office type).
    ///   - folder: the private folder for every child process and intermediate file.
    ///   - rules: the policy's image rules (OCR confidence; what OCR-read text gets).
    ///   - text: the run's text redactor.
    ///   - engine: the run's OCR engine.
    ///   - review: receives each page for the review page, if one is being written.
    ///   - limits: the limits of each poppler and qpdf child process.
    /// - Returns: the outcome, with the new PDF in `folder`.
    /// - Throws: `ExhibitError` for an encrypted, damaged or oversized document, a child that fails, times out or
    ///   exceeds its memory, OCR failure, or a produced PDF that fails its checks.
    static func redact(
        path: String, mime: String, folder: PrivateFolder, rules: ImageRules, text: TextRedactor,
        engine: () throws -> OCREngine, review: ReviewSink?, limits: ProcessLimits = .renderer
    ) throws -> Outcome {
        var pdf = path
        var notes: [String]?
        if kind(of: mime) == .office {
            pdf = try OfficeConverter.convert(path, mime: mime, folder: folder)
            notes = OfficeConverter.notes
        }
        let info = try PDFTools.info(pdf, folder: folder, limits: limits)
        guard !info.encrypted else { throw ExhibitError.badInput("the PDF is encrypted; encrypted PDFs are withheld") }
        let engine = try engine()
        let pages = PageRedactor(engine: engine, redactor: text, rules: rules)
        let writer = try SearchablePDFWriter(base: "\(folder.path)/redacted", dataPath: engine.dataPath)
        var counts: [String: Int] = [:]
        var findings: [PageFinding] = []
        var check = ReadbackCheck(method: "ocr", pages: 0, areas: 0, words: 0, rounds: 0, findings: 0)
        let image = "\(folder.path)/page.jpg"
        var burned: [(boxes: [PixelRegion], width: Int, height: Int, resolution: Int)] = []
        for number in 1...info.pages {
            let dpi = try resolution(for: info.sizes[number - 1])
            var raster = try PDFTools.render(pdf, page: number, resolution: dpi, folder: folder, limits: limits)
            let before = review == nil ? nil : raster
            let layer = try PDFTools.words(pdf, page: number, folder: folder, limits: limits)
            var words = pixelWords(layer, width: raster.width, height: raster.height, resolution: dpi)
            var fromOCR = false
            if !words.contains(where: \.hasAlphanumerics) {
                words = try engine.recognise(raster, resolution: dpi)
                fromOCR = true
            }
            var plan = try pages.plan(words, fromOCR: fromOCR, page: number)
            var output: [UInt8]
            if fromOCR, plan.boxes.isEmpty {
                // Nothing to burn: the engine holds this very page's reading for the text layer.
                output = try ImageCodec.encodeJPEG(raster, quality: 85)
                check.add(ReadbackCheck(method: "ocr", pages: 1, areas: 1, words: words.count, rounds: 0, findings: 0))
            } else {
                let result = try pages.burnAndCheck(
                    &raster, plan: &plan, judged: words.map(\.box), page: number, resolution: dpi, wholePage: true,
                    encode: { burned in
                        let encoded = try ImageCodec.encodeJPEG(burned, quality: 85)
                        return (encoded, try ImageCodec.decodeJPEG(encoded))
                    })
                guard let encoded = result.output else { throw ExhibitError.environment("the page was not encoded") }
                output = encoded
                check.add(result.check)
            }
            if let review, let before { try review(number, before, plan.findings) }
            try FileSystem.writeAtomically(output, to: image, mode: 0o600)
            try writer.addPage(image: image, engine: engine)
            unlink(image)
            for (rule, count) in plan.counts { counts[rule, default: 0] += count }
            findings += plan.findings
            burned.append((plan.boxes, raster.width, raster.height, dpi))
        }
        try writer.finish()
        try PDFTools.check(writer.path, folder: folder, limits: limits)
        // The text anyone can extract from the shared copy is only what the rules let through. The words its text
        // layer reads off a burned box are the box itself, not what was beneath it, and are not judged.
        var left: [String] = []
        for (index, page) in burned.enumerated() {
            let layer = try PDFTools.words(writer.path, page: index + 1, folder: folder, limits: limits)
            let words = pixelWords(layer, width: page.width, height: page.height, resolution: page.resolution)
                .filter { word in !page.boxes.contains { $0.contains(center: word.box) } }
            left += WordFindings.replaced(in: words, redactor: text).hits.map(\.rule)
        }
        guard left.isEmpty else {
            let rules = Set(left).sorted().joined(separator: ", ")
            throw ExhibitError.verificationFailed(
                "text extracted from the redacted PDF still holds \(left.count) finding(s) (\(rules)); nothing was shared")
        }
        counts["pages-rebuilt", default: 0] += info.pages
        return Outcome(output: writer.path, rules: counts, findings: findings, check: check, notes: notes)
    }

    /// The resolution for a page: `resolution`, or less so that the raster stays within `ImageLimits`.
    /// - Throws: `ExhibitError.badInput` for a page too large to render legibly.
    static func resolution(for size: (width: Double, height: Double)) throws -> Int {
        guard size.width > 0, size.height > 0, size.width.isFinite, size.height.isFinite else {
            throw ExhibitError.badInput("a page of the PDF has no size")
        }
        let bySide = Double(ImageLimits.largestSide - 1) * 72 / max(size.width, size.height)
        let byArea = (Double(ImageLimits.largestArea) / (size.width * size.height)).squareRoot() * 72 * 0.99
        let dpi = Int(min(Double(resolution), bySide, byArea))
        guard dpi >= 36 else {
            throw ExhibitError.badInput("a page of the PDF is \(Int(size.width))x\(Int(size.height)) points, too large to redact")
        }
        return dpi
    }

    /// Text-layer words in the raster's pixels (the layer is in points of the page as rendered).
    private static func pixelWords(
        _ layer: (words: [BoxedWord], width: Double, height: Double), width: Int, height: Int, resolution: Int
    ) -> [OCRWord] {
        let scaleX = layer.width > 0 ? Double(width) / layer.width : Double(resolution) / 72
        let scaleY = layer.height > 0 ? Double(height) / layer.height : Double(resolution) / 72
        return layer.words.compactMap { word in
            let left = Int((word.left * scaleX).rounded(.down))
            let top = Int((word.top * scaleY).rounded(.down))
            let right = Int((word.right * scaleX).rounded(.up))
            let bottom = Int((word.bottom * scaleY).rounded(.up))
            guard right > left, bottom > top, right > 0, bottom > 0, left < width, top < height else { return nil }
            return OCRWord(
                text: word.text,
                box: PixelRegion(x: max(0, left), y: max(0, top), width: right - max(0, left), height: bottom - max(0, top)),
                confidence: 100, block: word.block, paragraph: word.block, line: word.line)
        }
    }
}
