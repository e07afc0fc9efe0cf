import Foundation
import Testing

@testable import ExhibitCore
@testable import ExhibitKit

/// Material for the OCR and document tests, generated here with real fonts (poppler renders the PDFs with the
/// system's fonts), and the stock tools that judge the results: `tesseract`, `pdftotext`, `pdftoppm`,
/// `pdfinfo`, `qpdf`, `exiftool`, `heif-enc`, `bsdtar`. Each is installed by `scripts/install-deps test`;
/// a missing tool fails the test that needs it.
enum DocumentFixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A fresh folder, removed by the caller.
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("exhibit-docs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Runs a stock tool (found on PATH) and returns its exit status and stdout.
    @discardableResult
    static func run(_ tool: String, _ arguments: [String], in folder: URL? = nil) throws -> (status: Int32, stdout: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        if let folder { process.currentDirectoryURL = folder }
        var environment = ProcessInfo.processInfo.environment
        environment["OMP_THREAD_LIMIT"] = "1"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus != 127, "\(tool) must be installed (scripts/install-deps test)")
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// What stock `tesseract` reads in a picture file.
    static func ocr(_ picture: URL) throws -> String {
        let result = try run("tesseract", [picture.path, "-"])
        #expect(result.status == 0, "tesseract failed on \(picture.lastPathComponent)")
        return result.stdout
    }

    /// What stock `tesseract` reads on every page of a PDF, rendered by `pdftoppm` at 200 dpi.
    static func ocrPages(_ pdf: URL) throws -> String {
        let work = try folder()
        defer { try? FileManager.default.removeItem(at: work) }
        #expect(try run("pdftoppm", ["-r", "200", "-png", pdf.path, work.appendingPathComponent("page").path]).status == 0)
        var text = ""
        for name in try FileManager.default.contentsOfDirectory(atPath: work.path).sorted() where name.hasSuffix(".png") {
            text += try ocr(work.appendingPathComponent(name))
        }
        return text
    }

    /// A one-page text PDF (Helvetica, uncompressed) with `lines` from the top left, 14 pt.
    static func textPDF(_ lines: [String], title: String = "Fictional referral for Maisie Turner") -> [UInt8] {
        var content = "BT /F1 14 Tf 18 TL 72 760 Td\n"
        for line in lines {
            let escaped = line.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "(", with: "\\(")
                .replacingOccurrences(of: ")", with: "\\)")
            content += "(\(escaped)) Tj T*\n"
        }
        content += "ET\n"
        return pdf(
            objects: [
                "<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
                "<< /Length \(content.utf8.count) >>\nstream\n\(content)endstream",
                "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
                "<< /Title (\(title)) /Author (Raj Patel) >>",
            ], info: 6)
    }

    /// A one-page PDF holding only a JPEG (a scanned page, no text layer), sized for 200 dpi.
    static func scannedPDF(jpeg: [UInt8], width: Int, height: Int) -> [UInt8] {
        let pointsWide = Double(width) * 72 / 200
        let pointsHigh = Double(height) * 72 / 200
        let content = "q \(pointsWide) 0 0 \(pointsHigh) 0 0 cm /Im0 Do Q\n"
        let image =
            "<< /Type /XObject /Subtype /Image /Width \(width) /Height \(height) /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length \(jpeg.count) >>\nstream\n"
        return pdf(
            objects: [
                "<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 \(pointsWide) \(pointsHigh)] /Contents 4 0 R /Resources << /XObject << /Im0 5 0 R >> >> >>",
                "<< /Length \(content.utf8.count) >>\nstream\n\(content)endstream",
                "",
            ], binary: [4: (Array(image.utf8), jpeg, Array("\nendstream".utf8))], info: nil)
    }

    private static func pdf(
        objects: [String], binary: [Int: ([UInt8], [UInt8], [UInt8])] = [:], info: Int?
    ) -> [UInt8] {
        var bytes = Array("%PDF-1.4\n%\u{E2}\u{E3}\n".utf8)
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(bytes.count)
            bytes += Array("\(index + 1) 0 obj\n".utf8)
            if let (head, body, tail) = binary[index] {
                bytes += head + body + tail
            } else {
                bytes += Array(object.utf8)
            }
            bytes += Array("\nendobj\n".utf8)
        }
        let xref = bytes.count
        var table = "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets { table += String(format: "%010d 00000 n \n", offset) }
        table +=
            "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R\(info.map { " /Info \($0) 0 R" } ?? "") >>\nstartxref\n\(xref)\n%%EOF\n"
        return bytes + Array(table.utf8)
    }

    /// Renders page 1 of a PDF to PNG with `pdftoppm` (real fonts), returning the file.
    static func renderPNG(_ pdf: URL, resolution: Int = 150) throws -> URL {
        let base = pdf.deletingPathExtension().path + "-page"
        #expect(try run("pdftoppm", ["-r", String(resolution), "-png", "-singlefile", pdf.path, base]).status == 0)
        return URL(fileURLWithPath: base + ".png")
    }

    /// A DOCX (a zip of WordprocessingML written here, zipped by `bsdtar`) with an author, a title, a tracked
    /// deletion and insertion, a comment and hidden text.
    static func docx(in folder: URL) throws -> URL {
        let parts = folder.appendingPathComponent("docx-parts")
        let w = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""
        let files: [String: String] = [
            "[Content_Types].xml": """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>
            """,
            "_rels/.rels": """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>
            """,
            "word/_rels/document.xml.rels": """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/></Relationships>
            """,
            "word/document.xml": """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:document \(w)><w:body>
            <w:p><w:r><w:rPr><w:sz w:val="32"/></w:rPr><w:t>Referral form for Maisie Turner</w:t></w:r></w:p>
            <w:p><w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:t xml:space="preserve">Informant Sandra Pike, NI number AB 12 34 56 C. </w:t></w:r><w:del w:id="1" w:author="Raj Patel" w:date="2026-11-19T10:00:00Z"><w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:delText>Refuge at Harbour Row.</w:delText></w:r></w:del><w:ins w:id="2" w:author="Raj Patel" w:date="2026-11-19T10:00:00Z"><w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:t xml:space="preserve"> Seen at Ashbrook Academy.</w:t></w:r></w:ins></w:p>
            <w:p><w:commentRangeStart w:id="0"/><w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:t>The school raised concerns.</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p>
            <w:p><w:r><w:rPr><w:vanish/><w:sz w:val="28"/></w:rPr><w:t>Hidden words Eastmere</w:t></w:r><w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:t xml:space="preserve">Visible ending.</w:t></w:r></w:p>
            </w:body></w:document>
            """,
            "word/comments.xml": """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:comments \(w)><w:comment w:id="0" w:author="Tom Okafor" w:date="2026-11-19T10:00:00Z"><w:p><w:r><w:t>Comment about Leo Turner</w:t></w:r></w:p></w:comment></w:comments>
            """,
            "docProps/core.xml": """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Raj Patel</dc:creator><dc:title>Northbridge Gazette draft</dc:title></cp:coreProperties>
            """,
        ]
        for (name, text) in files {
            let url = parts.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        let output = folder.appendingPathComponent("referral.docx")
        let zipped = try run("bsdtar", ["--format", "zip", "-cf", output.path, "-C", parts.path] + files.keys.sorted())
        #expect(zipped.status == 0)
        return output
    }

    /// The case's people as the Samples record them (witness Jade Wilson, informant Sandra Pike, …).
    static func sampleParties() throws -> [Party] {
        Party.numbered(try CaseParties.readCSV(path: root.appendingPathComponent("Samples/parties.csv").path))
    }

    /// The run's text redactor under a shipped policy with the sample parties.
    static func redactor(_ policy: SharingPolicy) throws -> TextRedactor {
        TextRedactor(rules: RedactionRules(policy: policy, parties: try sampleParties()))
    }

    /// A shipped policy.
    static func policy(_ id: String) throws -> SharingPolicy {
        try PolicyLoader.load(path: root.appendingPathComponent("Policies/\(id).yaml").path)
    }
}
