#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include "exhibit_tesseract.h"

static struct exhibit_tesseract api;
static const struct exhibit_tesseract *loaded;
static pthread_once_t once = PTHREAD_ONCE_INIT;

#define RESOLVE(library, name) \
    if (!(api.name = (__typeof__(api.name))dlsym(library, #name))) return;

static void load(void) {
    // OpenMP (libgomp, loaded with libtesseract) reads its thread limit when it is loaded: one thread is faster than
    // OpenMP's spinning workers on two shared cores. A limit already set is kept.
    setenv("OMP_THREAD_LIMIT", "1", 0);
    void *lept = dlopen("liblept.so.5", RTLD_NOW | RTLD_LOCAL);
    void *tess = dlopen("libtesseract.so.5", RTLD_NOW | RTLD_LOCAL);
    if (!lept || !tess) return;
    RESOLVE(lept, setMsgSeverity)
    RESOLVE(tess, TessBaseAPICreate)
    RESOLVE(tess, TessBaseAPIDelete)
    RESOLVE(tess, TessBaseAPIEnd)
    RESOLVE(tess, TessBaseAPIClear)
    RESOLVE(tess, TessBaseAPIInit3)
    RESOLVE(tess, TessBaseAPIGetDatapath)
    RESOLVE(tess, TessBaseAPISetVariable)
    RESOLVE(tess, TessBaseAPISetImage)
    RESOLVE(tess, TessBaseAPISetSourceResolution)
    RESOLVE(tess, TessBaseAPISetRectangle)
    RESOLVE(tess, TessBaseAPISetInputName)
    RESOLVE(tess, TessBaseAPIRecognize)
    RESOLVE(tess, TessBaseAPIGetIterator)
    RESOLVE(tess, TessMonitorCreate)
    RESOLVE(tess, TessMonitorDelete)
    RESOLVE(tess, TessMonitorSetDeadlineMSecs)
    RESOLVE(tess, TessResultIteratorDelete)
    RESOLVE(tess, TessResultIteratorGetPageIterator)
    RESOLVE(tess, TessResultIteratorGetUTF8Text)
    RESOLVE(tess, TessResultIteratorConfidence)
    RESOLVE(tess, TessResultIteratorNext)
    RESOLVE(tess, TessPageIteratorIsAtBeginningOf)
    RESOLVE(tess, TessPageIteratorBoundingBox)
    RESOLVE(tess, TessDeleteText)
    RESOLVE(tess, TessPDFRendererCreate)
    RESOLVE(tess, TessDeleteResultRenderer)
    RESOLVE(tess, TessResultRendererBeginDocument)
    RESOLVE(tess, TessResultRendererAddImage)
    RESOLVE(tess, TessResultRendererEndDocument)
    loaded = &api;
}

const struct exhibit_tesseract *exhibit_tesseract_load(void) {
    pthread_once(&once, load);
    return loaded;
}
