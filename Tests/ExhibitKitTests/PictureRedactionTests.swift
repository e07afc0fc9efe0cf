import Foundation
import Testing

@testable import ExhibitCore
@testable import ExhibitKit

/// Text in pictures: the sample chat screenshots (drawn with DejaVu fonts) and a page rendered by poppler,
/// redacted under `police-to-childrens-services` with the sample parties, then read by the stock `tesseract`.
@Suite struct PictureRedactionTests {
    static func sample(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: DocumentFixtures.root.appendingPathComponent("Samples/\(path)")))
    }

    /// Redacts `bytes` under police-to-childrens-services and writes the output to `folder`.
    static func redact(
        _ bytes: [UInt8], mime: String, in folder: URL, rules: ImageRules? = nil, marks: [PixelRegion] = []
    ) throws -> (PictureRedactor.Outcome, URL) {
        let policy = try DocumentFixtures.policy("police-to-childrens-services")
        let session = OCRSession()
        let outcome = try PictureRedactor.redact(
            bytes, mime: mime, marks: marks, rules: rules ?? policy.images, text: try DocumentFixtures.redactor(policy),
            engine: session.engine)
        let file = folder.appendingPathComponent("shared-\(UUID().uuidString).\(outcome.sharedAs == "image/png" ? "png" : "jpg")")
        try Data(outcome.output).write(to: file)
        return (outcome, file)
    }

    @Test func aChatScreenshotLosesTheWitnessAndKeepsWhatThePolicyKeeps() throws {
        let folder = try DocumentFixtures.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let original = try Self.sample("screenshots/chat-02.png")
        // The stock reader sees the witness and her number in the original.
        try Data(original).write(to: folder.appendingPathComponent("original.png"))
        let before = try DocumentFixtures.ocr(folder.appendingPathComponent("original.png"))
        #expect(before.contains("Jade") && before.contains("900789"))

        let (outcome, file) = try Self.redact(original, mime: "image/png", in: folder)
        let after = try DocumentFixtures.ocr(file)
        for removed in ["Jade", "Wilson", "900789"] { #expect(!after.contains(removed), "tesseract still reads \(removed)") }
        // Police to children's services keeps the alleged perpetrator's number, his car and the place.
        for kept in ["07700 900456", "NX21 KYD", "Ashbrook"] { #expect(after.contains(kept), "\(kept) should stay readable") }
        #expect((outcome.rules["party:witness"] ?? 0) >= 1)
        #expect(outcome.check?.findings == 0 && (outcome.check?.rounds ?? 0) >= 1 && (outcome.check?.words ?? 0) > 0)

        // Every pixel outside the burned boxes is the original's.
        let source = try ImageCodec.decodePNG(original)
        let shared = try ImageCodec.decodePNG(outcome.output)
        #expect(source.width == shared.width && source.height == shared.height && source.channels == shared.channels)
        var changedOutside = 0
        var burned = 0
        for row in 0..<shared.height {
            for column in 0..<shared.width {
                let inside = outcome.findings.contains { finding in
                    column >= finding.box.x && column < finding.box.x + finding.box.width && row >= finding.box.y
                        && row < finding.box.y + finding.box.height
                }
                let base = (row * shared.width + column) * shared.channels
                let same = source.pixels[base..<(base + shared.channels)] == shared.pixels[base..<(base + shared.channels)]
                if inside {
                    burned += 1
                } else if !same {
                    changedOutside += 1
                }
            }
        }
        #expect(changedOutside == 0)
        #expect(burned > 0)
    }

    @Test func cardNumbersAndIPAddressesDrawnInAScreenshotAreBurned() throws {
        let folder = try DocumentFixtures.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (outcome, file) = try Self.redact(try Self.sample("screenshots/chat-03.png"), mime: "image/png", in: folder)
        let after = try DocumentFixtures.ocr(file)
        for removed in ["4111", "192.0.2.44", "192.0.2"] { #expect(!after.contains(removed), "tesseract still reads \(removed)") }
        #expect(outcome.rules["payment-card"] == 1 && outcome.rules["ip-address"] == 1)
        #expect(after.contains("Ashbrook Rd") && after.contains("07700 900123"), "\(after)")
    }

    @Test func anIdentifierWrappedOntoTheNextLineIsFound() throws {
        let folder = try DocumentFixtures.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let pdf = folder.appendingPathComponent("note.pdf")
        try Data(
            DocumentFixtures.textPDF([
                "Spoke to the family today. Her NI number is AB 12", "34 56 C and she banks with us.", "Nothing else to add.",
            ])
        ).write(to: pdf)
        let picture = try DocumentFixtures.renderPNG(pdf)
        let original = try DocumentFixtures.ocr(picture)
        #expect(original.contains("AB 12") && original.contains("34 56"))
        let (outcome, file) = try Self.redact(Array(try Data(contentsOf: picture)), mime: "image/png", in: folder)
        let after = try DocumentFixtures.ocr(file)
        #expect(!after.contains("AB 12") && !after.contains("34 56"), "\(after)")
        #expect(after.contains("Nothing else to add"))
        #expect(outcome.rules["ni-number"] == 1)
    }

    @Test func aPhotoOfALetterLosesTheInformantAndKeepsTheSchool() throws {
        let folder = try DocumentFixtures.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let pdf = folder.appendingPathComponent("letter.pdf")
        try Data(
            DocumentFixtures.textPDF([
                "Ashbrook Academy, Northbridge", "Dear Mrs Turner,", "Our neighbour Sandra Pike saw the silver car again.",
                "Please call the school office.",
            ])
        ).write(to: pdf)
        // A phone photo of the printed letter: greyish paper, uneven light, JPEG compression.
        var page = try ImageCodec.decodePNG(Array(try Data(contentsOf: try DocumentFixtures.renderPNG(pdf, resolution: 150))))
        for index in stride(from: 0, to: page.pixels.count, by: page.channels) {
            let row = index / page.channels / page.width
            let light = 0.78 + 0.12 * Double(row) / Double(page.height)
            for channel in 0..<3 { page.pixels[index + channel] = UInt8(Double(page.pixels[index + channel]) * light + 12) }
        }
        let rgb = ImageCodec.Raster(
            width: page.width, height: page.height, channels: 3,
            pixels: page.channels == 3
                ? page.pixels : stride(from: 0, to: page.pixels.count, by: 4).flatMap { page.pixels[$0..<($0 + 3)] })
        let photo = try ImageCodec.encodeJPEG(rgb, quality: 75)
        let (outcome, file) = try Self.redact(photo, mime: "image/jpeg", in: folder)
        #expect(outcome.sharedAs == "image/jpeg" && (outcome.rules["party:informant"] ?? 0) >= 1)
        let after = try DocumentFixtures.ocr(file)
        #expect(!after.contains("Sandra") && !after.contains("Pike"), "\(after)")
        #expect(after.contains("Ashbrook Academy") && after.contains("silver car"), "\(after)")
    }

    @Test func aDecompressionBombIsWithheldBeforeItIsDecoded() throws {
        // A valid 60,000 x 60,000 PNG header over a few bytes of data.
        func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
            let body = Array(type.utf8) + data
            let length = UInt32(data.count)
            let crc = CRC32.checksum(body)
            return withUnsafeBytes(of: length.bigEndian, Array.init) + body + withUnsafeBytes(of: crc.bigEndian, Array.init)
        }
        let side = UInt32(60_000).bigEndian
        let header = withUnsafeBytes(of: side, Array.init) + withUnsafeBytes(of: side, Array.init) + [8, 2, 0, 0, 0]
        let bomb =
            PNGFile.signature + chunk("IHDR", header) + chunk("IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])
            + chunk("IEND", [])
        let folder = try DocumentFixtures.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect {
            _ = try Self.redact(bomb, mime: "image/png", in: folder)
        } throws: { error in
            (error as? ExhibitError)?.message.contains("decompression bomb") == true
        }
    }

    @Test func aHEICPhotoIsSharedAsJPEGWithItsTextRedactedAndNoMetadata() throws {
        let folder = try DocumentFixtures.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = folder.appendingPathComponent("chat-03.png")
        try Data(try Self.sample("screenshots/chat-03.png")).write(to: source)
        let heic = folder.appendingPathComponent("IMG_0500.heic")
        #expect(try DocumentFixtures.run("heif-enc", ["-q", "90", source.path, "-o", heic.path]).status == 0)
        let bytes = Array(try Data(contentsOf: heic))
        let (outcome, file) = try Self.redact(bytes, mime: "image/heic", in: folder)
        #expect(outcome.sharedAs == "image/jpeg" && outcome.rules["converted:heic-to-jpeg"] == 1)
        #expect(outcome.output.starts(with: [0xFF, 0xD8, 0xFF]))
        let after = try DocumentFixtures.ocr(file)
        #expect(!after.contains("4111") && !after.contains("192.0.2"), "\(after)")
        #expect(after.contains("Ashbrook Rd") && after.contains("07700 900123"), "\(after)")
        let tags = try ImageRedactionTests.exifTags(outcome.output, suffix: "jpg")
        #expect(!tags.contains { $0.hasPrefix("EXIF") || $0.hasPrefix("GPS") || $0.hasPrefix("XMP") || $0.hasPrefix("IFD") })
    }

    @Test func aPolicyCanWithholdPicturesItCannotReadConfidently() throws {
        let folder = try DocumentFixtures.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var rules = try DocumentFixtures.policy("police-to-childrens-services").images
        rules.minimumOCRConfidence = 99
        rules.belowConfidence = .withhold
        #expect {
            _ = try Self.redact(try Self.sample("screenshots/chat-01.png"), mime: "image/png", in: folder, rules: rules)
        } throws: { error in
            (error as? ExhibitError)?.message.contains("confidence") == true
        }
    }

    @Test func textToMarkIsFoundByItsWordsWhateverTheCaseAndPunctuation() throws {
        let raster = try ImageCodec.decodePNG(try Self.sample("screenshots/chat-02.png"))
        let words = try OCREngine().recognise(raster)
        #expect(MarkRegion.regions(of: MarkRegion.words("nx21 kyd."), in: words).count == 2)
        #expect(MarkRegion.regions(of: MarkRegion.words("Larch Park"), in: words).count == 2)
        #expect(MarkRegion.regions(of: MarkRegion.words("no such words"), in: words).isEmpty)
    }
}
