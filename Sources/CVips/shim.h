// libvips (Debian: libvips-dev), for dish photos: decode whatever the manager uploads, shrink it
// for phones, and write it again without its metadata. libvips's calls take NULL-terminated
// option lists, which Swift cannot call; these small inline functions fix the options instead.
#include <vips/vips.h>

static inline int intellidine_vips_start(void) {
    if (VIPS_INIT("intellidine")) return -1;
    // Only the well-tested loaders: uploads are untrusted (the box also admits only JPEG, PNG, WebP).
    vips_block_untrusted_set(TRUE);
    // No operation cache: every upload is different, and cached images would only hold memory.
    vips_cache_set_max(0);
    vips_cache_set_max_mem(0);
    return 0;
}

/// Reads only the image's header: its width and height, or -1 when the bytes are not an image
/// libvips can load (the format is told by the bytes, never by a file name).
static inline int intellidine_vips_size(const void *bytes, size_t length, int *width, int *height) {
    VipsImage *image = vips_image_new_from_buffer(bytes, length, "", NULL);
    if (!image) { vips_error_clear(); return -1; }
    *width = vips_image_get_width(image);
    *height = vips_image_get_height(image);
    g_object_unref(image);
    return 0;
}

/// The photo turned upright (EXIF orientation), shrunk to fit `size` px on its longer side (never
/// enlarged), and saved as WebP with no metadata at all. Only the pixels are carried over into a
/// new image, because libvips 8.14's WebP writer keeps EXIF even when asked to strip it.
/// `*out` is g_malloc'd: free it with g_free.
static inline int intellidine_vips_webp(const void *bytes, size_t length, int size, int quality, void **out, size_t *out_length) {
    VipsImage *image = NULL;
    if (vips_thumbnail_buffer((void *)bytes, length, &image, size, "height", size, "size", VIPS_SIZE_DOWN, NULL)) {
        vips_error_clear();
        return -1;
    }
    size_t pixels_length = 0;
    void *pixels = vips_image_write_to_memory(image, &pixels_length);
    VipsImage *bare = pixels == NULL ? NULL : vips_image_new_from_memory_copy(
        pixels, pixels_length, vips_image_get_width(image), vips_image_get_height(image), vips_image_get_bands(image),
        vips_image_get_format(image));
    g_free(pixels);
    g_object_unref(image);
    if (bare == NULL) { vips_error_clear(); return -1; }
    // sRGB pixels, said explicitly (a copy from memory would otherwise be taken as multiband).
    bare->Type = vips_image_get_bands(bare) >= 3 ? VIPS_INTERPRETATION_sRGB : VIPS_INTERPRETATION_B_W;
    int failed = vips_webpsave_buffer(bare, out, out_length, "Q", quality, "strip", TRUE, NULL);
    g_object_unref(bare);
    if (failed) vips_error_clear();
    return failed ? -1 : 0;
}
