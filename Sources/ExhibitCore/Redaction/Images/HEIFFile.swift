internal import CExhibitHEIF

/// HEIC/HEIF photos through libheif: the primary image decoded to 8-bit RGB (rotation and mirroring applied,
/// as a viewer shows it). Nothing of the container travels: EXIF, XMP, depth maps, thumbnails and auxiliary
/// images are left behind, and the shared copy is a new JPEG or PNG made from the pixels.
package enum HEIFFile {
    /// libheif's functions, loaded on first use (`exhibit_heif_load`).
    private static func library() throws -> exhibit_heif {
        guard let loaded = exhibit_heif_load() else {
            throw ExhibitError.environment("the HEIF decoder (libheif1) cannot be loaded; run scripts/install-deps")
        }
        return loaded.pointee
    }

    /// Owns a libheif context (freed in `deinit`).
    private final class Context {
        let api: exhibit_heif
        let pointer: OpaquePointer
        init() throws {
            api = try HEIFFile.library()
            guard let pointer = api.heif_context_alloc() else { throw ExhibitError.environment("cannot start the HEIF decoder") }
            self.pointer = pointer
        }
        deinit { api.heif_context_free(pointer) }
    }

    /// Owns an image handle (freed in `deinit`).
    private final class Handle {
        let api: exhibit_heif
        let pointer: OpaquePointer
        init(_ pointer: OpaquePointer, api: exhibit_heif) {
            self.pointer = pointer
            self.api = api
        }
        deinit { api.heif_image_handle_release(pointer) }
    }

    /// Owns a decoded image (freed in `deinit`).
    private final class Image {
        let api: exhibit_heif
        let pointer: OpaquePointer
        init(_ pointer: OpaquePointer, api: exhibit_heif) {
            self.pointer = pointer
            self.api = api
        }
        deinit { api.heif_image_release(pointer) }
    }

    /// The primary image's width and height and how many metadata blocks (EXIF, XMP) it carries, read from
    /// the container without decoding any pixels.
    /// - Throws: `ExhibitError.badInput` when the container cannot be read.
    static func header(_ bytes: [UInt8]) throws -> (width: Int, height: Int, metadata: Int) {
        try withPrimary(bytes) { handle in
            (
                Int(handle.api.heif_image_handle_get_width(handle.pointer)),
                Int(handle.api.heif_image_handle_get_height(handle.pointer)),
                Int(handle.api.heif_image_handle_get_number_of_metadata_blocks(handle.pointer, nil))
            )
        }
    }

    /// Decodes the primary image to RGB, after checking its size against `ImageLimits`.
    /// - Throws: `ExhibitError.badInput` when the image is too large, corrupt or truncated.
    package static func decode(_ bytes: [UInt8]) throws -> ImageCodec.Raster {
        try withPrimary(bytes) { handle in
            let width = Int(handle.api.heif_image_handle_get_width(handle.pointer))
            let height = Int(handle.api.heif_image_handle_get_height(handle.pointer))
            try ImageLimits.check(width: width, height: height)
            var decoded: OpaquePointer?
            let status = handle.api.heif_decode_image(
                handle.pointer, &decoded, heif_colorspace_RGB, heif_chroma_interleaved_RGB, nil)
            guard status.code == heif_error_Ok, let decoded else { throw failure("cannot be decoded", status) }
            let image = Image(decoded, api: handle.api)
            let outWidth = Int(image.api.heif_image_get_width(image.pointer, heif_channel_interleaved))
            let outHeight = Int(image.api.heif_image_get_height(image.pointer, heif_channel_interleaved))
            try ImageLimits.check(width: outWidth, height: outHeight)
            var stride: Int32 = 0
            guard let plane = image.api.heif_image_get_plane_readonly(image.pointer, heif_channel_interleaved, &stride),
                Int(stride) >= outWidth * 3
            else { throw ExhibitError.badInput("the HEIF image has no RGB plane") }
            var pixels = [UInt8](repeating: 0, count: outWidth * outHeight * 3)
            pixels.withUnsafeMutableBufferPointer { out in
                for row in 0..<outHeight {
                    guard let target = out.baseAddress?.advanced(by: row * outWidth * 3) else { return }
                    target.update(from: plane.advanced(by: row * Int(stride)), count: outWidth * 3)
                }
            }
            return ImageCodec.Raster(width: outWidth, height: outHeight, channels: 3, pixels: pixels)
        }
    }

    private static func withPrimary<Result>(_ bytes: [UInt8], _ body: (Handle) throws -> Result) throws -> Result {
        let context = try Context()
        // The context must outlive the image handle taken from it.
        defer { withExtendedLifetime(context) {} }
        context.api.heif_context_set_maximum_image_size_limit(context.pointer, Int32(ImageLimits.largestSide))
        // Read without a copy: every use of the context stays inside this closure, while the bytes are pinned.
        return try bytes.withUnsafeBytes { raw in
            let read = context.api.heif_context_read_from_memory_without_copy(context.pointer, raw.baseAddress, raw.count, nil)
            guard read.code == heif_error_Ok else { throw failure("cannot be read", read) }
            var primary: OpaquePointer?
            let found = context.api.heif_context_get_primary_image_handle(context.pointer, &primary)
            guard found.code == heif_error_Ok, let primary else { throw failure("has no primary image", found) }
            return try body(Handle(primary, api: context.api))
        }
    }

    private static func failure(_ what: String, _ error: heif_error) -> ExhibitError {
        let message = error.message.map { String(cString: $0) } ?? "unknown error"
        return ExhibitError.badInput("the HEIF image \(what) (\(message))")
    }
}

/// Caps on pictures read from evidence, checked from the header before any pixels are decoded, so a
/// decompression bomb (a 60,000 x 60,000 PNG of a few kilobytes) is withheld without allocating its raster.
package enum ImageLimits {
    /// Most pixels decoded from one picture (a 48-megapixel phone photo fits).
    static let largestArea = 50_000_000
    /// Longest side.
    static let largestSide = 20_000

    /// Checks a picture's size.
    /// - Throws: `ExhibitError.badInput` when it is empty or too large.
    package static func check(width: Int, height: Int) throws {
        guard width > 0, height > 0 else { throw ExhibitError.badInput("the image has no pixels") }
        guard width <= largestSide, height <= largestSide, width * height <= largestArea else {
            throw ExhibitError.badInput(
                "the image is \(width)x\(height) pixels, larger than Exhibit decodes (\(largestArea / 1_000_000) megapixels); a possible decompression bomb"
            )
        }
    }
}
