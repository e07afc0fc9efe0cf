import ExhibitCore
import Foundation

/// `exhibit mark REF --file F --text "STRING"`: reads the picture with OCR and marks the boxes of every place
/// where that text appears (words compared without regard to case, white space or line breaks, so text
/// wrapped inside a chat bubble is found), so nobody has to measure pixels. The text itself is not recorded:
/// only the regions and the reason.
extension MarkRegion {
    /// Marks every box where `text` appears on the picture.
    /// - Parameters:
    ///   - ref: the exhibit.
    ///   - file: the picture's path within the exhibit, or its name when that is unique.
    ///   - text: the words to find (one or more).
    ///   - reason: why they must not be seen.
    ///   - store: the case store.
    ///   - signer: the agency key.
    ///   - actor: who marks it.
    /// - Returns: one `marked` entry per region (one region per word found).
    /// - Throws: `.badInput` when the text is empty or not found, the file unknown or not a picture;
    ///   `.environment` when OCR cannot run.
    public static func mark(
        ref: String, file: String, text: String, reason: String, store: CaseStore, signer: LedgerSigner, actor: Actor
    ) throws -> [LedgerEntry] {
        let reason = try ExhibitFields.required(reason, flag: "--reason")
        let wanted = Self.words(text)
        guard !wanted.isEmpty else { throw ExhibitError.badInput("--text must hold at least one word") }
        return try store.write(signer: signer) { writer in
            let target = try picture(ref: ref, file: file, writer: writer)
            let bytes = try FileSystem.read(store.objects.path(target.sha256), limit: 256 << 20)
            let raster = try decode(bytes, mime: target.mime)
            let read = try OCREngine().recognise(raster)
            let regions = Self.regions(of: wanted, in: read)
            guard !regions.isEmpty else {
                throw ExhibitError.badInput(
                    "the text was not found on \(target.path) (OCR read \(read.count) words); mark it with --region")
            }
            return try record(ref: ref, target: target, regions: regions, reason: reason, writer: writer, actor: actor)
        }
    }

    /// The boxes (with a margin) of every run of `read` words equal to `wanted`.
    static func regions(of wanted: [String], in read: [OCRWord]) -> [PixelRegion] {
        let normalised = read.map { Self.words($0.text).joined() }
        var regions: [PixelRegion] = []
        var start = 0
        while start + wanted.count <= read.count {
            // A word read may carry punctuation ("Jade," or "(0113)"); it matches when its letters and digits do.
            if (0..<wanted.count).allSatisfy({ normalised[start + $0] == wanted[$0] }) {
                regions += read[start..<(start + wanted.count)].map { PageRedactor.withMargin($0.box) }
                start += wanted.count
            } else {
                start += 1
            }
        }
        return regions
    }

    /// Lower-cased runs of letters and digits.
    static func words(_ text: String) -> [String] {
        text.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
    }

    private static func decode(_ bytes: [UInt8], mime: String) throws -> ImageCodec.Raster {
        let (width, height) = try PictureRedactor.dimensions(bytes, mime: mime)
        try ImageLimits.check(width: width, height: height)
        switch mime {
        case "image/png": return try ImageCodec.decodePNG(bytes)
        case "image/jpeg": return try ImageCodec.decodeJPEG(bytes)
        default: return try HEIFFile.decode(bytes)
        }
    }
}
