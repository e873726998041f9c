"""Arabic in the portal's PDFs: drawn exactly as WeasyPrint draws it, and read back whole.

The portal adds a text layer to Arabic lines (entraide.pdf: an /ActualText span around each
letter), because WeasyPrint alone gives copy, search and pdftotext other letters than the
page shows. That layer must cost nothing visible: every letter pair, rendered through the
portal's PDF path and through WeasyPrint alone in a fresh process, gives the same pixels."""

import copy
import io
import re
import subprocess
import sys
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from beneficiaries import services
from entraide import pdf
from recruitment.models import Application, Competition
from tests.factories import ApplicationFactory, BeneficiaryFactory, CompetitionFactory

pytestmark = pytest.mark.django_db

LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
# Words with what pairs alone miss: lam-alef ligatures, every hamza seat, taa marbuta, alef
# maqsura, and the words that came out broken.
WORDS = [
    "لا",
    "لأن",
    "لإحالة",
    "الآن",
    "سماء",
    "أمل",
    "إحالة",
    "آمنة",
    "مسؤول",
    "سائل",
    "بيئة",
    "شيء",
    "مدرسة",
    "مستشفى",
    "فاطمة الزهراء",
    "الإحالات المنجزة",
    "الدعم الملتزم به",
]
SPECIMEN = "specimen/arabic.html"
SPECIMEN_TEMPLATE = """{% extends "entraide/pdf/base.html" %}
{% block style %}.regular { font-weight: 400; } td, th { inline-size: 50%; }{% endblock style %}
{% block content %}
  <table>
    {% for line in lines %}<tr><th>{{ line }}</th><td>{{ line }}</td></tr>{% endfor %}
  </table>
  {% for line in lines %}<h2>{{ line }}</h2><h2 class="regular">{{ line }}</h2>{% endfor %}
{% endblock content %}
"""
# WeasyPrint alone, in a process where nothing of the portal is loaded.
WEASYPRINT_ALONE = (
    "import sys, weasyprint; weasyprint.HTML(filename=sys.argv[1]).write_pdf(sys.argv[2])"
)


def specimen_lines():
    """Every pair of letters (28 lines of 28 words), then the words above."""
    lines = [" ".join(first + second for second in LETTERS) for first in LETTERS]
    return [*lines, " ".join(WORDS)]


def with_specimen(template):
    """The template settings, with the specimen page served from memory."""
    engine = copy.deepcopy(settings.TEMPLATES[0])
    engine["APP_DIRS"] = False
    engine["OPTIONS"]["loaders"] = [
        ("django.template.loaders.locmem.Loader", {SPECIMEN: template}),
        "django.template.loaders.filesystem.Loader",
        "django.template.loaders.app_directories.Loader",
    ]
    return [engine]


def local_fonts(html):
    """The page with its static URLs (the fonts) as the files they name."""

    def local(match):
        path = urlsplit(urljoin(pdf.BASE_URL, match.group(1))).path
        name = unquote(path[len(settings.STATIC_URL) :])
        return f'url("{pdf.static_path(name).as_uri()}")'

    return re.sub(r'url\("([^"]+)"\)', local, html)


def pixels(content, tmp_path, name):
    """Each page rasterised by poppler, as bytes."""
    (tmp_path / f"{name}.pdf").write_bytes(content)
    subprocess.run(
        ["pdftoppm", "-r", "90", str(tmp_path / f"{name}.pdf"), str(tmp_path / name)],  # noqa: S607
        check=True,
    )
    return [page.read_bytes() for page in sorted(tmp_path.glob(f"{name}-*.ppm"))]


BIDI_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e"), " ")


def pdf_text(content, tmp_path):
    path = tmp_path / "document.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],  # noqa: S607 - poppler-utils
        check=True,
        capture_output=True,
    ).stdout.decode()


def test_every_arabic_letter_pair_is_drawn_exactly_as_weasyprint_alone_draws_it(tmp_path):
    context = {"title": "", "generated_by": "", "generated_at": timezone.now()}
    context["lines"] = specimen_lines()
    with override_settings(TEMPLATES=with_specimen(SPECIMEN_TEMPLATE)), translation.override("ar"):
        html = render_to_string(SPECIMEN, pdf.pdf_context(context))
        (tmp_path / "specimen.html").write_text(local_fonts(html), encoding="utf-8")
        # WeasyPrint alone works in its process while the portal renders in this one.
        reference = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-c",
                WEASYPRINT_ALONE,
                tmp_path / "specimen.html",
                tmp_path / "alone.pdf",
            ]
        )
        portal = pdf.render_pdf(SPECIMEN, context)
    assert reference.wait(timeout=120) == 0

    alone = pixels((tmp_path / "alone.pdf").read_bytes(), tmp_path, "alone")
    drawn = pixels(portal, tmp_path, "portal")
    assert len(alone) > 1  # the specimen really went through tables and headings
    assert len(drawn) == len(alone)
    different = [
        number for number, (a, b) in enumerate(zip(alone, drawn, strict=True), start=1) if a != b
    ]
    assert different == [], f"pages drawn differently from WeasyPrint alone: {different}"
    # And the text layer reads what the page shows.
    tokens = pdf_text(portal, tmp_path).translate(BIDI_MARKS).split()
    pairs = " ".join(specimen_lines()[:-1]).split()
    assert [pair for pair in pairs if tokens.count(pair) < 4] == []
    text = " ".join(tokens)
    assert [word for word in WORDS if text.count(word) < 4] == []


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_public_candidate_list_reads_back_fatima_zahra(client, tmp_path, language):
    competition = CompetitionFactory(reference="CONC-2026-AR", status=Competition.Status.WRITTEN)
    ApplicationFactory(
        competition=competition,
        first_name_ar="فاطمة الزهراء",
        last_name_ar="العلوي",
        eligibility=Application.Eligibility.ELIGIBLE,
    )
    with translation.override(language):
        url = reverse("recruitment:published_list", args=[competition.reference, "written"])
    response = client.get(url)

    assert response.status_code == 200
    assert "العلوي فاطمة الزهراء" in pdf_text(response.content, tmp_path)


def test_the_person_file_reads_back_fatima_zahra(client_for, worker, tmp_path):
    person = BeneficiaryFactory(first_name_ar="فاطمة الزهراء", last_name_ar="الإدريسي")
    with translation.override("ar"):
        url = reverse("beneficiaries:export_pdf", args=[person.file_number])
    response = client_for(worker).get(url)

    assert response.status_code == 200
    assert "فاطمة الزهراء الإدريسي" in pdf_text(response.content, tmp_path)


def test_the_person_file_labels_no_line_in_english(client_for, worker, private_media, tmp_path):
    person = BeneficiaryFactory(phone="0612345678")
    services.attachment_add(
        beneficiary=person,
        upload=SimpleUploadedFile("consent.pdf", b"%PDF-1.4 a signed form", "application/pdf"),
        kind="consent",
        actor=worker,
    )
    with translation.override("ar"):
        url = reverse("beneficiaries:export_pdf", args=[person.file_number])
    text = pdf_text(client_for(worker).get(url).content, tmp_path)

    assert "0612345678" in text and "consent.pdf" in text
    # The search column derived from the phone and the upload check's content type were
    # lines of their own, labelled in English ("Phone tail", "Content type").
    assert "tail" not in text.lower() and "content" not in text.lower()
    assert "application/pdf" not in text
    assert [line for line in text.splitlines() if line.strip() == "612345678"] == []


def test_the_activity_report_tables_read_back_whole(tmp_path, delegate):
    output = tmp_path / "report.pdf"
    call_command(
        "activity_report",
        unit="DP-MA-KHO",
        period="2025-10",
        lang="ar",
        output=str(output),
        user=delegate.username,
        stdout=io.StringIO(),
    )
    text = pdf_text(output.read_bytes(), tmp_path)

    assert "الإحالات المنجزة" in text
    assert "الدعم الملتزم به" in text
