"""The certificate of training: a PDF in Arabic and French for those who completed a section
that delivers one, downloaded by the register's readers (and recorded); checked by anyone,
without an account, by its verification code, on a page that shows nothing more of the person
than the certificate does."""

import datetime
import subprocess

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from enrolments import services
from enrolments.models import Enrolment
from enrolments.views import grouped
from entraide.models import AccessEvent
from entraide.roles import Role
from tests.factories import BeneficiaryFactory, EnrolmentFactory, SectionFactory, UserFactory

pytestmark = pytest.mark.django_db


def url(name, *args, lang="fr"):
    with translation.override(lang):
        return reverse(f"enrolments:{name}", args=args)


def pdf_text(content, tmp_path):
    path = tmp_path / "certificate.pdf"
    path.write_bytes(content)
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],  # noqa: S607 - poppler-utils
        capture_output=True,
        check=True,
    )
    return result.stdout.decode()


@pytest.fixture
def manager():
    return UserFactory(username="t-centre-manager", role=Role.CENTRE_MANAGER)


@pytest.fixture
def completed(manager):
    """Khadija Bensaid completed the section "Couture" and holds its certificate."""
    section = SectionFactory(name="Couture et modélisme", places=10)
    section.centre.managers.add(manager)
    person = BeneficiaryFactory(
        first_name_ar="خديجة",
        last_name_ar="بنسعيد",
        first_name_lat="Khadija",
        last_name_lat="Bensaid",
        cin="AB987654",
        birth_date=datetime.date(1991, 3, 14),
    )
    enrolment = EnrolmentFactory(
        section=section,
        person=person,
        status=Enrolment.Status.ADMITTED,
        admitted_on=section.starts_on,
    )
    return services.exit(enrolment=enrolment, actor=manager, outcome=Enrolment.Outcome.COMPLETED)


def test_the_certificate_is_a_pdf_in_both_languages(client_for, manager, completed, tmp_path):
    response = client_for(manager).get(url("certificate", completed.pk))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content, tmp_path)
    for language in ("ar", "fr"):
        with translation.override(language):
            assert gettext("Certificate of training") in text
            assert gettext("Verification code") in text
    # The names in both scripts (Arabic read back letter for letter: entraide.pdf).
    assert "خديجة بنسعيد" in text
    assert "Khadija Bensaid" in text
    assert "Couture et modélisme" in text
    assert completed.section.centre.name_fr in text
    assert completed.certificate_number in text
    assert grouped(completed.certificate_code) in text
    # The public page's address, to check it.
    assert f"/verify/{completed.certificate_code}/" in text
    # Nothing the certificate does not need.
    assert "AB987654" not in text
    assert completed.person.file_number not in text


def test_the_download_is_recorded_as_an_export(client_for, manager, completed):
    client_for(manager).get(url("certificate", completed.pk))

    event = AccessEvent.objects.get(action=AccessEvent.Action.EXPORT, actor=manager)
    assert event.object_id == str(completed.pk)
    assert event.detail["what"] == "certificate"


def test_no_certificate_is_a_404(client_for, manager):
    section = SectionFactory(places=10)
    placed = EnrolmentFactory(
        section=section, status=Enrolment.Status.ADMITTED, admitted_on=section.starts_on
    )
    dropped = services.exit(enrolment=placed, actor=manager, outcome="dropped_out")
    waiting = EnrolmentFactory(section=section)
    uncertified = SectionFactory(centre=section.centre, places=10, delivers_certificate=False)
    done = services.exit(
        enrolment=EnrolmentFactory(
            section=uncertified,
            status=Enrolment.Status.ADMITTED,
            admitted_on=uncertified.starts_on,
        ),
        actor=manager,
        outcome="completed",
    )
    client = client_for(UserFactory(delegate=True))

    for enrolment in (dropped, waiting, done):
        assert enrolment.certificate_number is None
        assert client.get(url("certificate", enrolment.pk)).status_code == 404


def test_another_delegation_gets_404_for_the_certificate(client_for, completed):
    stranger = UserFactory(delegate=True, rabat=True)

    assert client_for(stranger).get(url("certificate", completed.pk)).status_code == 404


# The public check ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_anyone_checks_a_certificate_by_its_code_without_an_account(client, completed, lang):
    form = client.get(url("verify", lang=lang))
    assert form.status_code == 200
    # Typed as printed, or in small letters with spaces: the same code.
    typed = grouped(completed.certificate_code).lower().replace("-", " - ")

    sent = client.get(url("verify", lang=lang), {"code": typed})

    assert sent.status_code == 302
    assert sent["Location"] == url("verified", completed.certificate_code, lang=lang)
    page = client.get(sent["Location"])
    assert page.status_code == 200
    content = page.content.decode()
    assert 'data-testid="genuine"' in content
    assert completed.certificate_number in content
    assert "خديجة بنسعيد" in content and "Khadija Bensaid" in content
    assert "Couture et modélisme" in content
    assert escape(getattr(completed.section.centre, f"name_{lang}")) in content
    # Nothing else of the person.
    assert "AB987654" not in content
    assert completed.person.file_number not in content
    assert "1991" not in content


def test_the_code_is_compared_whatever_its_case_hyphens_and_spaces(client, completed):
    written = grouped(completed.certificate_code).lower()

    response = client.get(url("verified", written))

    assert response.status_code == 200
    assert completed.certificate_number in response.content.decode()


def test_a_wrong_code_says_so_with_a_404(client, completed):
    wrong = "ABCDEFGHJKMN" if completed.certificate_code != "ABCDEFGHJKMN" else "NMKJHGFEDCBA"

    response = client.get(url("verified", wrong))

    assert response.status_code == 404
    content = response.content.decode()
    assert 'data-testid="not-found"' in content
    assert completed.certificate_number not in content
    assert 'data-testid="verify-form"' in content


def test_an_empty_code_is_refused_on_the_form(client):
    response = client.get(url("verify"), {"code": " - "})

    assert response.status_code == 400
    assert response.context["form"].errors["code"]


def test_codes_that_match_nothing_are_rate_limited_per_address(client, completed):
    for n in range(20):
        assert client.get(url("verified", f"WRONG{n:07d}")).status_code == 404
    held_back = client.get(url("verified", completed.certificate_code))
    assert held_back.status_code == 429
    assert 0 < int(held_back["Retry-After"]) <= 600
    # Another address is not held back.
    other = client.get(url("verified", completed.certificate_code), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200
