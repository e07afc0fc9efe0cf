import Foundation
import Testing

@testable import ExhibitCore
@testable import ExhibitKit

/// True redaction of PDFs and office documents, judged by the stock tools: `pdftotext` (text extraction),
/// `pdftoppm` + `tesseract` (what a reader sees), `pdfinfo` and `exiftool` (properties), `pdffonts`, and
/// `qpdf --check` on every produced PDF.
@Suite struct DocumentRedactionTests {
    static let removed = ["Sandra", "Pike", "AB 12", "4111", "Jade", "Wilson"]

    static let referral = [
        "Referral for Maisie Turner, Ashbrook Academy", "Informant: Sandra Pike (neighbour)", "NI number AB 12 34 56 C",
        "Card 4111 1111 1111 1111 was used", "Witness Jade Wilson saw the silver car",
    ]

    /// Redacts a document under police-to-childrens-services and checks what every stock tool finds in it.
    static func redactAndCheck(
        _ source: URL, mime: String, in folder: URL, removed: [String] = removed, kept: [String]
    ) throws -> DocumentRedactor.Outcome {
        let policy = try DocumentFixtures.policy("police-to-childrens-services")
        let work = try PrivateFolder()
        defer { withExtendedLifetime(work) {} }
        let outcome = try DocumentRedactor.redact(
            path: source.path, mime: mime, folder: work, rules: policy.images, text: try DocumentFixtures.redactor(policy),
            engine: OCRSession().engine, review: nil)
        let shared = folder.appendingPathComponent("shared.pdf")
        try FileManager.default.copyItem(atPath: outcome.output, toPath: shared.path)
        let qpdf = try DocumentFixtures.run("qpdf", ["--check", shared.path])
        #expect(qpdf.status == 0, "qpdf --check: \(qpdf.stdout)")
        let extracted = try DocumentFixtures.run("pdftotext", [shared.path, "-"]).stdout
        let seen = try DocumentFixtures.ocrPages(shared)
        for secret in removed {
            #expect(!extracted.contains(secret), "pdftotext finds \(secret)")
            #expect(!seen.contains(secret), "tesseract reads \(secret) on the rendered page")
        }
        for text in kept { #expect(seen.contains(text), "\(text) should stay readable") }
        // The invisible text layer holds what remains, so the copy can still be searched.
        #expect(kept.contains { extracted.contains($0) }, "\(extracted)")
        let info = try DocumentFixtures.run("pdfinfo", [shared.path]).stdout
        for property in ["Raj Patel", "Maisie Turner", "Gazette"] {
            #expect(!info.contains(property), "pdfinfo shows \(property)")
        }
        let fonts = try DocumentFixtures.run("pdffonts", [shared.path]).stdout
        #expect(!fonts.contains("Helvetica") && !fonts.contains("Liberation") && !fonts.contains("DejaVu"), "\(fonts)")
        #expect(outcome.check.findings == 0 && outcome.check.pages >= 1 && outcome.check.words > 0)
        return outcome
    }

    @Test func aTextPDFIsRebuiltFromBurnedPagesWithNothingOfTheOriginal() throws {
        let folder = try DocumentFixtures.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let pdf = folder.appendingPathComponent("referral.pdf")
        try Data(DocumentFixtures.textPDF(Self.referral)).write(to: pdf)
        #expect(try DocumentFixtures.run("pdftotext", [pdf.path, "-"]).stdout.contains("Sandra Pike"))
        let outcome = try Self.redactAndCheck(pdf, mime: "application/pdf", in: folder, kept: ["Ashbrook", "silver car"])
        #expect(outcome.rules["party:informant"] == 1 && outcome.rules["ni-number"] == 1 && outcome.rules["payment-card"] == 1)
        #expect(outcome.notes == nil)
    }

    @Test func aScannedPDFIsReadWithOCRAndRedacted() throws {
        let folder = try DocumentFixtures.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("page.pdf")
        try Data(DocumentFixtures.textPDF(Self.referral)).write(to: page)
        let raster = try ImageCodec.decodePNG(Array(try Data(contentsOf: try DocumentFixtures.renderPNG(page, resolution: 200))))
        let scan = folder.appendingPathComponent("scan.pdf")
        let jpeg = try ImageCodec.encodeJPEG(raster, quality: 90)
        try Data(DocumentFixtures.scannedPDF(jpeg: jpeg, width: raster.width, height: raster.height)).write(to: scan)
        #expect(
            try DocumentFixtures.run("pdftotext", [scan.path, "-"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        )
        let outcome = try Self.redactAndCheck(scan, mime: "application/pdf", in: folder, kept: ["Ashbrook", "silver car"])
        #expect(outcome.rules["ni-number"] == 1)
    }

    @Test func aWordDocumentIsSharedWithChangesAcceptedAndNoCommentsHiddenTextOrProperties() throws {
        let folder = try DocumentFixtures.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let docx = try DocumentFixtures.docx(in: folder)
        let outcome = try Self.redactAndCheck(
            docx, mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", in: folder,
            removed: ["Sandra", "Pike", "AB 12", "Harbour Row", "Leo Turner", "Eastmere", "Tom Okafor"],
            kept: ["Ashbrook Academy", "Visible ending", "school raised concerns"])
        #expect(outcome.notes?.contains("tracked changes accepted") == true)
        #expect(outcome.notes?.contains("comments dropped") == true && outcome.notes?.contains("hidden text dropped") == true)
        let exif = try DocumentFixtures.run("exiftool", [outcome.output]).stdout
        #expect(!exif.contains("Raj Patel") && !exif.contains("Gazette"))
    }

    @Test func anRTFDocumentIsConvertedAndRedacted() throws {
        let folder = try DocumentFixtures.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let rtf = folder.appendingPathComponent("statement.rtf")
        let body = Self.referral.map { "\\fs28 \($0)\\par\n" }.joined()
        try "{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Helvetica;}}{\\info{\\author Raj Patel}{\\title Gazette}}\n\(body)}\n"
            .write(to: rtf, atomically: true, encoding: .utf8)
        let outcome = try Self.redactAndCheck(rtf, mime: "application/rtf", in: folder, kept: ["Ashbrook", "silver car"])
        #expect(outcome.notes?.contains("tracked changes accepted") == true)
    }

    @Test func anEncryptedPDFIsWithheld() throws {
        let folder = try DocumentFixtures.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let plain = folder.appendingPathComponent("plain.pdf")
        try Data(DocumentFixtures.textPDF(Self.referral)).write(to: plain)
        let locked = folder.appendingPathComponent("locked.pdf")
        let encrypted = try DocumentFixtures.run(
            "qpdf", ["--encrypt", "", "owner-secret", "256", "--", plain.path, locked.path])
        #expect(encrypted.status == 0)
        let policy = try DocumentFixtures.policy("police-to-childrens-services")
        #expect {
            _ = try DocumentRedactor.redact(
                path: locked.path, mime: "application/pdf", folder: try PrivateFolder(), rules: policy.images,
                text: try DocumentFixtures.redactor(policy), engine: OCRSession().engine, review: nil)
        } throws: { error in
            (error as? ExhibitError)?.message.contains("encrypted") == true
        }
    }

    @Test func aRendererThatRunsPastItsTimeIsKilledAndTheDocumentWithheld() throws {
        let folder = try DocumentFixtures.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let pdf = folder.appendingPathComponent("referral.pdf")
        try Data(DocumentFixtures.textPDF(Self.referral)).write(to: pdf)
        let policy = try DocumentFixtures.policy("police-to-childrens-services")
        #expect {
            _ = try DocumentRedactor.redact(
                path: pdf.path, mime: "application/pdf", folder: try PrivateFolder(), rules: policy.images,
                text: try DocumentFixtures.redactor(policy), engine: OCRSession().engine, review: nil,
                limits: ProcessLimits(seconds: 0.001, memory: 2 << 30, fileSize: 64 << 20))
        } throws: { error in
            (error as? ExhibitError)?.message.contains("ran out of time") == true
        }
    }
}
