// Shim for libpng's simplified API and libjpeg-turbo's TurboJPEG API: the decoders Exhibit uses to check
// images and burn regions in. Only macros Swift cannot import are wrapped here.
#ifndef EXHIBIT_IMAGE_SHIM_H
#define EXHIBIT_IMAGE_SHIM_H

#include <png.h>
#include <turbojpeg.h>

/// PNG_IMAGE_VERSION, for png_image.version.
static inline png_uint_32 exhibit_png_image_version(void) { return PNG_IMAGE_VERSION; }

/// PNG_FORMAT_RGBA: 8-bit red, green, blue, alpha.
static inline png_uint_32 exhibit_png_format_rgba(void) { return PNG_FORMAT_RGBA; }

/// PNG_FORMAT_RGB: 8-bit red, green, blue.
static inline png_uint_32 exhibit_png_format_rgb(void) { return PNG_FORMAT_RGB; }

/// PNG_FORMAT_FLAG_ALPHA: the format has an alpha channel.
static inline png_uint_32 exhibit_png_format_flag_alpha(void) { return PNG_FORMAT_FLAG_ALPHA; }

/// PNG_IMAGE_PNG_SIZE_MAX(image): an upper bound on the encoded size, so one write suffices.
static inline size_t exhibit_png_image_png_size_max(png_imagep image) { return PNG_IMAGE_PNG_SIZE_MAX(*image); }

/// PNG_IMAGE_SIZE(image): bytes needed for the whole image in its current format.
static inline size_t exhibit_png_image_size(png_imagep image) { return PNG_IMAGE_SIZE(*image); }

/// PNG_IMAGE_FAILED(image): true when the last simplified-API call failed.
static inline int exhibit_png_image_failed(png_imagep image) { return PNG_IMAGE_FAILED(*image); }

#endif
