import Foundation

/// Applies a policy to one file: shares it, redacts it with the text, e-mail or image redactor, or
/// withholds it. Fails closed: a file type with no redactor, or any error while redacting, withholds the
/// file and removes whatever partial output there was.
package struct FileRedactor {
    let policy: SharingPolicy
    let text: TextRedactor
    /// The run's OCR engine, started when the first picture needs it.
    let ocr = OCRSession()
    /// The review page being written (`redact --preview --review`), if any.
    package var review: ReviewPage? = nil

    /// Text formats and how each is read.
    enum TextFormat {
        case plain
        case json
        /// HTML and XML.
        case html
        case email

        init?(mediaType: String) {
            switch mediaType {
            case "text/plain", "text/csv", "text/markdown", "application/yaml": self = .plain
            case "application/json": self = .json
            // XML has the same numeric character references as HTML.
            case "text/html", "application/xhtml+xml", "application/xml", "text/xml": self = .html
            case "message/rfc822": self = .email
            default: return nil
            }
        }
    }

    /// Processes one file.
    /// - Parameters:
    ///   - source: the file and where its object lives.
    ///   - destination: where to write the output, or nil for a preview (nothing is written).
    /// - Returns: the item, with the treatment actually applied.
    package func process(_ source: RedactionSource, destination: String?) -> RedactedItem {
        var item = RedactedItem(
            ref: source.ref, file: source.file, mediaType: source.mediaType, category: source.category,
            sha256: source.digests.sha256, size: source.digests.size, treatment: policy.treatment(for: source.category),
            reason: nil,
            rules: [:], samples: [:], output: nil, derived: nil)
        switch item.treatment {
        case .withhold:
            item.reason = "the policy withholds \(source.category ?? "uncategorised") exhibits"
            return item
        case .hashOnly:
            return item
        case .share, .redact:
            break
        }
        // A shared file that is not copied here is read (and its hash checked) by whoever streams it on.
        if item.treatment == .share, destination == nil { return item }
        do {
            // Never pass on content that no longer has its registered hash.
            let actual = try ObjectHasher.sha256(path: source.contentPath)
            guard actual.sha256 == source.digests.sha256 else {
                throw ExhibitError.verificationFailed("the stored copy no longer has its registered hash; run exhibit verify")
            }
            if item.treatment == .share {
                if let destination { try copy(source.contentPath, to: destination) }
                return item
            }
            var tally = RedactionTally()
            if let format = TextFormat(mediaType: source.mediaType) {
                try redactText(source.contentPath, format: format, destination: destination, tally: &tally)
            } else if PictureRedactor.supported.contains(source.mediaType) {
                try redactPicture(source, destination: destination, item: &item, tally: &tally)
            } else if DocumentRedactor.kind(of: source.mediaType) != nil {
                try redactDocument(source, destination: destination, item: &item, tally: &tally)
            } else {
                item.treatment = policy.unsupportedTypes
                item.reason = "no redactor for \(source.mediaType)"
                return item
            }
            item.rules = tally.rules
            item.samples = tally.samples
            item.people = tally.people.isEmpty ? nil : tally.people
        } catch {
            if let destination { unlink(destination) }
            item.treatment = .withhold
            item.reason = "could not be redacted safely (\(error)); withheld"
            item.rules = [:]
            item.samples = [:]
            item.findings = nil
            item.check = nil
            item.sharedAs = nil
            item.notes = nil
            item.people = nil
        }
        return item
    }

    private func redactText(_ path: String, format: TextFormat, destination: String?, tally: inout RedactionTally) throws {
        if format == .email {
            let output = try EmailRedactor.redact(
                FileSystem.read(path, limit: EmailRedactor.largest), redactor: text, tally: &tally, attachments: redactAttachment)
            if let destination { try FileSystem.writeAtomically(output, to: destination, mode: 0o644, replace: false) }
            return
        }
        let input = open(path, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw FileSystem.error(path, "cannot open") }
        defer { close(input) }
        var normalise: (([UInt8]) -> [UInt8])?
        switch format {
        case .html: normalise = TextNormaliser.html
        case .json: normalise = TextNormaliser.json
        case .plain, .email: normalise = nil
        }
        guard let destination else {
            try text.redactStream(source: input, path: path, normalise: normalise, tally: &tally) { _ in }
            return
        }
        try Self.writeStreaming(to: destination) { output, temporary in
            try text.redactStream(source: input, path: path, normalise: normalise, tally: &tally) { chunk in
                try FileSystem.writeAll(output, chunk, path: temporary)
            }
        }
    }

    /// Copies a file as it is, streaming.
    func copy(_ path: String, to destination: String) throws {
        let input = open(path, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw FileSystem.error(path, "cannot open") }
        defer { close(input) }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        try Self.writeStreaming(to: destination) { output, temporary in
            while true {
                let count = buffer.withUnsafeMutableBytes { Glibc.read(input, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                guard count >= 0 else { throw FileSystem.error(path, "cannot read") }
                if count == 0 { break }
                try buffer.withUnsafeBytes {
                    try FileSystem.writeAll(output, UnsafeRawBufferPointer(rebasing: $0[0..<count]), path: temporary)
                }
            }
        }
    }

    /// Writes `destination` through a temporary file: created, filled by `body`, flushed, renamed; removed
    /// on any failure so no partial output remains.
    private static func writeStreaming(to destination: String, _ body: (Int32, String) throws -> Void) throws {
        let temporary = destination + ".part"
        let output = try FileSystem.createFile(temporary, mode: 0o644)
        do {
            defer { close(output) }
            try body(output, temporary)
            guard fsync(output) == 0 else { throw FileSystem.error(temporary, "cannot flush") }
        } catch {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, destination) == 0 else {
            unlink(temporary)
            throw FileSystem.error(destination, "cannot move into place")
        }
    }

    /// Creates a redactor for one run: the policy, and the run's text redactor (its rules and the case's people).
    package init(policy: SharingPolicy, text: TextRedactor) {
        self.policy = policy
        self.text = text
    }
}
