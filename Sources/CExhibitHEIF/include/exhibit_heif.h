// libheif's C API, loaded on first use (dlopen) rather than linked: libheif brings its HEVC and AV1 codecs
// (libde265, x265, dav1d, aom) with it, which every exhibit command would otherwise map. Each field points to
// the function of the same name (heif.h documents them).
#ifndef EXHIBIT_HEIF_H
#define EXHIBIT_HEIF_H

#include <libheif/heif.h>

/// The functions Exhibit calls.
struct exhibit_heif {
    __typeof__(heif_context_alloc) *_Nonnull heif_context_alloc;
    __typeof__(heif_context_free) *_Nonnull heif_context_free;
    __typeof__(heif_context_set_maximum_image_size_limit) *_Nonnull heif_context_set_maximum_image_size_limit;
    __typeof__(heif_context_read_from_memory_without_copy) *_Nonnull heif_context_read_from_memory_without_copy;
    __typeof__(heif_context_get_primary_image_handle) *_Nonnull heif_context_get_primary_image_handle;
    __typeof__(heif_image_handle_release) *_Nonnull heif_image_handle_release;
    __typeof__(heif_image_handle_get_width) *_Nonnull heif_image_handle_get_width;
    __typeof__(heif_image_handle_get_height) *_Nonnull heif_image_handle_get_height;
    __typeof__(heif_image_handle_get_number_of_metadata_blocks) *_Nonnull heif_image_handle_get_number_of_metadata_blocks;
    __typeof__(heif_decode_image) *_Nonnull heif_decode_image;
    __typeof__(heif_image_release) *_Nonnull heif_image_release;
    __typeof__(heif_image_get_width) *_Nonnull heif_image_get_width;
    __typeof__(heif_image_get_height) *_Nonnull heif_image_get_height;
    __typeof__(heif_image_get_plane_readonly) *_Nonnull heif_image_get_plane_readonly;
};

/// Loads libheif.so.1 once (thread-safe) and resolves every function; NULL when it or a function is missing.
const struct exhibit_heif *_Nullable exhibit_heif_load(void);

#endif
