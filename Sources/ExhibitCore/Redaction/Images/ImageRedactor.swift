/// Redacts PNG and JPEG images under a policy's image rules, failing closed: the image must decode
/// completely first; marked regions are burned in (solid fill, re-encoded); otherwise metadata is
/// stripped losslessly. Any error means the image is withheld.
package enum ImageRedactor {
    /// Media types with a redactor.
    package static let supported: Set<String> = ["image/png", "image/jpeg"]

    /// The redacted image.
    /// - Parameters:
    ///   - bytes: the original.
    ///   - mime: `image/png` or `image/jpeg`.
    ///   - regions: regions marked for this file.
    ///   - rules: the policy's image rules.
    /// - Returns: the output and what was done (`metadata:exif`, `png-tEXt`, `burned-regions`, …).
    /// - Throws: `ExhibitError` when the image is corrupt, truncated or cannot be re-encoded.
    static func redact(_ bytes: [UInt8], mime: String, regions: [PixelRegion], rules: ImageRules) throws -> (
        output: [UInt8], rules: [String: Int]
    ) {
        let strip: ([UInt8]) throws -> (output: [UInt8], removed: [String: Int])
        let decode: ([UInt8]) throws -> ImageCodec.Raster
        let encode: (ImageCodec.Raster) throws -> [UInt8]
        switch mime {
        case "image/png": (strip, decode, encode) = (PNGFile.stripped, ImageCodec.decodePNG, ImageCodec.encodePNG)
        case "image/jpeg": (strip, decode, encode) = (JPEGFile.stripped, ImageCodec.decodeJPEG, { try ImageCodec.encodeJPEG($0) })
        default: throw ExhibitError.badInput("no redactor for \(mime)")
        }
        let (stripped, removed) = try strip(bytes)
        let counts = Dictionary(uniqueKeysWithValues: removed.map { ("metadata:\($0.key)", $0.value) })
        // The stripped file must decode completely: a truncated or corrupt image is never passed on.
        var raster = try decode(stripped)
        guard rules.burnMarkedRegions, !regions.isEmpty else { return (stripped, counts) }
        raster.fill(regions)
        return (try encode(raster), counts.merging(["burned-regions": regions.count]) { $0 + $1 })
    }
}
