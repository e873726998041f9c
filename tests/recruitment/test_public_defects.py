"""What candidates ran into on the public side: the form offered after the deadline, a receipt
lost on reload and not printable, a CIN typed with a space refused by the status check, a
refused document not named and every file to attach again, and names accepted in the wrong
script."""

import datetime
import html
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from beneficiaries.forms import BeneficiaryForm
from entraide.uploads import HeldUploads
from entraide.validators import arabic_name, latin_name
from recruitment.models import Application, Competition
from tests.factories import ApplicationFactory, CompetitionFactory
from tests.recruitment.test_public import PDF, confirmation_link, documents, form_data
from tests.recruitment.test_staff import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def french(private_media):
    with translation.override("fr"):
        yield


@pytest.fixture
def competition():
    return CompetitionFactory(reference="CONC-2026-DEF")


def text(response):
    return html.unescape(response.content.decode())


def apply_url(competition):
    return reverse("recruitment:apply", args=[competition.reference])


# 4. After the deadline, the notice only -------------------------------------------------------


def test_after_the_deadline_the_apply_page_shows_no_form_and_refuses_a_post(client, competition):
    Competition.objects.filter(pk=competition.pk).update(
        deadline=timezone.now() - datetime.timedelta(minutes=1)
    )
    page = client.get(apply_url(competition))
    assert page.status_code == 200
    assert 'data-testid="closed"' in page.text
    assert 'data-testid="application-form"' not in page.text
    assert "<input" not in page.text.split('data-testid="closed"', 1)[1]
    assert competition.get_public_url() in page.text

    sent = client.post(apply_url(competition), {**form_data(competition), **documents()})
    assert sent.status_code == 403
    assert 'data-testid="application-form"' not in sent.text
    assert not Application.objects.exists()


def test_before_the_opening_the_apply_page_says_when_it_opens(client, competition):
    Competition.objects.filter(pk=competition.pk).update(
        opens_at=timezone.now() + datetime.timedelta(days=1)
    )
    page = client.get(apply_url(competition))
    assert 'data-testid="application-form"' not in page.text
    assert 'data-testid="closed"' in page.text and page.status_code == 200


# 5. A receipt that survives a reload and prints --------------------------------------------------


@pytest.fixture
def confirmed(client, competition, mailoutbox, django_capture_on_commit_callbacks):
    """Apply in `language` and confirm: the receipt page's address."""

    def run(language="fr"):
        with translation.override(language):
            url = apply_url(competition)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {**form_data(competition), **documents()})
        assert response.status_code == 302, response.context["form"].errors
        done = client.post(confirmation_link(mailoutbox[-1]))
        assert done.status_code == 302
        return done["Location"]

    return run


def test_the_receipt_survives_a_reload_and_says_to_keep_the_number(client, confirmed):
    receipt_url = confirmed()
    application = Application.objects.get()
    assert application.receipt_number not in receipt_url
    for _reload in range(3):
        page = client.get(receipt_url)
        assert page.status_code == 200
        assert application.receipt_number in page.text
    assert gettext("Keep this number.") in text(page)
    assert "no-store" in page["Cache-Control"]
    # Nothing personal on it: the receipt number alone opens nothing.
    assert application.cin not in page.text
    assert application.last_name_lat not in page.text
    assert application.email not in page.text

    # Another browser (another session) gets nothing at that address.
    stranger = Client()
    assert stranger.get(receipt_url).status_code == 302
    pdf_url = reverse("recruitment:receipt_pdf", args=[application.competition.reference])
    assert stranger.get(pdf_url).status_code == 302


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_receipt_prints_as_a_pdf_in_the_candidates_language(
    client, confirmed, language, tmp_path
):
    confirmed(language)
    application = Application.objects.get()
    with translation.override(language):
        receipt_url = reverse("recruitment:receipt", args=[application.competition.reference])
        pdf_url = reverse("recruitment:receipt_pdf", args=[application.competition.reference])
        page = client.get(receipt_url)
        assert pdf_url in page.text
        response = client.get(pdf_url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        content = pdf_text(response.content, tmp_path)
        assert application.receipt_number in content
        assert application.competition.reference in content
        title = application.competition.title_ar if language == "ar" else "Concours"
        assert title.split()[0] in content
        assert application.cin not in content


# 6. The status check takes the CIN as typed ------------------------------------------------------


@pytest.mark.parametrize("typed", ["BE 123456", "be 123456", "BE 123 456", " be123456 "])
def test_the_status_check_takes_a_cin_typed_with_spaces(client, competition, typed):
    mine = ApplicationFactory(competition=competition, cin="BE123456")
    response = client.post(
        reverse("recruitment:status"), {"receipt_number": mine.receipt_number, "cin": typed}
    )
    assert response.context["application"] == mine, response.context["form"].errors
    assert 'data-testid="application-status"' in response.text


def test_the_status_check_box_takes_the_spaces_people_type(client):
    page = client.get(reverse("recruitment:status"))
    box = re.search(r'<input[^>]*name="cin"[^>]*>', page.text).group(0)
    assert int(re.search(r'maxlength="(\d+)"', box).group(1)) >= len("BE 1234567")


# 7. A refused document is named; those accepted are kept -----------------------------------------


def test_a_refused_document_is_named_and_the_accepted_one_is_kept(
    client, competition, mailoutbox, django_capture_on_commit_callbacks
):
    files = {
        "cin_copy": SimpleUploadedFile("ma-cin.pdf", PDF, "application/pdf"),
        "diploma_copy": SimpleUploadedFile("diplome.exe", b"MZ\x90\x00", "application/pdf"),
    }
    refused = client.post(apply_url(competition), {**form_data(competition), **files})
    assert refused.status_code == 422
    form = refused.context["form"]
    # The error sits on the diploma's field and names the file.
    assert list(form.errors) == ["diploma_copy"]
    [error] = form.errors["diploma_copy"]
    assert "diplome.exe" in error and gettext("Attach a PDF, JPEG or PNG file.") in error
    assert 'id="id_diploma_copy_error"' in refused.text
    assert 'data-testid="error-summary"' in refused.text
    # The CIN copy is held: the page says so, and carries the signed token naming it.
    assert 'data-testid="held-cin_copy"' in refused.text
    assert "ma-cin.pdf" in text(refused)
    token = re.search(r'name="held" value="([^"]+)"', refused.text).group(1)

    # Sent again with only the diploma: received with both documents.
    diploma = SimpleUploadedFile("diplome.pdf", PDF, "application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(
            apply_url(competition),
            {**form_data(competition), "held": token, "diploma_copy": diploma},
        )
    assert again.status_code == 302, again.context["form"].errors
    application = Application.objects.get()
    names = sorted(d.original_name for d in application.documents.all())
    assert names == ["diplome.pdf", "ma-cin.pdf"]
    cin_copy = application.documents.get(kind="cin")
    with cin_copy.file.open("rb") as stored:
        assert stored.read() == PDF and cin_copy.size == len(PDF)
    # The held file is gone once used.
    assert (
        HeldUploads(token, scope=f"recruitment.apply:{competition.reference}").get("cin_copy")
        is None
    )


def test_held_documents_survive_other_mistakes_and_a_new_file_replaces_them(client, competition):
    # A wrong name script: every document kept.
    first = client.post(
        apply_url(competition),
        {**form_data(competition, first_name_ar="Salma"), **documents()},
    )
    assert first.status_code == 422
    names = first.context["form"].held_names
    assert names == {"cin_copy": "cin.pdf", "diploma_copy": "diplome.pdf", "cv": "", "card": ""}
    token = re.search(r'name="held" value="([^"]+)"', first.text).group(1)

    # A second mistake, with a new CIN copy: it replaces the one held.
    new_cin = SimpleUploadedFile("cin-recto-verso.pdf", PDF, "application/pdf")
    second = client.post(
        apply_url(competition),
        {**form_data(competition, phone="12"), "held": token, "cin_copy": new_cin},
    )
    assert second.status_code == 422
    assert second.context["form"].held_names["cin_copy"] == "cin-recto-verso.pdf"
    assert second.context["form"].held_names["diploma_copy"] == "diplome.pdf"


def test_a_token_from_elsewhere_or_forged_holds_nothing(client, competition):
    other = CompetitionFactory(reference="CONC-2026-OTH")
    first = client.post(
        apply_url(other), {**form_data(other, first_name_ar="Salma"), **documents()}
    )
    token = re.search(r'name="held" value="([^"]+)"', first.text).group(1)
    # Another competition's form does not take it; a forged one neither.
    for held in (token, token[:-2] + "xx", "e30:forged"):
        response = client.post(apply_url(competition), {**form_data(competition), "held": held})
        assert response.status_code == 422
        assert response.context["form"].errors["cin_copy"] == [gettext("Attach this document.")]
        assert response.context["form"].errors["diploma_copy"] == [gettext("Attach this document.")]


def test_the_card_is_asked_on_its_field_for_the_disability_share(client, competition):
    competition.reserved_shares.create(category="disability", percent=7)
    response = client.post(
        apply_url(competition), {**form_data(competition, category="disability"), **documents()}
    )
    assert response.status_code == 422
    assert response.context["form"].errors["card"] == [gettext("Attach this document.")]


# 8. Each name in its script --------------------------------------------------------------------


def test_a_latin_name_in_the_arabic_field_and_the_reverse_are_refused_on_their_field(
    client, competition
):
    response = client.post(
        apply_url(competition),
        {
            **form_data(competition, first_name_ar="Salma", last_name_lat="البركاني"),
            **documents(),
        },
    )
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert errors["first_name_ar"] == [gettext("Write this name in Arabic letters.")]
    assert errors["last_name_lat"] == [gettext("Write this name in Latin letters.")]
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    ("validator", "name"),
    [
        (arabic_name, "آيت لحسن"),
        (arabic_name, "بن-عبد الله"),
        (arabic_name, "مُحَمَّد"),
        (latin_name, "Aït-Ouahmane"),
        (latin_name, "N'Diaye"),
        (latin_name, "El Idrissi"),
        (latin_name, "Hélène Müller"),
    ],
)
def test_names_with_spaces_hyphens_apostrophes_and_accents_pass(validator, name):
    validator(name)


@pytest.mark.parametrize(
    ("validator", "name"),
    [
        (arabic_name, "Salma"),
        (arabic_name, "سلمى2"),
        (arabic_name, "سلمى Salma"),
        (latin_name, "سلمى"),
        (latin_name, "Salma3"),
        (latin_name, "Salma@"),
        (latin_name, "Σαλμα"),
    ],
)
def test_names_in_another_script_or_with_digits_are_refused(validator, name):
    with pytest.raises(ValidationError):
        validator(name)


def test_the_beneficiary_form_checks_the_scripts_of_the_names_too(worker):
    form = BeneficiaryForm(
        data={"first_name_ar": "Fatima", "first_name_lat": "فاطمة", "sex": "F"}, user=worker
    )
    form.is_valid()
    assert gettext("Write this name in Arabic letters.") in form.errors["first_name_ar"]
    assert gettext("Write this name in Latin letters.") in form.errors["first_name_lat"]


def test_documents_held_for_a_form_never_sent_again_are_purged(client, competition):
    refused = client.post(
        apply_url(competition), {**form_data(competition, first_name_ar="Salma"), **documents()}
    )
    token = re.search(r'name="held" value="([^"]+)"', refused.text).group(1)
    held = HeldUploads(token, scope=f"recruitment.apply:{competition.reference}")
    assert held.get("cin_copy") is not None
    assert HeldUploads.purge(before=timezone.now() - datetime.timedelta(hours=1)) == 0
    assert HeldUploads.purge(before=timezone.now() + datetime.timedelta(seconds=1)) == 2
    assert held.get("cin_copy") is None
