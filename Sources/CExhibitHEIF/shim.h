// Shim for libheif's C API: decoding HEIC/HEIF photos to interleaved RGB.
#ifndef EXHIBIT_HEIF_SHIM_H
#define EXHIBIT_HEIF_SHIM_H

#include <libheif/heif.h>

#endif
