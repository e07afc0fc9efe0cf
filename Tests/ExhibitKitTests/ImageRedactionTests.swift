import Foundation
import Testing

@testable import ExhibitCore
@testable import ExhibitKit

/// Image redaction on the sample screenshot (PNG with tEXt and tIME) and phone photo (JPEG with EXIF GPS,
/// serial number and thumbnail, XMP, IPTC and a comment), checked with exiftool and by decoding pixels.
struct ImageRedactionTests {
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Samples")
    static let strip = ImageRules(stripMetadata: true, burnMarkedRegions: true)

    static func sample(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: samples.appendingPathComponent(path)))
    }

    /// exiftool's tag names (group:name) for a file's bytes.
    static func exifTags(_ bytes: [UInt8], suffix: String) throws -> Set<String> {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("exif-\(UUID().uuidString).\(suffix)")
        try Data(bytes).write(to: path)
        defer { try? FileManager.default.removeItem(at: path) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["exiftool", "-j", "-a", "-G1", "-s", path.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "exiftool must be installed (scripts/install-deps test)")
        let objects = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        return Set(objects.first?.keys.map { $0 } ?? [])
    }

    static let jpegMetadata = [
        "GPS:GPSLatitude", "GPS:GPSLongitude", "IFD0:Make", "IFD0:Model", "ExifIFD:SerialNumber", "IFD1:ThumbnailImage",
        "XMP-dc:Creator", "IPTC:By-line", "File:Comment", "ExifIFD:DateTimeOriginal",
    ]

    @Test func theSamplesReallyCarryTheMetadata() throws {
        let photo = try Self.exifTags(try Self.sample("photos/IMG_0412.jpg"), suffix: "jpg")
        for tag in Self.jpegMetadata { #expect(photo.contains(tag), "sample lacks \(tag)") }
        let screen = try Self.exifTags(try Self.sample("screenshots/chat-01.png"), suffix: "png")
        #expect(screen.contains("PNG:Software") && screen.contains("PNG:ModifyDate"))
    }

    @Test func jpegMetadataIsRemovedLosslessly() throws {
        let original = try Self.sample("photos/IMG_0412.jpg")
        let (output, rules) = try ImageRedactor.redact(original, mime: "image/jpeg", regions: [], rules: Self.strip)
        let tags = try Self.exifTags(output, suffix: "jpg")
        for tag in Self.jpegMetadata { #expect(!tags.contains(tag), "\(tag) survived") }
        #expect(!tags.contains { $0.hasPrefix("GPS:") || $0.hasPrefix("XMP") || $0.hasPrefix("IPTC") || $0.hasPrefix("IFD") })
        #expect(
            rules["metadata:exif"] == 1 && rules["metadata:xmp"] == 1 && rules["metadata:iptc"] == 1
                && rules["metadata:comment"] == 1)
        // Same entropy-coded data: the decoded pixels are identical.
        #expect(try ImageCodec.decodeJPEG(output).pixels == (try ImageCodec.decodeJPEG(original).pixels))
        #expect(output.count < original.count)
    }

    @Test func pngMetadataIsRemovedAndPixelsAreUnchanged() throws {
        let original = try Self.sample("screenshots/chat-01.png")
        let (output, rules) = try ImageRedactor.redact(original, mime: "image/png", regions: [], rules: Self.strip)
        #expect(rules == ["metadata:png-tEXt": 1, "metadata:png-tIME": 1])
        let chunks = try PNGFile.chunks(output).map(\.type)
        #expect(!chunks.contains("tEXt") && !chunks.contains("tIME"))
        let tags = try Self.exifTags(output, suffix: "png")
        #expect(!tags.contains("PNG:Software") && !tags.contains("PNG:ModifyDate"))
        #expect(try ImageCodec.decodePNG(output).pixels == (try ImageCodec.decodePNG(original).pixels))
    }

    @Test func burnedPNGRegionsAreSolidAndEverythingElseIsUntouched() throws {
        let original = try Self.sample("screenshots/chat-02.png")
        let regions = [
            PixelRegion(x: 40, y: 300, width: 500, height: 120), PixelRegion(x: 1100, y: 2500, width: 500, height: 500),
        ]
        let (output, rules) = try ImageRedactor.redact(original, mime: "image/png", regions: regions, rules: Self.strip)
        #expect(rules["burned-regions"] == 2)
        let before = try ImageCodec.decodePNG(original)
        let after = try ImageCodec.decodePNG(output)
        #expect(after.width == before.width && after.height == before.height && after.channels == before.channels)
        var inside = 0
        for row in 0..<after.height {
            for column in 0..<after.width {
                let channels = after.channels
                let base = (row * after.width + column) * channels
                let burned = regions.contains {
                    column >= $0.x && column < $0.x + $0.width && row >= $0.y && row < $0.y + $0.height
                }
                if burned {
                    inside += 1
                    let solid: [UInt8] = channels == 4 ? [0, 0, 0, 255] : [0, 0, 0]
                    if Array(after.pixels[base..<(base + channels)]) != solid {
                        Issue.record("pixel \(column),\(row) inside a region is not solid black")
                        return
                    }
                } else if after.pixels[base..<(base + channels)] != before.pixels[base..<(base + channels)] {
                    Issue.record("pixel \(column),\(row) outside the regions changed")
                    return
                }
            }
        }
        #expect(inside == 500 * 120 + 70 * 32)
    }

    @Test func burnedJPEGRegionsAreSolidAndCarryNoMetadata() throws {
        let original = try Self.sample("photos/IMG_0413.jpg")
        let region = PixelRegion(x: 200, y: 160, width: 400, height: 240)
        let (output, _) = try ImageRedactor.redact(original, mime: "image/jpeg", regions: [region], rules: Self.strip)
        let raster = try ImageCodec.decodeJPEG(output)
        // Lossy re-encoding: the interior (away from block edges) is black within a small tolerance.
        var brightest = 0
        for row in (region.y + 8)..<(region.y + region.height - 8) {
            for column in (region.x + 8)..<(region.x + region.width - 8) {
                let base = (row * raster.width + column) * 3
                brightest = max(brightest, Int(raster.pixels[base]), Int(raster.pixels[base + 1]), Int(raster.pixels[base + 2]))
            }
        }
        #expect(brightest <= 8)
        let tags = try Self.exifTags(output, suffix: "jpg")
        for tag in Self.jpegMetadata { #expect(!tags.contains(tag), "\(tag) survived") }
    }

    @Test func theRegionIsNeverBurnedWhenThePolicySaysNot() throws {
        let original = try Self.sample("screenshots/chat-01.png")
        let rules = ImageRules(stripMetadata: true, burnMarkedRegions: false)
        let (output, counts) = try ImageRedactor.redact(
            original, mime: "image/png", regions: [PixelRegion(x: 0, y: 0, width: 10, height: 10)], rules: rules)
        #expect(counts["burned-regions"] == nil)
        #expect(try ImageCodec.decodePNG(output).pixels == (try ImageCodec.decodePNG(original).pixels))
    }

    /// Damaged images: each must be refused (and so withheld), never passed on.
    @Test(arguments: ["truncated-jpeg", "truncated-png", "png-crc", "jpeg-garbage", "jpeg-no-eoi", "png-as-jpeg", "empty"])
    func damagedImagesAreRefused(_ damage: String) throws {
        var bytes: [UInt8]
        var mime = "image/jpeg"
        switch damage {
        case "truncated-jpeg":
            bytes = Array(try Self.sample("photos/IMG_0412.jpg").prefix(120_000))
        case "truncated-png":
            bytes = Array(try Self.sample("screenshots/chat-01.png").prefix(30_000))
            mime = "image/png"
        case "png-crc":
            bytes = try Self.sample("screenshots/chat-01.png")
            bytes[bytes.count / 2] ^= 0x40
            mime = "image/png"
        case "jpeg-garbage":
            bytes = try Self.sample("photos/IMG_0412.jpg")
            for index in stride(from: bytes.count / 2, to: bytes.count / 2 + 4000, by: 7) { bytes[index] = 0xFF }
        case "jpeg-no-eoi":
            bytes = Array(try Self.sample("photos/IMG_0412.jpg").dropLast(2))
        case "png-as-jpeg":
            bytes = try Self.sample("screenshots/chat-01.png")
        default:
            bytes = []
        }
        #expect(throws: ExhibitError.self) { _ = try ImageRedactor.redact(bytes, mime: mime, regions: [], rules: Self.strip) }
    }
}
