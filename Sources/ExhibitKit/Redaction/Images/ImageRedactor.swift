/// Redacts PNG and JPEG images under a policy's image rules, failing closed: the image must decode
/// completely first; marked regions are burned in (solid fill, re-encoded); otherwise metadata is
/// stripped losslessly. Any error means the image is withheld.
enum ImageRedactor {
    /// Media types with a redactor.
    static let supported: Set<String> = ["image/png", "image/jpeg"]

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
        switch mime {
        case "image/png":
            let (stripped, removed) = try PNGFile.stripped(bytes)
            var raster = try ImageCodec.decodePNG(stripped)
            guard rules.burnMarkedRegions, !regions.isEmpty else { return (stripped, prefixed(removed)) }
            raster.fill(regions)
            return (try ImageCodec.encodePNG(raster), prefixed(removed).merging(["burned-regions": regions.count]) { $0 + $1 })
        case "image/jpeg":
            let (stripped, removed) = try JPEGFile.stripped(bytes)
            var raster = try ImageCodec.decodeJPEG(stripped)
            guard rules.burnMarkedRegions, !regions.isEmpty else { return (stripped, prefixed(removed)) }
            raster.fill(regions)
            return (try ImageCodec.encodeJPEG(raster), prefixed(removed).merging(["burned-regions": regions.count]) { $0 + $1 })
        default:
            throw ExhibitError.badInput("no redactor for \(mime)")
        }
    }

    private static func prefixed(_ removed: [String: Int]) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: removed.map { ("metadata:\($0.key)", $0.value) })
    }
}
