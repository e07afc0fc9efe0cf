/// Redacts a picture (PNG, JPEG, HEIC) under the policy's image rules, reading its text: metadata removed,
/// marked regions and every word the rules find burned in, the result read back. PNG stays PNG (pixels
/// outside burned boxes unchanged); JPEG stays JPEG (not re-compressed when nothing is burned); HEIC is
/// shared as a new JPEG made from its pixels. Any error means the picture is withheld.
package enum PictureRedactor {
    /// Media types with a redactor.
    package static let supported: Set<String> = ["image/png", "image/jpeg", "image/heic", "image/heif"]

    /// What was done to one picture.
    struct Outcome {
        /// The shared copy.
        var output: [UInt8]
        /// Its media type (`image/jpeg` for a HEIC photo).
        var sharedAs: String
        /// Rules fired, with counts (`metadata:exif`, `burned-regions`, `party:witness`, …).
        var rules: [String: Int]
        /// Everything burned, with confidences (for the preview and the review page).
        var findings: [PageFinding]
        /// How the shared copy was read back (nil when text is not read under the policy).
        var check: ReadbackCheck?
        /// The picture as decoded, before burning (for the review page); nil unless asked for.
        var original: ImageCodec.Raster?
    }

    /// The width and height from a picture's header, without decoding it.
    /// - Throws: `ExhibitError.badInput` when the header cannot be read.
    package static func dimensions(_ bytes: [UInt8], mime: String) throws -> (width: Int, height: Int) {
        if mime == "image/heic" || mime == "image/heif" {
            let header = try HEIFFile.header(bytes)
            return (header.width, header.height)
        }
        return try ImageCodec.dimensions(bytes, mime: mime)
    }

    /// The redacted picture.
    /// - Parameters:
    ///   - bytes: the original.
    ///   - mime: its media type, one of `supported`.
    ///   - marks: regions marked for this picture.
    ///   - rules: the policy's image rules.
    ///   - text: the run's text redactor (detectors, parties, policy actions).
    ///   - engine: the run's OCR engine, started when first needed.
    ///   - keepOriginal: keep the decoded original in the outcome (review page).
    /// - Returns: the outcome.
    /// - Throws: `ExhibitError` when the picture is too large, corrupt, unreadable by OCR, or still shows what
    ///   the rules remove after burning.
    static func redact(
        _ bytes: [UInt8], mime: String, marks: [PixelRegion], rules: ImageRules, text: TextRedactor,
        engine: () throws -> OCREngine, keepOriginal: Bool = false
    ) throws -> Outcome {
        // Header first: nothing is decoded from a picture larger than the limits.
        let (width, height) = try dimensions(bytes, mime: mime)
        try ImageLimits.check(width: width, height: height)
        let marks = rules.burnMarkedRegions ? marks : []
        if rules.textInImages == .keep, mime == "image/png" || mime == "image/jpeg" {
            let (output, counts) = try ImageRedactor.redact(bytes, mime: mime, regions: marks, rules: rules)
            return Outcome(output: output, sharedAs: mime, rules: counts, findings: [], check: nil, original: nil)
        }

        var counts: [String: Int] = [:]
        var stripped: [UInt8]?
        var raster: ImageCodec.Raster
        let encode: (ImageCodec.Raster) throws -> (output: [UInt8], decoded: ImageCodec.Raster)
        let sharedAs: String
        switch mime {
        case "image/png":
            let (output, removed) = try PNGFile.stripped(bytes)
            stripped = output
            counts = metadataCounts(removed)
            raster = try ImageCodec.decodePNG(output)
            sharedAs = mime
            encode = { raster in (try ImageCodec.encodePNG(raster), raster) }
        case "image/jpeg":
            let (output, removed) = try JPEGFile.stripped(bytes)
            stripped = output
            counts = metadataCounts(removed)
            raster = try ImageCodec.decodeJPEG(output)
            sharedAs = mime
            encode = jpeg
        case "image/heic", "image/heif":
            let metadata = try HEIFFile.header(bytes).metadata
            if metadata > 0 { counts["metadata:heif"] = metadata }
            counts["converted:heic-to-jpeg"] = 1
            raster = try HEIFFile.decode(bytes)
            sharedAs = "image/jpeg"
            encode = jpeg
        default:
            throw ExhibitError.badInput("no redactor for \(mime)")
        }
        let original = keepOriginal ? raster : nil

        var plan = PageRedactor.Plan()
        var check: ReadbackCheck?
        var words: [OCRWord] = []
        let page = rules.textInImages == .keep ? nil : PageRedactor(engine: try engine(), redactor: text, rules: rules)
        if let page {
            words = try page.engine.recognise(raster)
            plan = try page.plan(words, fromOCR: true, page: 1)
        }
        for mark in marks {
            plan.boxes.append(mark)
            plan.findings.append(PageFinding(page: 1, rule: "burned-regions", confidence: 100, box: mark))
        }
        if !marks.isEmpty { plan.counts["burned-regions"] = marks.count }

        var output: [UInt8]
        if plan.boxes.isEmpty, let stripped {
            // Nothing to burn: the metadata-free copy has the very pixels the first reading read.
            output = stripped
            check = page.map { _ in ReadbackCheck(method: "ocr", pages: 1, areas: 1, words: words.count, rounds: 0, findings: 0) }
        } else if let page {
            let result = try page.burnAndCheck(
                &raster, plan: &plan, judged: words.map(\.box), page: 1, resolution: nil, wholePage: false, encode: encode)
            guard let encoded = result.output else { throw ExhibitError.environment("the redacted picture was not encoded") }
            output = encoded
            check = result.check
        } else {
            raster.fill(plan.boxes)
            output = try encode(raster).output
        }
        for (rule, count) in plan.counts { counts[rule, default: 0] += count }
        return Outcome(
            output: output, sharedAs: sharedAs, rules: counts, findings: plan.findings, check: check, original: original)
    }

    private static func metadataCounts(_ removed: [String: Int]) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: removed.map { ("metadata:\($0.key)", $0.value) })
    }

    private static func jpeg(_ raster: ImageCodec.Raster) throws -> (output: [UInt8], decoded: ImageCodec.Raster) {
        let output = try ImageCodec.encodeJPEG(raster)
        return (output, try ImageCodec.decodeJPEG(output))
    }
}
