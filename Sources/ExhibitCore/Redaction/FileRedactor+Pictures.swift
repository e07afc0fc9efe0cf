/// The picture and document paths of `FileRedactor`: PNG, JPEG and HEIC through `PictureRedactor`; PDF and
/// office documents through `DocumentRedactor`.
extension FileRedactor {
    /// Redacts one picture into `destination` (nil: preview) and records what was done on `item`.
    func redactPicture(_ source: RedactionSource, destination: String?, item: inout RedactedItem, tally: inout RedactionTally)
        throws
    {
        let regions = source.marks
        let bytes = try FileSystem.read(source.contentPath, limit: 256 << 20)
        let outcome = try PictureRedactor.redact(
            bytes, mime: source.mediaType, marks: regions, rules: policy.images, text: text, engine: ocr.engine,
            keepOriginal: review != nil)
        tally.merge(outcome.rules)
        item.check = outcome.check
        item.findings = outcome.findings
        if outcome.sharedAs != source.mediaType { item.sharedAs = outcome.sharedAs }
        if let review, let original = outcome.original {
            try review.add(ref: source.ref, file: source.file, page: 1, raster: original, findings: outcome.findings)
        }
        if let destination {
            try FileSystem.writeAtomically(outcome.output, to: destination, mode: 0o644, replace: false)
        }
    }

    /// Redacts one PDF or office document into `destination` (nil: preview) as a new PDF made of burned page
    /// images, and records what was done on `item`.
    func redactDocument(_ source: RedactionSource, destination: String?, item: inout RedactedItem, tally: inout RedactionTally)
        throws
    {
        let folder = try PrivateFolder()
        // The output lives in the folder: keep it until the output has been copied.
        defer { withExtendedLifetime(folder) {} }
        let outcome = try DocumentRedactor.redact(
            path: source.contentPath, mime: source.mediaType, folder: folder, rules: policy.images, text: text,
            engine: ocr.engine,
            review: review.map { review in
                { page, raster, findings in
                    try review.add(ref: source.ref, file: source.file, page: page, raster: raster, findings: findings)
                }
            })
        tally.merge(outcome.rules)
        item.check = outcome.check
        item.findings = outcome.findings
        item.notes = outcome.notes
        if source.mediaType != "application/pdf" { item.sharedAs = "application/pdf" }
        if let destination { try copy(outcome.output, to: destination) }
    }
}

extension FileRedactor {
    /// Redacts an e-mail attachment that is a picture or a document, as the same file would be redacted on
    /// its own (marks excepted); nil for any other type (the attachment is then withheld).
    func redactAttachment(_ bytes: [UInt8], mime: String, name: String) throws -> (
        bytes: [UInt8], mime: String, name: String, rules: [String: Int]
    )? {
        if PictureRedactor.supported.contains(mime) {
            let outcome = try PictureRedactor.redact(
                bytes, mime: mime, marks: [], rules: policy.images, text: text, engine: ocr.engine)
            let renamed = outcome.sharedAs == mime ? name : SharedFormat.renamed(name, to: "jpg")
            return (outcome.output, outcome.sharedAs, renamed, outcome.rules)
        }
        guard DocumentRedactor.kind(of: mime) != nil else { return nil }
        let folder = try PrivateFolder()
        // The output lives in the folder: keep it until the output has been copied.
        defer { withExtendedLifetime(folder) {} }
        let input = "\(folder.path)/attachment"
        try FileSystem.writeAtomically(bytes, to: input, mode: 0o600)
        let outcome = try DocumentRedactor.redact(
            path: input, mime: mime, folder: folder, rules: policy.images, text: text, engine: ocr.engine, review: nil)
        let renamed = mime == "application/pdf" ? name : SharedFormat.renamed(name, to: "pdf")
        return (try FileSystem.read(outcome.output, limit: EmailRedactor.largest), "application/pdf", renamed, outcome.rules)
    }
}

/// The OCR engine of one redaction run, started when the first picture needs it and shared by every file
/// of the run (loading the model once).
package final class OCRSession {
    private var started: OCREngine?

    /// The engine.
    /// - Throws: `ExhibitError.environment` when Tesseract or its English model cannot be loaded.
    func engine() throws -> OCREngine {
        if let started { return started }
        let engine = try OCREngine()
        started = engine
        return engine
    }
}
