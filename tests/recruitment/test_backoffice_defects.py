"""Issue 16, recruitment's back office: the screening button says what it does, the marks
page tells candidates apart, the paper applications' file names its posts by code and its
preview shows the receipt numbers stored, and every count takes the plural form its number
needs (Arabic has six)."""

import gettext
import html
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import translation

from entraide.imports import run_import
from entraide.roles import Role
from entraide.templatetags.portal import filesize
from recruitment.models import RECEIPT_ALPHABET, Application, Grade, PostLine, Specialty
from recruitment.resources import PaperApplicationResource
from tests.factories import ApplicationFactory, CompetitionFactory, UserFactory, unit
from tests.recruitment.test_admin_import import by_line, dataset, make_competition, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def french():
    """Pages in French, whatever an earlier test left active."""
    with translation.override("fr"):
        yield


@pytest.fixture
def english_messages():
    """Import reasons checked in the source language."""
    with translation.override("en"):
        yield


@pytest.fixture
def officer(db):
    return UserFactory(
        username="t-rec", role=Role.RECRUITMENT_OFFICER, unit=unit("EN-SDAG"), is_staff=True
    )


def text_of(response):
    return html.unescape(response.content.decode())


# The screening button --------------------------------------------------------------------------


def test_the_screening_button_says_what_it_does(client_for, officer):
    application = ApplicationFactory()
    url = reverse(
        "recruitment:application", args=[application.competition.reference, application.pk]
    )
    page = client_for(officer).get(url)
    button = re.search(r'data-testid="screening-save">([^<]*)<', page.text).group(1)
    assert html.unescape(button) == translation.gettext("Record the decision")


# The marks page --------------------------------------------------------------------------------


def eligible(competition, **fields):
    return ApplicationFactory(
        competition=competition, eligibility=Application.Eligibility.ELIGIBLE, **fields
    )


def test_the_marks_page_shows_both_names_and_the_cin(client_for, officer):
    competition = CompetitionFactory()
    eligible(
        competition,
        cin="AB123456",
        first_name_ar="سلمى",
        last_name_ar="البركاني",
        first_name_lat="Salma",
        last_name_lat="El Berkani",
    )
    eligible(competition, cin="CD654321", first_name_lat="Salma", last_name_lat="El Berkani")
    page = client_for(officer).get(
        reverse("recruitment:marks", args=[competition.reference, "written"])
    )
    text = text_of(page)
    # Two candidates with one Latin name: the Arabic name and the CIN tell them apart.
    assert "البركاني سلمى" in text
    assert text.count("El Berkani Salma") == 2
    assert "AB123456" in text and "CD654321" in text


def test_the_marks_page_masks_the_cin_for_whoever_may_not_read_it(client_for, officer):
    from django.contrib.auth.models import Permission

    competition = CompetitionFactory()
    eligible(competition, cin="AB123456")
    # Marks entered by someone who is not recruitment staff: the CIN is protected
    # (recruitment.perms), so it is masked as on the published lists.
    clerk = UserFactory(username="t-clerk", unit=unit("EN-SDAG"), is_staff=False)
    clerk.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="recruitment", codename__in=["enter_marks", "view_competition"]
        )
    )
    page = client_for(clerk).get(
        reverse("recruitment:marks", args=[competition.reference, "written"])
    )
    assert page.status_code == 200
    assert "AB123456" not in page.text
    assert "AB****56" in page.text


def test_saving_one_mark_says_so_in_the_singular(client_for, officer):
    competition = CompetitionFactory()
    application = eligible(competition)
    url = reverse("recruitment:marks", args=[competition.reference, "written"])
    client = client_for(officer)
    response = client.post(
        url, {f"present-{application.pk}": "on", f"mark-{application.pk}": "12"}, follow=True
    )
    saved = translation.ngettext(
        "%(count)s mark has been saved.", "%(count)s marks have been saved.", 1
    )
    assert saved % {"count": 1} in text_of(response)


# The paper applications' file -----------------------------------------------------------------

COLUMNS = [
    "competition_reference",
    "grade_code",
    "cin",
    "first_name_ar",
    "last_name_ar",
    "first_name_lat",
    "last_name_lat",
    "sex",
    "birth_date",
    "email",
    "phone",
    "province_code",
    "diploma",
    "specialty_code",
    "category",
]


def paper_file(competition, *rows):
    lines = [",".join(COLUMNS)]
    for n, values in enumerate(rows):
        row = {
            "competition_reference": competition.reference,
            "grade_code": "administrator-2",
            "cin": f"AB{300000 + n}",
            "first_name_ar": "فاطمة",
            "last_name_ar": "بناني",
            "first_name_lat": "Fatima",
            "last_name_lat": "Bennani",
            "sex": "F",
            "birth_date": "1996-04-02",
            "email": "fz@example.ma",
            "phone": "0612345678",
            "province_code": "MA-KHO",
            "diploma": "Licence",
            "specialty_code": "audit",
            "category": "",
            **values,
        }
        lines.append(",".join(str(row[c]) for c in COLUMNS))
    return "\n".join(lines) + "\n"


def test_a_paper_file_names_the_post_by_grade_and_specialty_codes(officer):
    competition = make_competition()
    # A second line of the same grade, for another specialty.
    other = PostLine.objects.create(
        competition=competition,
        grade=Grade.objects.get(code="administrator-2"),
        posts=1,
        diplomas="Licence",
    )
    law = Specialty.objects.exclude(code__in=["financial-management", "audit"]).first()
    other.specialties.set([law])
    text = paper_file(competition, {}, {"specialty_code": law.code})
    report = run_import(PaperApplicationResource(user=officer), dataset(text))
    assert report.ok, report.errors
    first, second = competition.applications.order_by("cin")
    assert first.post_line == competition.lines.order_by("pk").first()
    assert second.post_line == other


def test_codes_that_match_no_post_are_refused_with_a_clear_reason(officer, english_messages):
    competition = make_competition(reference="CONC-2026-CODES")
    text = paper_file(
        competition,
        {"grade_code": "inspector-1"},
        {"specialty_code": "financial-management", "grade_code": ""},
    )
    report = run_import(PaperApplicationResource(user=officer), dataset(text))
    reasons = by_line(report)
    assert reasons[2] == [
        "post_line: Competition CONC-2026-CODES has no post for the grade “inspector-1” open "
        "to the specialty “audit”: check both codes against the notice."
    ]
    assert reasons[3] == [
        "post_line: Name the post applied for: give its grade code in the column grade_code."
    ]
    assert not competition.applications.exists()


def test_the_receipt_numbers_of_the_preview_are_those_stored(client_for, officer):
    competition = make_competition()
    client = client_for(officer)
    text = paper_file(competition, {}, {"cin": "CD777777"})
    preview = client.post(
        reverse("admin:recruitment_application_import"),
        {"import_file": upload(text), "format": "0", "resource": "0"},
    )
    assert preview.status_code == 200
    shown = set(re.findall(rf"\b[{RECEIPT_ALPHABET}]{{10}}\b", preview.content.decode()))
    assert not competition.applications.exists()
    confirm = preview.context["confirm_form"].initial
    assert client.post(reverse("admin:recruitment_application_process_import"), confirm)
    stored = set(competition.applications.values_list("receipt_number", flat=True))
    assert len(stored) == 2
    assert stored <= shown


# Plural forms ----------------------------------------------------------------------------------


def test_the_arabic_catalogue_picks_the_plural_form_of_each_number():
    # Ours and Django's share the formula: 3 to 10 (and 103, 303...) take form 3, 11 to 99
    # form 4, 100 and 200 form 5.
    with translation.override("ar"):
        forms = {
            n: translation.ngettext("%(counter)s post", "%(counter)s posts", n) % {"counter": n}
            for n in (2, 3, 11, 100, 303)
        }
    assert forms[3] == "3 مناصب" and forms[303] == "303 مناصب"
    assert forms[11] == "11 منصبًا"
    assert forms[2] != forms[3].replace("3", "2")


def portal_catalogue_has(msgid):
    path = Path(settings.BASE_DIR) / "locale"
    catalogue = gettext.translation("django", localedir=path, languages=["ar"], fallback=True)
    return (msgid, 3) in getattr(catalogue, "_catalog", {})


def test_a_document_of_303_bytes_is_not_counted_as_two():
    """Django's Arabic catalogue translates form 3 (3 to 10, 303...) of "%(size)d byte" with
    the dual: the portal's filter counts bytes with the portal's catalogue, which Django reads
    first, so that filesizeformat is corrected too."""
    assert portal_catalogue_has("%(size)d byte")
    with translation.override("ar"):
        assert "بايتان" not in filesize(303)
        assert filesize(303).startswith("303")
        assert filesizeformat(303) == filesize(303)


def test_sizes_in_bytes_go_through_the_plural_forms(english_messages):
    assert filesize(1) == "1\xa0byte"
    assert filesize(303) == "303\xa0bytes"
    assert filesize(2048) == filesizeformat(2048)


def test_a_capacity_is_counted_in_its_unit(english_messages):
    from centres.models import capacity_text

    assert capacity_text(1, "beds") == "1 bed"
    assert capacity_text(120, "places") == "120 places"
    assert capacity_text(3, "children") == "3 children"
