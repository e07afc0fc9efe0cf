internal import CExhibitTesseract

/// A new PDF made only of page images, each with an invisible text layer of what OCR read on it, written by
/// Tesseract's PDF renderer (C API). Nothing of a source document can survive in it: no text objects but
/// the OCR layer, no fonts but Tesseract's glyphless one, no annotations, forms, attachments, scripts,
/// layers, metadata or earlier revisions. Owns the renderer, freed in `deinit`.
final class SearchablePDFWriter {
    private let api: exhibit_tesseract
    private let renderer: OpaquePointer
    private var finished = false
    /// The file written: `base` + `.pdf`.
    let path: String

    /// Starts a document.
    /// - Parameters:
    ///   - base: the output path without `.pdf`.
    ///   - dataPath: Tesseract's data folder (its `pdf.ttf`).
    /// - Throws: `ExhibitError.environment` when the renderer cannot start.
    init(base: String, dataPath: String) throws {
        api = try OCREngine.library()
        guard let renderer = api.TessPDFRendererCreate(base, dataPath, 0) else {
            throw ExhibitError.environment("cannot start Tesseract's PDF renderer")
        }
        self.renderer = renderer
        path = base + ".pdf"
        guard api.TessResultRendererBeginDocument(renderer, "") != 0 else {
            throw ExhibitError.environment("cannot begin the redacted PDF at \(path)")
        }
    }

    deinit { api.TessDeleteResultRenderer(renderer) }

    /// Adds a page: the JPEG file `image` (embedded as it is) at the size and resolution of the image loaded in
    /// `engine`, with the text `engine` last recognised as its invisible layer.
    /// - Throws: `ExhibitError.environment` when the page cannot be written.
    func addPage(image: String, engine: OCREngine) throws {
        let added = engine.withHandle { handle -> Int32 in
            api.TessBaseAPISetInputName(handle, image)
            return api.TessResultRendererAddImage(renderer, handle)
        }
        guard added != 0 else { throw ExhibitError.environment("cannot add a page to the redacted PDF") }
    }

    /// Finishes the document (cross-reference table and trailer).
    /// - Throws: `ExhibitError.environment` when it cannot be finished.
    func finish() throws {
        guard !finished else { return }
        finished = true
        guard api.TessResultRendererEndDocument(renderer) != 0 else {
            throw ExhibitError.environment("cannot finish the redacted PDF at \(path)")
        }
    }
}
