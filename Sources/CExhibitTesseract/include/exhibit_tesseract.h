// Tesseract's C API, loaded on first use (dlopen) rather than linked: libtesseract and Leptonica bring some
// forty libraries with them (curl, TIFF, WebP, OpenJPEG, GnuTLS, Kerberos …), which would add about ten
// megabytes to the memory of every exhibit command, OCR or not. Each field points to the function of the
// same name (capi.h documents them).
#ifndef EXHIBIT_TESSERACT_H
#define EXHIBIT_TESSERACT_H

#include <tesseract/capi.h>

/// Leptonica's setMsgSeverity (allheaders.h): 6 (L_SEVERITY_NONE) silences its messages on stderr.
int setMsgSeverity(int newsev);

/// The functions Exhibit calls.
struct exhibit_tesseract {
    __typeof__(setMsgSeverity) *_Nonnull setMsgSeverity;
    __typeof__(TessBaseAPICreate) *_Nonnull TessBaseAPICreate;
    __typeof__(TessBaseAPIDelete) *_Nonnull TessBaseAPIDelete;
    __typeof__(TessBaseAPIEnd) *_Nonnull TessBaseAPIEnd;
    __typeof__(TessBaseAPIClear) *_Nonnull TessBaseAPIClear;
    __typeof__(TessBaseAPIInit3) *_Nonnull TessBaseAPIInit3;
    __typeof__(TessBaseAPIGetDatapath) *_Nonnull TessBaseAPIGetDatapath;
    __typeof__(TessBaseAPISetVariable) *_Nonnull TessBaseAPISetVariable;
    __typeof__(TessBaseAPISetImage) *_Nonnull TessBaseAPISetImage;
    __typeof__(TessBaseAPISetSourceResolution) *_Nonnull TessBaseAPISetSourceResolution;
    __typeof__(TessBaseAPISetRectangle) *_Nonnull TessBaseAPISetRectangle;
    __typeof__(TessBaseAPISetInputName) *_Nonnull TessBaseAPISetInputName;
    __typeof__(TessBaseAPIRecognize) *_Nonnull TessBaseAPIRecognize;
    __typeof__(TessBaseAPIGetIterator) *_Nonnull TessBaseAPIGetIterator;
    __typeof__(TessMonitorCreate) *_Nonnull TessMonitorCreate;
    __typeof__(TessMonitorDelete) *_Nonnull TessMonitorDelete;
    __typeof__(TessMonitorSetDeadlineMSecs) *_Nonnull TessMonitorSetDeadlineMSecs;
    __typeof__(TessResultIteratorDelete) *_Nonnull TessResultIteratorDelete;
    __typeof__(TessResultIteratorGetPageIterator) *_Nonnull TessResultIteratorGetPageIterator;
    __typeof__(TessResultIteratorGetUTF8Text) *_Nonnull TessResultIteratorGetUTF8Text;
    __typeof__(TessResultIteratorConfidence) *_Nonnull TessResultIteratorConfidence;
    __typeof__(TessResultIteratorNext) *_Nonnull TessResultIteratorNext;
    __typeof__(TessPageIteratorIsAtBeginningOf) *_Nonnull TessPageIteratorIsAtBeginningOf;
    __typeof__(TessPageIteratorBoundingBox) *_Nonnull TessPageIteratorBoundingBox;
    __typeof__(TessDeleteText) *_Nonnull TessDeleteText;
    __typeof__(TessPDFRendererCreate) *_Nonnull TessPDFRendererCreate;
    __typeof__(TessDeleteResultRenderer) *_Nonnull TessDeleteResultRenderer;
    __typeof__(TessResultRendererBeginDocument) *_Nonnull TessResultRendererBeginDocument;
    __typeof__(TessResultRendererAddImage) *_Nonnull TessResultRendererAddImage;
    __typeof__(TessResultRendererEndDocument) *_Nonnull TessResultRendererEndDocument;
};

/// Loads libtesseract.so.5 and liblept.so.5 once (thread-safe) and resolves every function; NULL when a
/// library or a function is missing.
const struct exhibit_tesseract *_Nullable exhibit_tesseract_load(void);

#endif
