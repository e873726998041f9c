"""PDF documents: Django templates laid out by WeasyPrint.

The PDF templates extend `entraide/pdf/base.html`, which sets the page, the Entraide
Nationale header, and a footer with who generated the document, when, and "page X of Y".

Everything a PDF needs comes from the machine it runs on: the fonts are the files of the
font packages (fontpkg-noto-sans, fontpkg-noto-sans-arabic), reached like any static file
through Django's staticfiles finders, so a document looks the same on every server and
nothing is fetched from the network while rendering personal data.
"""

import functools
import logging
import re
import threading
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from . import pdf_fonts

# The base against which the templates' relative URLs ({% static %} gives "/static/...") are
# resolved. The .invalid domain never resolves (RFC 2606): only our fetcher answers it.
BASE_URL = "https://pdf.entraide.invalid/"

logger = logging.getLogger(__name__)


class PDFResourceError(Exception):
    """A PDF template asked for something that is not a local static file."""


def static_path(name):
    """The file of a static asset: found by the finders (development, tests), or collected
    in STATIC_ROOT (production, where {% static %} gives the hashed name)."""
    found = finders.find(name)
    if found:
        return Path(found)
    try:
        collected = Path(staticfiles_storage.path(name))
    except NotImplementedError:  # a remote storage: the finders are the only way
        return None
    return collected if collected.is_file() else None


def _url_fetcher():
    # Imported here: WeasyPrint loads Pango and fontconfig, which only PDF requests need.
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    static_prefix = urljoin(BASE_URL, settings.STATIC_URL)

    class StaticFilesFetcher(URLFetcher):
        """Answers static URLs from local files and refuses everything else but data: URLs.

        A missing file stops the rendering: a PDF without its fonts or images is a bug, not
        something to hand out."""

        def __init__(self):
            super().__init__(allowed_protocols={"data"}, fail_on_errors=True)

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if not url.startswith(static_prefix):
                raise PDFResourceError(f"PDF templates only use static files, not {url}")
            name = unquote(urlsplit(url).path[len(urlsplit(static_prefix).path) :])
            path = static_path(name)
            if path is None:
                raise PDFResourceError(f"No static file {name!r} for the PDF.")
            return URLFetcherResponse(path.as_uri(), body=path.read_bytes())

    return StaticFilesFetcher()


# Arabic letters, presentation forms included.
ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
TJ_TOKEN = re.compile(r"<([0-9a-fA-F]*)>|([^<>]+)")
_SHIFT = object()
_install_lock = threading.Lock()


def _glyph_clusters(textbox):
    """For each glyph WeasyPrint draws for the line, in drawing order: (span, text).

    Walks the line as weasyprint.draw.text does. In an Arabic cluster, the glyph that
    advances (the letter's skeleton) carries the cluster's text and the glyphs that do not
    (its dots and marks) carry none, each in a span of its own, so that readers place the
    letter where its skeleton is. Outside Arabic, span and text are None: nothing changes."""
    from weasyprint.text.ffi import ffi, pango

    first_line, _index = textbox.pango_layout.get_first_line()
    utf8 = textbox.pango_layout.text.encode()
    glyphs = []
    run, number = first_line.runs[0], 0
    while run != ffi.NULL:
        item, glyph_string = run.data.item, run.data.glyphs
        run, number = run.next, number + 1
        count = glyph_string.num_glyphs
        starts = [glyph_string.log_clusters[i] for i in range(count)]
        bounds = sorted(set(starts)) + [item.length]
        ends = dict(zip(bounds, bounds[1:], strict=False))
        advancing = {starts[i] for i in range(count) if glyph_string.glyphs[i].geometry.width}
        carried = set()
        for i in range(count):
            info = glyph_string.glyphs[i]
            if info.glyph == pango.PANGO_GLYPH_EMPTY:
                continue  # drawn as a shift, not as a glyph
            start = starts[i]
            text = utf8[item.offset + start : item.offset + ends[start]].decode(errors="replace")
            if not ARABIC.search(text):
                glyphs.append((None, None))
            elif start in carried or (start in advancing and not info.geometry.width):
                glyphs.append(((number, start, "marks"), ""))
            else:
                carried.add(start)
                glyphs.append(((number, start, "letter"), text))
    return glyphs


class _ActualTextStream:
    """Stands in for the PDF stream while one line is drawn, and wraps the glyphs of each
    Arabic character (one cluster: a skeleton and its dots, drawn in one or several TJ
    operations) in a marked-content span whose /ActualText is that character.

    Only invisible operators are added: a TJ operation is cut in front of a glyph into two
    TJ operations (which move the pen exactly as the single one did) and BDC/EMC go between
    them. Every glyph, shift and empty string WeasyPrint wrote stays where it was, in the
    same order, written the same way, so the page is drawn pixel for pixel as WeasyPrint
    draws it alone (tests/entraide/test_pdf_arabic.py). If the drawn glyphs ever differ from
    the line's clusters, the rest of the line goes out unchanged."""

    def __init__(self, stream, textbox):
        self._stream, self._textbox = stream, textbox
        self._glyphs, self._cursor, self._lost = None, 0, False
        self._open = None  # the cluster whose span is open

    def __getattr__(self, name):
        return getattr(self._stream, name)

    def show_text(self, string):
        if self._glyphs is None:
            self._glyphs = _glyph_clusters(self._textbox)
        pieces = None if self._lost else self._pieces(string)
        if pieces is None:
            self._lost = True
            self.close()
            self._stream.show_text(string)
            return
        pending = ""
        for cluster, text, operand in pieces:
            if cluster is not _SHIFT and cluster != self._open:
                if pending:
                    self._stream.show_text(pending)
                    pending = ""
                self.close()
                if cluster is not None:
                    self._begin(cluster, text)
            pending += operand
        if pending:
            self._stream.show_text(pending)

    def _begin(self, cluster, text):
        import pydyf

        actual = pydyf.Dictionary({"ActualText": pydyf.String(text)})
        pydyf.Stream.begin_marked_content(self._stream, "Span", actual)
        self._open = cluster

    def close(self):
        import pydyf

        if self._open is not None:
            pydyf.Stream.end_marked_content(self._stream)
            self._open = None

    def _pieces(self, string):
        """`string` (a TJ operand) cut in front of each glyph: [(Arabic cluster or None, its
        text, operand)], the operands adding up to `string`. What follows a glyph (shifts,
        empty strings) stays with it, as it is; what comes before the first glyph is a
        _SHIFT piece, drawn in whatever span is open. None if the glyphs are not those of
        the line."""
        pieces = []
        for match in TJ_TOKEN.finditer(string):
            hexa = match.group(1)
            if not hexa:  # a shift or an empty string
                if pieces:
                    cluster, text, operand = pieces[-1]
                    pieces[-1] = (cluster, text, operand + match.group())
                else:
                    pieces.append((_SHIFT, None, match.group()))
                continue
            if len(hexa) % 4:
                return None  # one-byte glyph ids: a bitmap font, not ours
            for at in range(0, len(hexa), 4):
                if self._cursor >= len(self._glyphs):
                    return None
                cluster, text = self._glyphs[self._cursor]
                self._cursor += 1
                pieces.append((cluster, text, f"<{hexa[at : at + 4]}>"))
        return pieces


def _install_arabic_text_layer():
    """Make the text layer of Arabic lines read as the page shows them.

    WeasyPrint 70 maps each glyph to the first character it was drawn for (upstream issue
    Kozea/WeasyPrint#2841). Noto Sans Arabic draws dotted letters as a dotless skeleton
    plus dots, both shared between letters, so ت, ن and ب all read as whichever came first:
    the page looks right while copying, searching, screen readers and pdftotext get other,
    real, words. Each Arabic character is therefore wrapped in a span whose /ActualText is
    the character, which PDF readers (poppler's pdftotext and viewers among them) use
    instead of the glyphs' mapping. It patches WeasyPrint's line drawing for the whole
    process, once, and changes nothing for lines without Arabic, nor anything visible on
    lines with Arabic (tests/entraide/test_pdf_arabic.py compares the pixels with WeasyPrint
    alone). When WeasyPrint maps shared glyphs itself, remove it and check that the tests
    reading Arabic back from the PDFs still pass.
    """
    from weasyprint.draw import text

    with _install_lock:
        if not getattr(text.draw_first_line, "with_actual_text", False):
            text.draw_first_line = _with_actual_text(text.draw_first_line)


def _with_actual_text(draw_first_line):
    """weasyprint.draw.text.draw_first_line, drawing Arabic lines through _ActualTextStream."""

    @functools.wraps(draw_first_line)
    def draw_with_actual_text(stream, textbox, *args, **kwargs):
        if not ARABIC.search(textbox.text):
            return draw_first_line(stream, textbox, *args, **kwargs)
        wrapped = _ActualTextStream(stream, textbox)
        try:
            return draw_first_line(wrapped, textbox, *args, **kwargs)
        finally:
            wrapped.close()

    draw_with_actual_text.with_actual_text = True
    return draw_with_actual_text


def _css_string(text):
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ")
    return f'"{escaped}"'


def page_counter_content():
    """The CSS `content` value for "Page X of Y" in the active language.

    The sentence is translated whole, with its placeholders (the msgid the web pagination
    uses), so that each language puts the numbers where its grammar wants them; the
    placeholders become the CSS page counters."""
    marker = "\x00"
    sentence = gettext("Page %(number)s of %(total)s") % {
        "number": f"{marker}page{marker}",
        "total": f"{marker}pages{marker}",
    }
    tokens = []
    for index, part in enumerate(sentence.split(marker)):
        if index % 2:
            tokens.append(f"counter({part})")
        elif part:
            tokens.append(_css_string(part))
    return mark_safe(" ".join(tokens))  # noqa: S308 - literal parts are escaped CSS strings


def pdf_context(context, request=None):
    """What every PDF template gets beside its own context (see entraide/pdf/base.html)."""
    generated_by = context.get("generated_by")
    if generated_by is None and request is not None and request.user.is_authenticated:
        generated_by = request.user
    return {
        "pdf_generated_at": timezone.localtime(context.get("generated_at") or timezone.now()),
        "pdf_generated_by": generated_by,
        "pdf_language": translation.get_language() or settings.LANGUAGE_CODE,
        "pdf_rtl": translation.get_language_bidi(),
        "pdf_page_counter": page_counter_content(),
        "pdf_title": context.get("title", ""),
        **context,
    }


def render_pdf(template_name, context, request=None):
    """Render a template to PDF bytes in the active language.

    `context` may give `title` (the document's title, also its PDF metadata),
    `generated_by` (who asked for it; by default the request's user) and `generated_at`
    (by default now). Without a request (tasks, commands) the template gets no context
    processors: everything it shows must be in `context`."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    _install_arabic_text_layer()
    pdf_fonts.install()
    html = render_to_string(template_name, pdf_context(context, request), request=request)
    fonts = FontConfiguration()
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=_url_fetcher())
    return document.write_pdf(font_config=fonts)


def warm_up():
    """Render a one-page document, so that the first PDF a process serves costs no more than
    the next ones (entraide/wsgi.py calls it when a server process starts).

    The first rendering of a process otherwise pays, on the request of whoever asks first,
    for what WeasyPrint does once: finding Pango, HarfBuzz and fontconfig (it tries several
    names for each library, and every name that misses runs ldconfig, gcc and ld), parsing
    their C declarations and its own stylesheets, and loading fontTools for the fonts.
    Rendering the letterhead also compiles the base template and goes through the fonts of
    both scripts, regular and bold. A failure is logged, not raised: the portal serves its
    pages without PDFs, and the PDF request that fails the same way says why."""
    try:
        render_pdf("entraide/pdf/base.html", {"title": "", "generated_by": ""})
    except Exception:
        logger.exception("The PDF engine could not render the letterhead")
