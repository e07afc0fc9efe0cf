import Foundation

/// Poppler's command-line tools (`pdfinfo`, `pdftoppm`, `pdftotext`) and `qpdf`, each run on the hostile PDF as a
/// limited child process (`LimitedProcess`) in the file's private folder. Poppler is GPL: it is run as a separate
/// program, never linked.
enum PDFTools {
    /// What `pdfinfo` says about a document.
    struct Info {
        var pages: Int
        var encrypted: Bool
        /// Width and height of each page in points, rotation applied.
        var sizes: [(width: Double, height: Double)]
    }

    /// Most pages redacted from one document.
    static let maximumPages = 2000

    /// Page count, encryption and page sizes.
    /// - Throws: `ExhibitError.badInput` when the PDF cannot be read, needs a password or has too many pages.
    static func info(_ path: String, folder: PrivateFolder, limits: ProcessLimits = .renderer) throws -> Info {
        let pdfinfo = try LimitedProcess.locate("pdfinfo", package: "poppler-utils")
        let first = try LimitedProcess.run(pdfinfo, [path], in: folder, limits: limits)
        try expect(first, "pdfinfo", password: true)
        let summary = fields(first.stdout)
        guard let pages = summary["Pages"].flatMap({ Int($0) }), pages > 0 else {
            throw ExhibitError.badInput("the PDF has no pages that can be read")
        }
        guard pages <= maximumPages else {
            throw ExhibitError.badInput("the PDF has \(pages) pages, more than Exhibit redacts (\(maximumPages))")
        }
        let encrypted = summary["Encrypted"].map { $0.hasPrefix("yes") } ?? true
        let detail = try LimitedProcess.run(pdfinfo, ["-f", "1", "-l", String(pages), path], in: folder, limits: limits)
        try expect(detail, "pdfinfo", password: true)
        var sizes: [(Double, Double)] = []
        var rotations: [Int] = []
        for line in String(decoding: detail.stdout, as: UTF8.self).split(whereSeparator: \.isNewline) {
            let words = line.split(separator: " ", omittingEmptySubsequences: true)
            guard words.count >= 4, words[0] == "Page", Int(words[1]) != nil else { continue }
            if words[2] == "size:", words.count >= 6, let width = Double(words[3]), let height = Double(words[5]) {
                sizes.append((width, height))
            } else if words[2] == "rot:", let rotation = Int(words[3]) {
                rotations.append(rotation)
            }
        }
        guard sizes.count == pages else { throw ExhibitError.badInput("pdfinfo did not give the size of every page") }
        let turned = sizes.enumerated().map { index, size in
            (index < rotations.count && rotations[index] % 180 != 0) ? (size.1, size.0) : size
        }
        return Info(pages: pages, encrypted: encrypted, sizes: turned)
    }

    /// A page rendered to RGB by `pdftoppm` at `resolution` pixels per inch.
    /// - Throws: `ExhibitError.badInput` when rendering fails, times out or exceeds its memory.
    static func render(
        _ path: String, page: Int, resolution: Int, folder: PrivateFolder, limits: ProcessLimits = .renderer
    ) throws -> ImageCodec.Raster {
        let pdftoppm = try LimitedProcess.locate("pdftoppm", package: "poppler-utils")
        let prefix = "\(folder.path)/page"
        defer { unlink(prefix + ".ppm") }
        let run = try LimitedProcess.run(
            pdftoppm, ["-r", String(resolution), "-f", String(page), "-l", String(page), "-singlefile", path, prefix], in: folder,
            limits: limits)
        try expect(run, "pdftoppm (page \(page))", password: false)
        return try PPMFile.decode(FileSystem.read(prefix + ".ppm", limit: Int(limits.fileSize)))
    }

    /// The words of a page's own text layer, with boxes in points (`pdftotext -bbox-layout`).
    /// - Returns: the words and the page's width and height in points.
    /// - Throws: `ExhibitError.badInput` when extraction fails.
    static func words(
        _ path: String, page: Int, folder: PrivateFolder, limits: ProcessLimits = .renderer
    ) throws -> (words: [BoxedWord], width: Double, height: Double) {
        let pdftotext = try LimitedProcess.locate("pdftotext", package: "poppler-utils")
        let run = try LimitedProcess.run(
            pdftotext, ["-bbox-layout", "-enc", "UTF-8", "-f", String(page), "-l", String(page), path, "-"], in: folder,
            limits: limits)
        try expect(run, "pdftotext (page \(page))", password: false)
        return try BoundingBoxLayout.parse(run.stdout)
    }

    /// The whole text of a PDF (`pdftotext`), for the check of a produced copy.
    static func text(_ path: String, folder: PrivateFolder, limits: ProcessLimits = .renderer) throws -> [UInt8] {
        let pdftotext = try LimitedProcess.locate("pdftotext", package: "poppler-utils")
        let run = try LimitedProcess.run(pdftotext, ["-enc", "UTF-8", path, "-"], in: folder, limits: limits)
        try expect(run, "pdftotext", password: false)
        return run.stdout
    }

    /// `qpdf --check`: the produced PDF's structure is sound (exit 0: no errors, no warnings).
    /// - Throws: `ExhibitError.verificationFailed` when qpdf finds a problem.
    static func check(_ path: String, folder: PrivateFolder, limits: ProcessLimits = .renderer) throws {
        let qpdf = try LimitedProcess.locate("qpdf", package: "qpdf")
        let run = try LimitedProcess.run(qpdf, ["--check", path], in: folder, limits: limits)
        guard run.succeeded else {
            throw ExhibitError.verificationFailed("qpdf --check rejects the produced PDF (\(run.firstErrorLine))")
        }
    }

    /// "Key: value" lines of pdfinfo's output.
    private static func fields(_ output: [UInt8]) -> [String: String] {
        var result: [String: String] = [:]
        for line in String(decoding: output, as: UTF8.self).split(whereSeparator: \.isNewline) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            result[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return result
    }

    private static func expect(_ run: LimitedProcess.Outcome, _ what: String, password: Bool) throws {
        if run.timedOut { throw ExhibitError.badInput("\(what) ran out of time on the PDF") }
        guard run.succeeded else {
            if password, run.firstErrorLine.lowercased().contains("password") {
                throw ExhibitError.badInput("the PDF is encrypted (it needs a password)")
            }
            let detail = run.firstErrorLine.isEmpty ? "exit status \(run.status)" : run.firstErrorLine
            throw ExhibitError.badInput("\(what) failed on the PDF (\(detail))")
        }
    }
}

/// A word with a box in the source's own units (points for a PDF text layer), before scaling to pixels.
struct BoxedWord: Equatable {
    var text: String
    var left: Double
    var top: Double
    var right: Double
    var bottom: Double
    var block: Int
    var line: Int
}

/// Binary PPM (P6, 8-bit) as `pdftoppm` writes it.
package enum PPMFile {
    /// Decodes a P6 image.
    /// - Throws: `ExhibitError.badInput` when the header is malformed, the image too large or the data short.
    static func decode(_ bytes: [UInt8]) throws -> ImageCodec.Raster {
        var index = 0
        func token() throws -> Int {
            while index < bytes.count {
                if bytes[index] == UInt8(ascii: "#") {
                    while index < bytes.count, bytes[index] != 0x0A { index += 1 }
                } else if [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) {
                    index += 1
                } else {
                    break
                }
            }
            var value = 0
            var digits = 0
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39, digits < 9 {
                value = value * 10 + Int(bytes[index] - 0x30)
                index += 1
                digits += 1
            }
            guard digits > 0 else { throw ExhibitError.badInput("the rendered page is not a PPM image") }
            return value
        }
        guard bytes.count > 2, bytes[0] == UInt8(ascii: "P"), bytes[1] == UInt8(ascii: "6") else {
            throw ExhibitError.badInput("the rendered page is not a P6 PPM image")
        }
        index = 2
        let width = try token()
        let height = try token()
        let maximum = try token()
        guard maximum == 255 else { throw ExhibitError.badInput("the rendered page is not 8-bit") }
        try ImageLimits.check(width: width, height: height)
        index += 1
        let size = width * height * 3
        guard bytes.count - index >= size else { throw ExhibitError.badInput("the rendered page is truncated") }
        return ImageCodec.Raster(width: width, height: height, channels: 3, pixels: Array(bytes[index..<(index + size)]))
    }
}
