internal import CExhibitTesseract
import Foundation

/// One word read from a picture: its text, its box in pixels, Tesseract's confidence and where it sits in the
/// page's layout (block, paragraph and line numbers, counted from 0 in reading order).
package struct OCRWord: Sendable, Equatable {
    /// The word as read (UTF-8).
    package var text: String
    /// The word's box, in pixels of the image read.
    package var box: PixelRegion
    /// Tesseract's confidence, 0 to 100.
    var confidence: Double
    /// The layout block (a chat bubble, a column, a paragraph group).
    var block: Int
    /// The paragraph within the page.
    var paragraph: Int
    /// The text line within the page.
    var line: Int

    /// True when the word holds a letter or a digit (punctuation and icon noise hold neither).
    var hasAlphanumerics: Bool { text.unicodeScalars.contains { CharacterSet.alphanumerics.contains($0) } }
}

/// Text recognition through Tesseract's C API (libtesseract, English model from `tesseract-ocr-eng`), in
/// this process: words with boxes and confidences, read in the same page-segmentation mode as the stock
/// `tesseract` command (automatic). Owns one `TessBaseAPI`, freed in `deinit`; not for use from two threads.
///
/// Debian's Tesseract is built with OpenMP, whose worker threads spin while they wait: on two shared cores
/// that makes a page several times slower than one thread. OpenMP reads its limit when libgomp is loaded, which
/// happens with libtesseract on first use (dlopen): the loader sets `OMP_THREAD_LIMIT=1` (`OCRThreads`) just
/// before, unless the user set a limit.
package final class OCREngine {
    private let api: exhibit_tesseract
    private let handle: OpaquePointer
    /// The folder holding the language model (and `pdf.ttf` for the PDF renderer).
    let dataPath: String
    /// Most words accepted from one image: more is not a picture of text an officer can check.
    static let maximumWords = 100_000
    /// Longest recognition of one image before it is abandoned (and the file withheld).
    static let deadline: Duration = .seconds(300)

    /// Starts Tesseract with the English model.
    /// - Throws: `ExhibitError.environment` when the engine or the model cannot be loaded.
    package init() throws {
        api = try Self.library()
        guard let handle = api.TessBaseAPICreate() else {
            throw ExhibitError.environment("cannot start the OCR engine (Tesseract)")
        }
        // Leptonica and Tesseract write diagnostics to stderr; none of them belong on the user's terminal.
        _ = api.setMsgSeverity(6)
        _ = api.TessBaseAPISetVariable(handle, "debug_file", "/dev/null")
        guard api.TessBaseAPIInit3(handle, nil, "eng") == 0 else {
            api.TessBaseAPIDelete(handle)
            throw ExhibitError.environment(
                "the English OCR model cannot be loaded (tesseract-ocr-eng); run scripts/install-deps")
        }
        self.handle = handle
        dataPath = api.TessBaseAPIGetDatapath(handle).map { String(cString: $0) } ?? "/usr/share/tesseract-ocr/5/tessdata"
    }

    deinit {
        api.TessBaseAPIEnd(handle)
        api.TessBaseAPIDelete(handle)
    }

    /// Tesseract's functions, loaded on first use (`exhibit_tesseract_load`).
    /// - Throws: `ExhibitError.environment` when libtesseract or Leptonica is not installed.
    static func library() throws -> exhibit_tesseract {
        guard let loaded = exhibit_tesseract_load() else {
            throw ExhibitError.environment("the OCR engine (libtesseract5, liblept5) cannot be loaded; run scripts/install-deps")
        }
        return loaded.pointee
    }

    /// Reads the words of an image, or of one rectangle of it.
    /// - Parameters:
    ///   - raster: 8-bit RGB or RGBA pixels.
    ///   - resolution: pixels per inch when known (rendered PDF pages); nil lets Tesseract estimate it.
    ///   - rectangle: only this part of the image (clipped to it); nil for the whole image.
    /// - Returns: the words in reading order, with boxes in the image's coordinates.
    /// - Throws: `ExhibitError.badInput` when recognition fails, runs past `deadline` or reads too many words.
    package func recognise(_ raster: ImageCodec.Raster, resolution: Int? = nil, rectangle: PixelRegion? = nil) throws -> [OCRWord]
    {
        try recognise(raster, resolution: resolution, areas: [rectangle]).first ?? []
    }

    /// Reads several rectangles of one image (nil: the whole image), giving Tesseract the pixels once.
    /// - Returns: the words of each area, in the order given.
    /// - Throws: `ExhibitError.badInput` when recognition fails, runs past `deadline` or reads too many words.
    func recognise(_ raster: ImageCodec.Raster, resolution: Int?, areas: [PixelRegion?]) throws -> [[OCRWord]] {
        try load(raster, resolution: resolution)
        var result: [[OCRWord]] = []
        for area in areas {
            if let area {
                let left = min(max(area.x, 0), raster.width)
                let top = min(max(area.y, 0), raster.height)
                let width = min(max(area.width, 0), raster.width - left)
                let height = min(max(area.height, 0), raster.height - top)
                guard width > 0, height > 0 else {
                    result.append([])
                    continue
                }
                api.TessBaseAPISetRectangle(handle, Int32(left), Int32(top), Int32(width), Int32(height))
            }
            try recogniseLoaded()
            result.append(try words())
        }
        return result
    }

    /// Gives Tesseract the image (it copies the pixels) for `recogniseLoaded` and the PDF renderer, as 8-bit
    /// luminance: Tesseract's recogniser reads grey anyway, and thresholding a colour image channel by channel costs
    /// it about half as much time again as the whole recognition of a screenshot (the stock CLI does the same for a
    /// palette PNG, whose words it reads identically).
    func load(_ raster: ImageCodec.Raster, resolution: Int?) throws {
        guard raster.width > 0, raster.height > 0, raster.pixels.count == raster.width * raster.height * raster.channels else {
            throw ExhibitError.badInput("the image to read is empty or inconsistent")
        }
        api.TessBaseAPIClear(handle)
        let grey = Self.luminance(raster)
        grey.withUnsafeBufferPointer { pixels in
            api.TessBaseAPISetImage(handle, pixels.baseAddress, Int32(raster.width), Int32(raster.height), 1, Int32(raster.width))
        }
        if let resolution { api.TessBaseAPISetSourceResolution(handle, Int32(resolution)) }
    }

    /// One byte of luminance per pixel (ITU-R BT.601 weights; an alpha channel is ignored, as Tesseract ignores it).
    static func luminance(_ raster: ImageCodec.Raster) -> [UInt8] {
        let channels = raster.channels
        guard channels >= 3 else {
            guard channels == 2 else { return raster.pixels }
            return stride(from: 0, to: raster.pixels.count, by: 2).map { raster.pixels[$0] }
        }
        let count = raster.width * raster.height
        return [UInt8](unsafeUninitializedCapacity: count) { grey, initialised in
            raster.pixels.withUnsafeBufferPointer { source in
                var offset = 0
                for index in 0..<count {
                    let red = UInt32(source[offset])
                    let green = UInt32(source[offset + 1])
                    let blue = UInt32(source[offset + 2])
                    grey[index] = UInt8(truncatingIfNeeded: (77 * red + 150 * green + 29 * blue + 128) >> 8)
                    offset += channels
                }
            }
            initialised = count
        }
    }

    /// Runs recognition on the loaded image, under `deadline`.
    func recogniseLoaded() throws {
        guard let monitor = api.TessMonitorCreate() else {
            throw ExhibitError.environment("cannot start the OCR engine's monitor")
        }
        defer { api.TessMonitorDelete(monitor) }
        let milliseconds = Int32(Self.deadline.components.seconds * 1000)
        api.TessMonitorSetDeadlineMSecs(monitor, milliseconds)
        let clock = ContinuousClock()
        let started = clock.now
        let status = api.TessBaseAPIRecognize(handle, monitor)
        guard status == 0, clock.now - started < Self.deadline else {
            throw ExhibitError.badInput("text recognition failed or took longer than \(Self.deadline.components.seconds) s")
        }
    }

    /// The words of the last recognition.
    private func words() throws -> [OCRWord] {
        guard let iterator = api.TessBaseAPIGetIterator(handle) else { return [] }
        defer { api.TessResultIteratorDelete(iterator) }
        guard let page = api.TessResultIteratorGetPageIterator(iterator) else { return [] }
        var words: [OCRWord] = []
        var block = -1
        var paragraph = -1
        var line = -1
        repeat {
            if api.TessPageIteratorIsAtBeginningOf(page, RIL_BLOCK) != 0 { block += 1 }
            if api.TessPageIteratorIsAtBeginningOf(page, RIL_PARA) != 0 { paragraph += 1 }
            if api.TessPageIteratorIsAtBeginningOf(page, RIL_TEXTLINE) != 0 { line += 1 }
            guard let text = api.TessResultIteratorGetUTF8Text(iterator, RIL_WORD) else { continue }
            let word = String(cString: text)
            api.TessDeleteText(text)
            var left: Int32 = 0
            var top: Int32 = 0
            var right: Int32 = 0
            var bottom: Int32 = 0
            guard api.TessPageIteratorBoundingBox(page, RIL_WORD, &left, &top, &right, &bottom) != 0, right > left, bottom > top
            else { continue }
            guard words.count < Self.maximumWords else {
                throw ExhibitError.badInput("the image holds more than \(Self.maximumWords) words")
            }
            words.append(
                OCRWord(
                    text: word,
                    box: PixelRegion(x: Int(left), y: Int(top), width: Int(right - left), height: Int(bottom - top)),
                    confidence: Double(api.TessResultIteratorConfidence(iterator, RIL_WORD)), block: max(block, 0),
                    paragraph: max(paragraph, 0), line: max(line, 0)))
        } while api.TessResultIteratorNext(iterator, RIL_WORD) != 0
        return words
    }

    /// Runs `body` with the raw handle, for the PDF renderer (which reads the loaded image and its results).
    func withHandle<Result>(_ body: (OpaquePointer) throws -> Result) rethrows -> Result { try body(handle) }
}

/// The environment setting that keeps OpenMP, inside Tesseract, to one thread (see `OCREngine`).
public enum OCRThreads {
    /// The variable OpenMP reads at start-up.
    public static let name = "OMP_THREAD_LIMIT"
    /// One thread.
    public static let value = "1"
}
