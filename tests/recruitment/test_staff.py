"""The staff side: screening, marks, the oral call, ranking with ties and reserved shares,
the published lists (PDF read back, XLSX), figures, scoping and the audit of marks."""

import datetime
import io
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from entraide.models import AccessEvent
from entraide.roles import Role
from recruitment import selectors, services
from recruitment.models import Application, Competition, ReservedShare
from tests.factories import ApplicationFactory, CompetitionFactory, UserFactory, unit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def french():
    """Pages in French, whatever an earlier test left active."""
    with translation.override("fr"):
        yield


@pytest.fixture
def officer(db):
    return UserFactory(username="t-rec", role=Role.RECRUITMENT_OFFICER, unit=unit("EN-SDAG"))


@pytest.fixture
def competition():
    return CompetitionFactory(reference="CONC-2026-ADM", lines__posts=2)


def candidate(competition, name, written, oral, **extra):
    return ApplicationFactory(
        competition=competition,
        last_name_lat=name,
        eligibility=Application.Eligibility.ELIGIBLE,
        written_present=written is not None,
        written_mark=None if written is None else Decimal(written),
        called_to_oral=oral is not None,
        oral_present=oral is not None,
        oral_mark=None if oral is None else Decimal(oral),
        **extra,
    )


def test_final_marks_ties_and_the_waiting_list(competition, officer):
    competition.written_coefficient, competition.oral_coefficient = 2, 1
    competition.save()
    a = candidate(competition, "Alaoui", "15", "12")  # (30 + 12) / 3 = 14
    b = candidate(competition, "Bennani", "14", "14", birth_date=datetime.date(1990, 1, 1))  # 14
    c = candidate(competition, "Chraibi", "14", "14", birth_date=datetime.date(1994, 1, 1))  # 14
    d = candidate(competition, "Daoudi", "12", "9")  # 11
    e = candidate(competition, "El Fassi", "11", "6")  # 9.333: below the pass mark
    outcome = services.results_compute(competition=competition, actor=officer)
    for x in (a, b, c, d, e):
        x.refresh_from_db()
    assert [a.final_mark, d.final_mark, e.final_mark] == [
        Decimal("14.000"),
        Decimal("11.000"),
        Decimal("9.333"),
    ]
    # Equal final marks: the higher written mark first (Alaoui), then the older (Bennani).
    assert [a.rank, b.rank, c.rank, d.rank, e.rank] == [1, 2, 3, 4, 5]
    assert [a.result, b.result] == ["admitted", "admitted"]
    assert [c.result, d.result] == ["waiting", "waiting"]
    assert e.result == "not_admitted"
    ((admitted, waiting),) = outcome.values()
    assert admitted == [a, b] and waiting == [c, d]


def test_reserved_shares_take_their_seats_and_unused_ones_go_to_merit(competition, officer):
    line = competition.lines.get()
    line.posts = 10
    line.save()
    ReservedShare.objects.create(competition=competition, category="disability", percent=7)
    ReservedShare.objects.create(competition=competition, category="former_military", percent=25)
    merit = [candidate(competition, f"M{i:02d}", "16", "16") for i in range(12)]
    disabled = candidate(competition, "Zahir", "11", "11", category="disability")
    veteran = candidate(competition, "Yassine", "10.5", "10.5", category="former_military")
    services.results_compute(competition=competition, actor=officer)
    disabled.refresh_from_db()
    veteran.refresh_from_db()
    # 7% of 10 rounds to 1 seat, 25% to 3 (only one candidate takes one; two go to merit).
    assert disabled.result == "admitted" and disabled.seat_category == "disability"
    assert veteran.result == "admitted" and veteran.seat_category == "former_military"
    admitted = Application.objects.filter(result="admitted")
    assert admitted.count() == 10
    assert admitted.filter(last_name_lat__startswith="M").count() == 8
    assert Application.objects.filter(pk__in=[m.pk for m in merit], result="waiting").count() == 4


def test_the_oral_call_takes_the_best_marks_and_ties_at_the_cut(competition, officer):
    competition.written_call_ratio = 1  # 2 posts: 2 called, plus ties
    competition.oral_minimum = Decimal("10")
    competition.save()
    top = candidate(competition, "A", "17", None)
    tied = [candidate(competition, n, "13", None) for n in ("B", "C")]
    low = candidate(competition, "D", "9.5", None)
    absent = candidate(competition, "E", None, None)
    called = services.oral_call(competition=competition, actor=officer)
    assert called == 3
    assert set(Application.objects.filter(called_to_oral=True)) == {top, *tied}
    assert not Application.objects.filter(pk__in=[low.pk, absent.pk], called_to_oral=True).exists()


def test_marks_entry_refuses_impossible_marks_and_keeps_what_was_typed(
    client_for, officer, competition
):
    first = candidate(competition, "A", None, None)
    second = candidate(competition, "B", None, None)
    url = reverse("recruitment:marks", args=[competition.reference, "written"])
    client = client_for(officer)
    response = client.post(
        url,
        {
            f"present-{first.pk}": "on",
            f"mark-{first.pk}": "21",
            f"present-{second.pk}": "on",
            f"mark-{second.pk}": "12,5",
        },
    )
    assert response.status_code == 422
    assert 'value="21"' in response.text and 'value="12,5"' in response.text
    second.refresh_from_db()
    assert second.written_mark is None  # nothing saved
    response = client.post(
        url, {f"present-{first.pk}": "on", f"mark-{first.pk}": "18", f"mark-{second.pk}": ""}
    )
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.written_mark == Decimal("18") and first.written_present
    assert second.written_present is False and second.written_mark is None
    event = Application.pgh_event_model.objects.filter(pgh_obj=first).latest("pgh_id")
    assert event.pgh_context.metadata["user"] == officer.pk
    assert event.written_mark == Decimal("18")


def test_screening_needs_a_coded_reason_to_reject(client_for, officer, competition):
    application = ApplicationFactory(competition=competition)
    url = reverse("recruitment:application", args=[competition.reference, application.pk])
    client = client_for(officer)
    response = client.post(url, {"decision": "rejected"})
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    client.post(url, {"decision": "rejected", "reason": "diploma", "note": "BTS only"})
    application.refresh_from_db()
    assert application.eligibility == "rejected" and application.rejection_reason == "diploma"
    assert AccessEvent.objects.filter(
        action="view", object_repr=application.receipt_number
    ).exists()


def pdf_text(content, tmp_path):
    path = tmp_path / "list.pdf"
    path.write_bytes(content)
    return subprocess.run(  # noqa: S603
        ["pdftotext", "-layout", str(path), "-"],  # noqa: S607
        check=True,
        capture_output=True,
        text=True,
    ).stdout


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_published_lists_show_only_what_a_public_list_needs(
    client, competition, officer, tmp_path, language
):
    admitted = candidate(
        competition,
        "Berrada",
        "16",
        "15",
        first_name_lat="Salma",
        first_name_ar="سلمى",
        last_name_ar="برادة",
        cin="AB123456",
    )
    candidate(competition, "Tazi", "8", None, cin="CD654321")
    services.results_compute(competition=competition, actor=officer)
    url = reverse("recruitment:published_list", args=[competition.reference, "admitted"])
    assert client.get(url).status_code == 404  # not public before the results are
    Competition.objects.filter(pk=competition.pk).update(status=Competition.Status.RESULTS)
    with translation.override(language):
        url = reverse("recruitment:published_list", args=[competition.reference, "admitted"])
        written = reverse("recruitment:published_list", args=[competition.reference, "written"])
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "Berrada Salma" in text
    assert "برادة" in text
    assert "AB****56" in text and "AB123456" not in text
    assert "Tazi" not in text
    assert admitted.email not in text and "1996" not in text
    heading = "المترشحون المقبولون" if language == "ar" else "Candidats admis"
    with translation.override(language):
        assert translation.gettext("Candidates admitted") in text or heading in text
    # The list called to the written exam, public too by now, has both candidates.
    assert "Tazi" in pdf_text(client.get(written).content, tmp_path)


def test_staff_lists_in_xlsx_and_the_figures(client_for, officer, competition):
    from openpyxl import load_workbook

    candidate(competition, "Berrada", "16", "15", sex="F")
    candidate(competition, "Tazi", "8", None, sex="M")
    ApplicationFactory(competition=competition, sex="M")  # pending screening
    services.results_compute(competition=competition, actor=officer)
    client = client_for(officer)
    response = client.get(
        reverse("recruitment:staff_list", args=[competition.reference, "written", "xlsx"])
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 3  # header + the two eligible
    figures = selectors.figures(competition)
    assert figures["total"] == {
        "applications": 3,
        "eligible": 2,
        "present": 2,
        "admitted": 1,
        "withdrawn": 0,
    }
    by_sex = {row["sex"]: row for row in figures["by_sex"]}
    assert by_sex["F"]["admitted"] == 1 and by_sex["M"]["applications"] == 2
    assert figures["by_region"][0]["applications"] == 3
    page = client.get(reverse("recruitment:competition", args=[competition.reference]))
    assert page.status_code == 200


def test_the_competition_pages_are_scoped_to_the_organising_unit(client_for, competition):
    from django.core.files.base import ContentFile

    from recruitment.models import ApplicationDocument

    outsider = UserFactory(username="t-rec-rabat", role=Role.RECRUITMENT_OFFICER, rabat=True)
    application = ApplicationFactory(competition=competition)
    document = ApplicationDocument.objects.create(
        application=application,
        kind="cin",
        file=ContentFile(b"%PDF-1.4", name="cin.pdf"),
        original_name="cin.pdf",
        content_type="application/pdf",
        size=8,
    )
    client = client_for(outsider)
    for url in (
        reverse("recruitment:document", args=[document.pk]),
        reverse("recruitment:competition", args=[competition.reference]),
        reverse("recruitment:applications", args=[competition.reference]),
        reverse("recruitment:application", args=[competition.reference, application.pk]),
        reverse("recruitment:marks", args=[competition.reference, "written"]),
        reverse("recruitment:staff_list", args=[competition.reference, "admitted", "pdf"]),
    ):
        assert client.get(url).status_code == 404, url
    assert list(client.get(reverse("recruitment:competitions")).context["competitions"]) == []
    # In scope, the document is served and its download recorded.
    officer = UserFactory(username="t-rec", role=Role.RECRUITMENT_OFFICER, unit=unit("EN-SDAG"))
    response = client_for(officer).get(reverse("recruitment:document", args=[document.pk]))
    assert b"".join(response.streaming_content) == b"%PDF-1.4"
    assert AccessEvent.objects.filter(action="download", actor=officer).exists()


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_every_staff_page_renders_in_both_languages(client_for, officer, competition, language):
    application = ApplicationFactory(competition=competition)
    client = client_for(officer)
    with translation.override(language):
        urls = [
            reverse("recruitment:competitions"),
            reverse("recruitment:competition_create"),
            reverse("recruitment:competition", args=[competition.reference]),
            reverse("recruitment:competition_edit", args=[competition.reference]),
            reverse("recruitment:applications", args=[competition.reference]),
            reverse("recruitment:application", args=[competition.reference, application.pk]),
            reverse("recruitment:marks", args=[competition.reference, "written"]),
            reverse("recruitment:marks", args=[competition.reference, "oral"]),
        ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'<html lang="{language}"' in response.text


def test_the_life_of_a_competition_from_draft_to_results(client_for, officer):
    client = client_for(officer)
    response = client.post(
        reverse("recruitment:competition_create"),
        {
            "reference": "CONC-2027-TEC",
            "title_ar": "مباراة توظيف تقنيين",
            "title_fr": "Concours de recrutement de techniciens",
            "notice_ar": "إعلان",
            "notice_fr": "Avis",
            "year": 2027,
            "unit": unit("EN-SDAG").pk,
            "opens_at": (timezone.localtime() - datetime.timedelta(hours=1)).strftime(
                "%Y-%m-%dT%H:%M"
            ),
            "deadline": (timezone.localtime() + datetime.timedelta(days=3)).strftime(
                "%Y-%m-%dT%H:%M"
            ),
            "written_coefficient": 1,
            "oral_coefficient": 1,
            "oral_minimum": 10,
            "pass_mark": 10,
            "written_call_ratio": 3,
            "waiting_list_ratio": 1,
            "public_list_masks_cin": "on",
            "max_upload_mb": 5,
        },
    )
    competition = Competition.objects.get(reference="CONC-2027-TEC")
    assert response["Location"] == competition.get_absolute_url()
    action = lambda name: reverse(  # noqa: E731
        "recruitment:competition_action", args=[competition.reference, name]
    )
    assert client.post(action("status"), {"status": "published"}).status_code == 422  # no posts
    from recruitment.models import Grade, Specialty

    client.post(
        action("line"),
        {
            "grade": Grade.objects.get(code="technician-3").pk,
            "specialties": [Specialty.objects.get(code="software").pk],
            "posts": 3,
            "diplomas_ar": "دبلوم التقني المتخصص",
            "diplomas_fr": "DTS",
            "min_age": 18,
            "max_age": 40,
        },
    )
    client.post(action("share"), {"category": "disability", "percent": 7})
    assert client.post(action("status"), {"status": "published"}).status_code == 302
    competition.refresh_from_db()
    assert competition.status == "published" and competition.publication_date
    assert competition.total_posts == 3
    # Closing before the deadline is refused.
    assert client.post(action("status"), {"status": "closed"}).status_code == 422


def test_the_competition_list_counts_posts_and_applications_once(client_for, officer, competition):
    from recruitment.models import Grade, PostLine

    PostLine.objects.create(
        competition=competition,
        grade=Grade.objects.get(code="technician-3"),
        posts=2,
        diplomas="DTS",
    )
    ApplicationFactory.create_batch(3, competition=competition)
    listed = client_for(officer).get(reverse("recruitment:competitions")).context["competitions"]
    row = next(c for c in listed if c.pk == competition.pk)
    assert (row.posts, row.received) == (4, 3)  # two lines of 2 posts, three applications
