// libvips, for dish photos: decode whatever the manager uploads, shrink it for phones, and write
// it again without its metadata. libvips's calls take NULL-terminated option lists, which Swift
// cannot call; these small inline functions fix the options instead.
//
// libvips is loaded with dlopen on the first photo, not linked: it brings about a hundred shared
// libraries (GLib, codecs, fonts) whose pages were 17 MB of the daemon's resident memory from its
// start, for a feature a manager uses while setting up the menu (docs/architecture.md, "Memory").
// So nothing here includes libvips's headers (they would make the build link it): the few
// functions used are declared below as libvips 8.x declares them (Debian 12's libvips42, ABI 42),
// and the version check refuses any other ABI.
#include <dlfcn.h>
#include <stddef.h>

typedef struct _VipsImage VipsImage;

// From <vips/version.h>, <vips/resample.h> and <vips/image.h>.
enum { INTELLIDINE_VIPS_ABI = 58 - 16, INTELLIDINE_VIPS_SIZE_DOWN = 2 };
enum { INTELLIDINE_VIPS_INTERPRETATION_B_W = 1, INTELLIDINE_VIPS_INTERPRETATION_SRGB = 22 };

struct intellidine_vips_table {
    int (*vips_version)(int flag);
    int (*vips_init)(const char *argv0);
    void (*vips_block_untrusted_set)(int state);
    void (*vips_cache_set_max)(int max);
    void (*vips_cache_set_max_mem)(size_t max_mem);
    VipsImage *(*vips_image_new_from_buffer)(const void *buf, size_t len, const char *option_string, ...);
    void (*vips_error_clear)(void);
    int (*vips_image_get_width)(const VipsImage *image);
    int (*vips_image_get_height)(const VipsImage *image);
    int (*vips_image_get_bands)(const VipsImage *image);
    int (*vips_image_get_format)(const VipsImage *image);
    int (*vips_thumbnail_buffer)(void *buf, size_t len, VipsImage **out, int width, ...);
    void *(*vips_image_write_to_memory)(VipsImage *in, size_t *size);
    VipsImage *(*vips_image_new_from_memory_copy)(const void *data, size_t size, int width, int height, int bands, int format);
    int (*vips_copy)(VipsImage *in, VipsImage **out, ...);
    int (*vips_webpsave_buffer)(VipsImage *in, void **buf, size_t *len, ...);
    void (*g_object_unref)(void *object);
    void (*g_free)(void *pointer);
};

// The table lives in a function: a static variable of a header is not emitted into the Swift
// module that imports it, a function's own static is.
static inline struct intellidine_vips_table *intellidine_vips_table(void) {
    static struct intellidine_vips_table table;
    return &table;
}
#define intellidine_vips (*intellidine_vips_table())

/// Loads libvips and starts it; -1 when it is not installed or not the ABI declared above.
/// Called once per process (Swift's lazy static), before any other function here.
static inline int intellidine_vips_start(void) {
    void *library = dlopen("libvips.so.42", RTLD_NOW | RTLD_LOCAL);
    if (!library) return -1;
#define INTELLIDINE_VIPS_LOAD(name) \
    if (!(*(void **)&intellidine_vips.name = dlsym(library, #name))) return -1;
    INTELLIDINE_VIPS_LOAD(vips_version) INTELLIDINE_VIPS_LOAD(vips_init) INTELLIDINE_VIPS_LOAD(vips_block_untrusted_set)
    INTELLIDINE_VIPS_LOAD(vips_cache_set_max) INTELLIDINE_VIPS_LOAD(vips_cache_set_max_mem) INTELLIDINE_VIPS_LOAD(vips_image_new_from_buffer)
    INTELLIDINE_VIPS_LOAD(vips_error_clear) INTELLIDINE_VIPS_LOAD(vips_image_get_width) INTELLIDINE_VIPS_LOAD(vips_image_get_height)
    INTELLIDINE_VIPS_LOAD(vips_image_get_bands) INTELLIDINE_VIPS_LOAD(vips_image_get_format) INTELLIDINE_VIPS_LOAD(vips_thumbnail_buffer)
    INTELLIDINE_VIPS_LOAD(vips_image_write_to_memory) INTELLIDINE_VIPS_LOAD(vips_image_new_from_memory_copy) INTELLIDINE_VIPS_LOAD(vips_copy)
    INTELLIDINE_VIPS_LOAD(vips_webpsave_buffer) INTELLIDINE_VIPS_LOAD(g_object_unref) INTELLIDINE_VIPS_LOAD(g_free)
#undef INTELLIDINE_VIPS_LOAD
    // VIPS_INIT's own ABI check (library current - age), through the loaded library.
    if (intellidine_vips.vips_version(3) - intellidine_vips.vips_version(5) != INTELLIDINE_VIPS_ABI) return -1;
    if (intellidine_vips.vips_init("intellidine")) return -1;
    // Only the well-tested loaders: uploads are untrusted (the box also admits only JPEG, PNG, WebP).
    intellidine_vips.vips_block_untrusted_set(1);
    // No operation cache: every upload is different, and cached images would only hold memory.
    intellidine_vips.vips_cache_set_max(0);
    intellidine_vips.vips_cache_set_max_mem(0);
    return 0;
}

/// `g_free` from the loaded GLib, for the buffers libvips returns.
static inline void intellidine_vips_free(void *pointer) { intellidine_vips.g_free(pointer); }

/// Reads only the image's header: its width and height, or -1 when the bytes are not an image
/// libvips can load (the format is told by the bytes, never by a file name).
static inline int intellidine_vips_size(const void *bytes, size_t length, int *width, int *height) {
    VipsImage *image = intellidine_vips.vips_image_new_from_buffer(bytes, length, "", NULL);
    if (!image) { intellidine_vips.vips_error_clear(); return -1; }
    *width = intellidine_vips.vips_image_get_width(image);
    *height = intellidine_vips.vips_image_get_height(image);
    intellidine_vips.g_object_unref(image);
    return 0;
}

/// The photo turned upright (EXIF orientation), shrunk to fit `size` px on its longer side (never
/// enlarged), and saved as WebP with no metadata at all. Only the pixels are carried over into a
/// new image, because libvips 8.14's WebP writer keeps EXIF even when asked to strip it.
/// `*out` is g_malloc'd: free it with intellidine_vips_free.
static inline int intellidine_vips_webp(const void *bytes, size_t length, int size, int quality, void **out, size_t *out_length) {
    VipsImage *image = NULL;
    if (intellidine_vips.vips_thumbnail_buffer((void *)bytes, length, &image, size, "height", size, "size", INTELLIDINE_VIPS_SIZE_DOWN, NULL)) {
        intellidine_vips.vips_error_clear();
        return -1;
    }
    size_t pixels_length = 0;
    void *pixels = intellidine_vips.vips_image_write_to_memory(image, &pixels_length);
    int bands = intellidine_vips.vips_image_get_bands(image);
    VipsImage *bare = pixels == NULL ? NULL : intellidine_vips.vips_image_new_from_memory_copy(
        pixels, pixels_length, intellidine_vips.vips_image_get_width(image), intellidine_vips.vips_image_get_height(image), bands,
        intellidine_vips.vips_image_get_format(image));
    intellidine_vips.g_free(pixels);
    intellidine_vips.g_object_unref(image);
    if (bare == NULL) { intellidine_vips.vips_error_clear(); return -1; }
    // sRGB pixels, said explicitly (a copy from memory would otherwise be taken as multiband).
    VipsImage *said = NULL;
    int failed = intellidine_vips.vips_copy(bare, &said, "interpretation",
        bands >= 3 ? INTELLIDINE_VIPS_INTERPRETATION_SRGB : INTELLIDINE_VIPS_INTERPRETATION_B_W, NULL);
    intellidine_vips.g_object_unref(bare);
    if (failed) { intellidine_vips.vips_error_clear(); return -1; }
    failed = intellidine_vips.vips_webpsave_buffer(said, out, out_length, "Q", quality, "strip", 1, NULL);
    intellidine_vips.g_object_unref(said);
    if (failed) intellidine_vips.vips_error_clear();
    return failed ? -1 : 0;
}
