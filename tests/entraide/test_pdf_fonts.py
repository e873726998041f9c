"""The PDFs' variable fonts made static by HarfBuzz (entraide.pdf_fonts) give the fonts, and
the pages, that fontTools' instancer gave."""

import io

import pytest
from django.test import override_settings
from django.utils import timezone, translation
from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.varLib.instancer import instantiateVariableFont
from weasyprint.pdf import fonts as weasyprint_fonts

from entraide import pdf, pdf_fonts
from tests.entraide.test_pdf_arabic import (
    SPECIMEN,
    SPECIMEN_TEMPLATE,
    pixels,
    specimen_lines,
    with_specimen,
)

# Arabic with every letter, hamza seats and a lam-alef; Latin with accents and figures.
TEXTS = {
    "fonts/NotoSansArabic[wdth,wght].ttf": "فاطمة الزهراء لإحالة مسؤول سائل بيئة "
    "ابتثجحخدذرزسشصضطظعغفقكلمنهوي ٠١٢٣٤٥٦٧٨٩",
    "fonts/NotoSans[wdth,wght].ttf": "Délégation provinciale de Casablanca, Fès 0123456789 œ ç",
}


def subset_as_weasyprint(name, text):
    """The packaged variable font cut down to the glyphs of `text`, their ids kept, as
    WeasyPrint does before it makes a face static."""
    font = TTFont(pdf.static_path(name))
    options = subset.Options(
        retain_gids=True, passthrough_tables=True, ignore_missing_glyphs=True, desubroutinize=True
    )
    options.drop_tables += ["GSUB", "GPOS", "SVG"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    data = io.BytesIO()
    font.save(data)
    return data.getvalue()


def saved(font):
    data = io.BytesIO()
    font.save(data)
    return TTFont(io.BytesIO(data.getvalue()))


@pytest.mark.parametrize("name", sorted(TEXTS))
@pytest.mark.parametrize("weight", [400, 700])
def test_harfbuzz_makes_the_face_fonttools_made(name, weight):
    data = subset_as_weasyprint(name, TEXTS[name])
    axes = [axis.axisTag for axis in TTFont(io.BytesIO(data))["fvar"].axes]
    assert axes == ["wght", "wdth"]  # the width is pinned at its default, as fontTools does

    by_harfbuzz = TTFont(io.BytesIO(pdf_fonts.instantiate(data, {"wght": weight}, axes)))
    by_fonttools = saved(
        instantiateVariableFont(TTFont(io.BytesIO(data)), {"wght": weight}, static=True)
    )

    for font in (by_harfbuzz, by_fonttools):
        assert not {"fvar", "gvar", "HVAR", "avar"} & set(font.keys())
    order = by_fonttools.getGlyphOrder()
    assert len(by_harfbuzz.getGlyphOrder()) == len(order)  # every glyph id kept
    glyf_hb, glyf_ft = by_harfbuzz["glyf"], by_fonttools["glyf"]
    drawn = 0
    for ours, theirs in zip(by_harfbuzz.getGlyphOrder(), order, strict=True):
        points_hb, ends_hb, flags_hb = glyf_hb[ours].getCoordinates(glyf_hb)
        points_ft, ends_ft, flags_ft = glyf_ft[theirs].getCoordinates(glyf_ft)
        assert list(points_hb) == list(points_ft), theirs
        assert (ends_hb, list(flags_hb)) == (ends_ft, list(flags_ft)), theirs
        assert by_harfbuzz["hmtx"][ours] == by_fonttools["hmtx"][theirs], theirs
        drawn += bool(len(points_ft))
    assert drawn >= 25  # the text's glyphs, not only empty ones


def test_the_bold_face_is_bold():
    """The location is honoured: the bold face is not the regular one."""
    name = "fonts/NotoSansArabic[wdth,wght].ttf"
    data = subset_as_weasyprint(name, TEXTS[name])
    regular, bold = (
        TTFont(io.BytesIO(pdf_fonts.instantiate(data, {"wght": weight}, ["wght", "wdth"])))
        for weight in (400, 700)
    )
    advances = [
        (regular["hmtx"][g][0], bold["hmtx"][g][0])
        for g in regular.getGlyphOrder()
        if regular["hmtx"][g][0]
    ]
    assert sum(b > r for r, b in advances) > len(advances) // 2


@pytest.fixture
def specimen():
    context = {"title": "", "generated_by": "", "generated_at": timezone.now()}
    # Arabic bold and regular (headings, table cells), and the Latin of the letterhead.
    context["lines"] = specimen_lines()[:6] + specimen_lines()[-1:]
    with override_settings(TEMPLATES=with_specimen(SPECIMEN_TEMPLATE)), translation.override("ar"):
        yield lambda: pdf.render_pdf(SPECIMEN, context)


def test_a_document_is_drawn_pixel_for_pixel_as_fonttools_drew_it(specimen, monkeypatch, tmp_path):
    made = []
    instantiate = pdf_fonts.instantiate

    def spy(*args):
        made.append(instantiate(*args))
        return made[-1]

    monkeypatch.setattr(pdf_fonts, "instantiate", spy)
    ours = specimen()
    # Arabic and Latin, regular and bold: four faces, each made static by HarfBuzz.
    assert len(made) == 4
    assert all(made)

    monkeypatch.setattr(
        weasyprint_fonts,
        "instantiateVariableFont",
        weasyprint_fonts.instantiateVariableFont.__wrapped__,
    )
    monkeypatch.setattr(pdf_fonts, "install", lambda: None)
    theirs = specimen()
    assert len(made) == 4  # fontTools alone this time
    drawn, reference = pixels(ours, tmp_path, "harfbuzz"), pixels(theirs, tmp_path, "fonttools")
    assert len(drawn) == len(reference) >= 1
    assert drawn == reference


def test_fonttools_makes_the_faces_harfbuzz_cannot(specimen, monkeypatch):
    monkeypatch.setattr(pdf_fonts, "instantiate", lambda *args: None)
    by_fonttools = weasyprint_fonts.instantiateVariableFont.__wrapped__
    calls = []

    def spy(*args, **kwargs):
        calls.append(args[1])
        return by_fonttools(*args, **kwargs)

    specimen()  # installs the HarfBuzz path, if no test did before
    monkeypatch.setattr(weasyprint_fonts, "instantiateVariableFont", pdf_fonts._by_harfbuzz(spy))
    content = specimen()
    assert content.startswith(b"%PDF")
    assert sorted(location["wght"] for location in calls) == [400, 400, 700, 700]


def test_harfbuzz_refuses_what_is_not_a_font():
    assert pdf_fonts.instantiate(b"not a font", {"wght": 400}, ["wght"]) is None
