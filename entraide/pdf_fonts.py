"""The PDFs' variable fonts made static by HarfBuzz, not by fontTools.

The portal's fonts are the packaged variable Noto Sans and Noto Sans Arabic (weight and width
axes). WeasyPrint lays text out with them as they are, then embeds in each PDF, for each face
it used (regular, bold), the glyphs it drew as a static font: after subsetting them with
HarfBuzz, it pins the axes with fontTools' instancer (`instantiateVariableFont`), in Python,
glyph by glyph, for every document (each holds other glyphs): most of the time of writing the
PDF once laid out.

HarfBuzz's subsetter pins axes too (`hb_subset_input_pin_axis_location`, in C, in the
libharfbuzz-subset WeasyPrint already loads): the same glyphs at the same location. Writing
Casablanca's monthly report once laid out took 0.59 s in Arabic and 0.40 s in French, 0.32 and
0.17 s this way (make bench's calibration 97 ms). Asked to mark the glyphs' overlapping
contours as fontTools does (the flag rasterisers read to draw their edges), it gives the same
outlines, advances and flags, and the pages come out pixel for pixel the same
(tests/entraide/test_pdf_fonts.py).

`install()` puts it in place of fontTools' instancer for WeasyPrint, once a process. Whatever
HarfBuzz cannot do (a library without the function, a font it refuses, a collection, a call
WeasyPrint would make otherwise) goes to fontTools as before: a PDF is never made without its
fonts. Nothing here imports Django.
"""

import functools
import io
import logging
import threading

logger = logging.getLogger(__name__)

_DECLARATIONS = """
typedef ... hb_blob_t;
typedef ... hb_face_t;
typedef ... hb_set_t;
typedef ... hb_subset_input_t;
hb_blob_t *hb_blob_create(const char *data, unsigned int length, int mode,
                          void *user_data, void *destroy);
void hb_blob_destroy(hb_blob_t *blob);
const char *hb_blob_get_data(hb_blob_t *blob, unsigned int *length);
hb_face_t *hb_face_create(hb_blob_t *blob, unsigned int index);
void hb_face_destroy(hb_face_t *face);
unsigned int hb_face_get_glyph_count(const hb_face_t *face);
hb_blob_t *hb_face_reference_blob(hb_face_t *face);
uint32_t hb_tag_from_string(const char *str, int len);
void hb_set_add_range(hb_set_t *set, uint32_t first, uint32_t last);
hb_subset_input_t *hb_subset_input_create_or_fail(void);
void hb_subset_input_destroy(hb_subset_input_t *input);
hb_set_t *hb_subset_input_glyph_set(hb_subset_input_t *input);
void hb_subset_input_set_flags(hb_subset_input_t *input, unsigned int value);
int hb_subset_input_pin_axis_location(hb_subset_input_t *input, hb_face_t *face,
                                      uint32_t axis_tag, float axis_value);
int hb_subset_input_pin_axis_to_default(hb_subset_input_t *input, hb_face_t *face,
                                        uint32_t axis_tag);
hb_face_t *hb_subset_or_fail(hb_face_t *source, const hb_subset_input_t *input);
"""
# The names WeasyPrint loads the libraries by, on Debian first.
_HARFBUZZ = ("libharfbuzz.so.0", "libharfbuzz-0", "harfbuzz")
_HARFBUZZ_SUBSET = ("libharfbuzz-subset.so.0", "libharfbuzz-subset-0", "harfbuzz-subset")
# hb_memory_mode_t and hb_subset_flags_t.
_MEMORY_DUPLICATE = 0
_RETAIN_GIDS = 0x2
_SET_OVERLAPS_FLAG = 0x10
_PASSTHROUGH_UNRECOGNIZED = 0x20

_install_lock = threading.Lock()


@functools.cache
def _libraries():
    """(ffi, libharfbuzz, libharfbuzz-subset), or None where they cannot be loaded or lack
    the axis pinning (HarfBuzz before 6.0)."""
    import cffi

    ffi = cffi.FFI()
    ffi.cdef(_DECLARATIONS)

    def load(names):
        for name in names:
            try:
                return ffi.dlopen(name)
            except OSError:
                continue
        return None

    harfbuzz, subset = load(_HARFBUZZ), load(_HARFBUZZ_SUBSET)
    if harfbuzz is None or subset is None:
        return None
    try:
        subset.hb_subset_input_pin_axis_location  # noqa: B018 - resolves the symbol
    except AttributeError:
        return None
    return ffi, harfbuzz, subset


def instantiate(data, location, axes):
    """The font `data` (bytes of one font, not a collection) with every axis of `axes` (tags)
    pinned: at `location[tag]` where given, at its default otherwise. Every glyph is kept,
    at its id. None if HarfBuzz cannot do it."""
    libraries = _libraries()
    if libraries is None or data[:4] == b"ttcf":
        return None
    ffi, harfbuzz, subset = libraries
    blob = ffi.gc(
        harfbuzz.hb_blob_create(data, len(data), _MEMORY_DUPLICATE, ffi.NULL, ffi.NULL),
        harfbuzz.hb_blob_destroy,
    )
    face = ffi.gc(harfbuzz.hb_face_create(blob, 0), harfbuzz.hb_face_destroy)
    glyphs = harfbuzz.hb_face_get_glyph_count(face)
    if not glyphs:  # not a font HarfBuzz can read
        return None
    plan = subset.hb_subset_input_create_or_fail()
    if plan == ffi.NULL:
        return None
    plan = ffi.gc(plan, subset.hb_subset_input_destroy)
    harfbuzz.hb_set_add_range(subset.hb_subset_input_glyph_set(plan), 0, glyphs - 1)
    subset.hb_subset_input_set_flags(
        plan, _RETAIN_GIDS | _SET_OVERLAPS_FLAG | _PASSTHROUGH_UNRECOGNIZED
    )
    for tag in axes:
        hb_tag = harfbuzz.hb_tag_from_string(tag.encode("ascii"), -1)
        if tag in location:
            pinned = subset.hb_subset_input_pin_axis_location(
                plan, face, hb_tag, float(location[tag])
            )
        else:
            pinned = subset.hb_subset_input_pin_axis_to_default(plan, face, hb_tag)
        if not pinned:
            return None
    static = subset.hb_subset_or_fail(face, plan)
    if static == ffi.NULL:
        return None
    static = ffi.gc(static, harfbuzz.hb_face_destroy)
    result = ffi.gc(harfbuzz.hb_face_reference_blob(static), harfbuzz.hb_blob_destroy)
    length = ffi.new("unsigned int *")
    pointer = harfbuzz.hb_blob_get_data(result, length)
    if not length[0]:
        return None
    return bytes(ffi.buffer(pointer, length[0]))


def _by_harfbuzz(by_fonttools):
    """fontTools' `instantiateVariableFont`, as WeasyPrint calls it (a font read from bytes,
    a full location, static=True), done by HarfBuzz."""

    @functools.wraps(by_fonttools)
    def instantiate_variable_font(varfont, axis_limits, *args, **kwargs):
        from fontTools.ttLib import TTFont

        source = getattr(getattr(varfont, "reader", None), "file", None)
        plain = not args and set(kwargs) <= {"static"} and kwargs.get("static", False)
        if plain and isinstance(source, io.BytesIO) and "fvar" in varfont:
            location = dict(axis_limits)
            if all(isinstance(value, int | float) for value in location.values()):
                axes = [axis.axisTag for axis in varfont["fvar"].axes]
                data = instantiate(source.getvalue(), location, axes)
                if data is not None:
                    return TTFont(io.BytesIO(data))
            logger.debug("HarfBuzz did not instantiate a variable font: fontTools does")
        return by_fonttools(varfont, axis_limits, *args, **kwargs)

    instantiate_variable_font.by_harfbuzz = True
    return instantiate_variable_font


def install():
    """WeasyPrint's PDF fonts made static by HarfBuzz, for the whole process, once."""
    from weasyprint.pdf import fonts

    with _install_lock:
        if not getattr(fonts.instantiateVariableFont, "by_harfbuzz", False):
            fonts.instantiateVariableFont = _by_harfbuzz(fonts.instantiateVariableFont)
