import Foundation
import Testing

@testable import ExhibitCore
@testable import ExhibitKit

/// Attachments that are pictures or documents travel redacted, like the same files on their own; others are
/// withheld with a note.
@Suite struct EmailAttachmentTests {
    static func part(_ name: String, type: String, _ bytes: [UInt8]) -> String {
        let encoded = Data(bytes).base64EncodedString(options: [
            .lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed,
        ])
        return "--b1\r\nContent-Type: \(type); name=\"\(name)\"\r\nContent-Disposition: attachment; filename=\"\(name)\"\r\n"
            + "Content-Transfer-Encoding: base64\r\n\r\n\(encoded)\r\n"
    }

    @Test func aScreenshotAndAPDFAttachedToAnEmailAreRedactedAndAnArchiveIsWithheld() throws {
        let screenshot = Array(
            try Data(contentsOf: DocumentFixtures.root.appendingPathComponent("Samples/screenshots/chat-03.png")))
        let pdf = DocumentFixtures.textPDF(["Informant: Sandra Pike", "Seen at Ashbrook Academy"])
        let message =
            "From: Raj Patel <dsl@ashbrook.example.sch.uk>\r\nTo: mash@northshire.example.gov.uk\r\nSubject: Referral\r\n"
            + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
            + "--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPlease see the attached.\r\n"
            + Self.part("screen.png", type: "image/png", screenshot)
            + Self.part("note.pdf", type: "application/octet-stream", pdf)
            + Self.part("phone.zip", type: "application/zip", [0x50, 0x4B, 0x05, 0x06] + [UInt8](repeating: 0, count: 18))
            + "--b1--\r\n"
        let policy = try DocumentFixtures.policy("police-to-childrens-services")
        let text = try DocumentFixtures.redactor(policy)
        let files = FileRedactor(policy: policy, text: text)
        var tally = RedactionTally()
        let output = String(
            decoding: try EmailRedactor.redact(
                Array(message.utf8), redactor: text, tally: &tally, attachments: files.redactAttachment),
            as: UTF8.self)
        #expect(tally.rules["email:attachment-redacted"] == 2 && tally.rules["email:attachment-withheld"] == 1)
        #expect((tally.rules["payment-card"] ?? 0) >= 1 && (tally.rules["party:informant"] ?? 0) >= 1)
        #expect(output.contains("[attachment withheld by the sharing policy: phone.zip, application/zip]"))

        // Take each redacted attachment out of the message and read it with the stock tools.
        let folder = try DocumentFixtures.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let parts = output.components(separatedBy: "--b1")
        func attachment(_ name: String) throws -> URL {
            let part = try #require(parts.first { $0.contains("filename=\"\(name)\"") })
            let body = try #require(part.components(separatedBy: "\r\n\r\n").dropFirst().first)
            let data = try #require(Data(base64Encoded: body.filter { !$0.isWhitespace }))
            let url = folder.appendingPathComponent(name)
            try data.write(to: url)
            return url
        }
        let picture = try DocumentFixtures.ocr(try attachment("screen.png"))
        #expect(!picture.contains("4111") && !picture.contains("192.0.2"), "\(picture)")
        let document = try attachment("note.pdf")
        #expect(try DocumentFixtures.run("qpdf", ["--check", document.path]).status == 0)
        let extracted = try DocumentFixtures.run("pdftotext", [document.path, "-"]).stdout
        #expect(!extracted.contains("Sandra") && extracted.contains("Ashbrook"), "\(extracted)")
    }
}
