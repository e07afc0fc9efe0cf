internal import CExhibitImage
import Foundation

/// Decoding and encoding through libpng's simplified API and TurboJPEG: used to prove an image decodes
/// completely (a truncated or corrupt image is withheld) and to burn regions into its pixels.
package enum ImageCodec {
    /// An 8-bit RGBA (PNG) or RGB (JPEG) raster.
    package struct Raster {
        var width: Int
        var height: Int
        var channels: Int
        var pixels: [UInt8]

        /// Fills each region (clipped to the image) with opaque black: solid, never blurred or pixelated.
        mutating func fill(_ regions: [PixelRegion]) {
            for region in regions {
                let left = min(max(region.x, 0), width)
                let top = min(max(region.y, 0), height)
                // Clipped without overflow whatever the region's numbers.
                let right = region.width >= width - left ? width : left + max(region.width, 0)
                let bottom = region.height >= height - top ? height : top + max(region.height, 0)
                guard left < right, top < bottom else { continue }
                for row in top..<bottom {
                    for column in left..<right {
                        let base = (row * width + column) * channels
                        for channel in 0..<min(channels, 3) { pixels[base + channel] = 0 }
                        if channels == 4 { pixels[base + 3] = 255 }
                    }
                }
            }
        }
    }

    /// The width and height from the image's header.
    /// - Throws: `ExhibitError.badInput` when the header cannot be read.
    package static func dimensions(_ bytes: [UInt8], mime: String) throws -> (width: Int, height: Int) {
        switch mime {
        case "image/png":
            var image = png_image()
            image.version = exhibit_png_image_version()
            defer { png_image_free(&image) }
            let ok = bytes.withUnsafeBytes { png_image_begin_read_from_memory(&image, $0.baseAddress, $0.count) }
            guard ok != 0 else { throw ExhibitError.badInput("the PNG header cannot be read") }
            return (Int(image.width), Int(image.height))
        case "image/jpeg":
            guard let handle = tjInitDecompress() else { throw ExhibitError.environment("cannot start the JPEG decoder") }
            defer { tjDestroy(handle) }
            var width: Int32 = 0
            var height: Int32 = 0
            var subsampling: Int32 = 0
            var colorspace: Int32 = 0
            let status = bytes.withUnsafeBytes { raw in
                tjDecompressHeader3(
                    handle, raw.bindMemory(to: UInt8.self).baseAddress, UInt(raw.count), &width, &height, &subsampling,
                    &colorspace)
            }
            guard status == 0 else { throw ExhibitError.badInput("the JPEG header cannot be read") }
            return (Int(width), Int(height))
        default:
            throw ExhibitError.badInput("\(mime) is not an image type Exhibit can read")
        }
    }

    /// Decodes a whole PNG to 8-bit RGB, or RGBA when it has transparency.
    /// - Throws: `ExhibitError.badInput` when any part of it cannot be decoded.
    package static func decodePNG(_ bytes: [UInt8]) throws -> Raster {
        var image = png_image()
        image.version = exhibit_png_image_version()
        defer { png_image_free(&image) }
        let begun = bytes.withUnsafeBytes { png_image_begin_read_from_memory(&image, $0.baseAddress, $0.count) }
        guard begun != 0 else { throw ExhibitError.badInput("the PNG cannot be decoded: \(message(image))") }
        let hasAlpha = image.format & exhibit_png_format_flag_alpha() != 0
        image.format = hasAlpha ? exhibit_png_format_rgba() : exhibit_png_format_rgb()
        guard image.width > 0, image.height > 0, Int(image.width) * Int(image.height) <= 400_000_000 else {
            throw ExhibitError.badInput("the PNG is too large to redact (\(image.width)x\(image.height))")
        }
        var pixels = [UInt8](repeating: 0, count: exhibit_png_image_size(&image))
        let finished = pixels.withUnsafeMutableBytes { png_image_finish_read(&image, nil, $0.baseAddress, 0, nil) }
        guard finished != 0, exhibit_png_image_failed(&image) == 0 else {
            throw ExhibitError.badInput("the PNG cannot be decoded: \(message(image))")
        }
        return Raster(width: Int(image.width), height: Int(image.height), channels: hasAlpha ? 4 : 3, pixels: pixels)
    }

    /// Encodes an RGB or RGBA raster as a PNG with no metadata at all, in one pass, favouring speed.
    static func encodePNG(_ raster: Raster) throws -> [UInt8] {
        var image = png_image()
        image.version = exhibit_png_image_version()
        image.width = UInt32(raster.width)
        image.height = UInt32(raster.height)
        image.format = raster.channels == 4 ? exhibit_png_format_rgba() : exhibit_png_format_rgb()
        // Speed over size (faster filters and compression): a screenshot is written in a fraction of the time.
        image.flags = UInt32(PNG_IMAGE_FLAG_FAST)
        defer { png_image_free(&image) }
        var size = exhibit_png_image_png_size_max(&image)
        var output = [UInt8](repeating: 0, count: size)
        let written = output.withUnsafeMutableBytes { out in
            raster.pixels.withUnsafeBytes { png_image_write_to_memory(&image, out.baseAddress, &size, 0, $0.baseAddress, 0, nil) }
        }
        guard written != 0, size > 0 else { throw ExhibitError.environment("cannot encode the PNG: \(message(image))") }
        output.removeLast(output.count - size)
        return output
    }

    /// Decodes a whole JPEG to RGB, treating any warning (such as premature end of data) as an error.
    /// - Throws: `ExhibitError.badInput` when the JPEG is corrupt or truncated.
    package static func decodeJPEG(_ bytes: [UInt8]) throws -> Raster {
        guard let handle = tjInitDecompress() else { throw ExhibitError.environment("cannot start the JPEG decoder") }
        defer { tjDestroy(handle) }
        let (width, height) = try dimensions(bytes, mime: "image/jpeg")
        guard width > 0, height > 0, width * height <= 400_000_000 else {
            throw ExhibitError.badInput("the JPEG is too large to redact (\(width)x\(height))")
        }
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        let status = pixels.withUnsafeMutableBufferPointer { out in
            bytes.withUnsafeBufferPointer { input in
                tjDecompress2(
                    handle, input.baseAddress, UInt(input.count), out.baseAddress, Int32(width), 0, Int32(height),
                    Int32(TJPF_RGB.rawValue), TJFLAG_STOPONWARNING | TJFLAG_ACCURATEDCT)
            }
        }
        guard status == 0 else {
            throw ExhibitError.badInput("the JPEG cannot be decoded: \(String(cString: tjGetErrorStr2(handle)))")
        }
        return Raster(width: width, height: height, channels: 3, pixels: pixels)
    }

    /// Encodes RGB as a baseline JPEG (quality 92, 4:4:4) with no metadata.
    static func encodeJPEG(_ raster: Raster, quality: Int32 = 92) throws -> [UInt8] {
        guard let handle = tjInitCompress() else { throw ExhibitError.environment("cannot start the JPEG encoder") }
        defer { tjDestroy(handle) }
        var buffer: UnsafeMutablePointer<UInt8>?
        var size: UInt = 0
        let status = raster.pixels.withUnsafeBufferPointer { input in
            tjCompress2(
                handle, input.baseAddress, Int32(raster.width), 0, Int32(raster.height), Int32(TJPF_RGB.rawValue), &buffer, &size,
                Int32(TJSAMP_444.rawValue), quality, TJFLAG_ACCURATEDCT)
        }
        defer { if let buffer { tjFree(buffer) } }
        guard status == 0, let buffer else {
            throw ExhibitError.environment("cannot encode the JPEG: \(String(cString: tjGetErrorStr2(handle)))")
        }
        return Array(UnsafeBufferPointer(start: buffer, count: Int(size)))
    }

    private static func message(_ image: png_image) -> String {
        var copy = image.message
        return withUnsafeBytes(of: &copy) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}
