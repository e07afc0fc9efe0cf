// Shim for Tesseract's C API (text recognition with word boxes, and its PDF renderer). Leptonica's own header
// is not imported: the one Leptonica call Exhibit makes is declared here.
#ifndef EXHIBIT_TESSERACT_SHIM_H
#define EXHIBIT_TESSERACT_SHIM_H

#include <tesseract/capi.h>

/// Leptonica's setMsgSeverity (allheaders.h): 6 (L_SEVERITY_NONE) silences its messages on stderr.
int setMsgSeverity(int newsev);

#endif
