#include <dlfcn.h>
#include <pthread.h>
#include "exhibit_heif.h"

static struct exhibit_heif api;
static const struct exhibit_heif *loaded;
static pthread_once_t once = PTHREAD_ONCE_INIT;

#define RESOLVE(library, name) \
    if (!(api.name = (__typeof__(api.name))dlsym(library, #name))) return;

static void load(void) {
    void *heif = dlopen("libheif.so.1", RTLD_NOW | RTLD_LOCAL);
    if (!heif) return;
    RESOLVE(heif, heif_context_alloc)
    RESOLVE(heif, heif_context_free)
    RESOLVE(heif, heif_context_set_maximum_image_size_limit)
    RESOLVE(heif, heif_context_read_from_memory_without_copy)
    RESOLVE(heif, heif_context_get_primary_image_handle)
    RESOLVE(heif, heif_image_handle_release)
    RESOLVE(heif, heif_image_handle_get_width)
    RESOLVE(heif, heif_image_handle_get_height)
    RESOLVE(heif, heif_image_handle_get_number_of_metadata_blocks)
    RESOLVE(heif, heif_decode_image)
    RESOLVE(heif, heif_image_release)
    RESOLVE(heif, heif_image_get_width)
    RESOLVE(heif, heif_image_get_height)
    RESOLVE(heif, heif_image_get_plane_readonly)
    loaded = &api;
}

const struct exhibit_heif *exhibit_heif_load(void) {
    pthread_once(&once, load);
    return loaded;
}
