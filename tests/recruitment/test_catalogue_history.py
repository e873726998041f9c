"""The catalogue of grades and specialties, and what a published notice keeps of it: the
administrators' scales as the statute sets them, a published competition that keeps the names
and scale it was published with whatever the catalogue becomes, and a recruitment officer who
drafts notices (posts edited and removed while a draft, exam date after the deadline) and
corrects the catalogue."""

import datetime
import html
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from entraide.roles import Role
from recruitment import services
from recruitment.models import Competition, Grade, PostLine, Specialty
from recruitment.public import list_pdf
from tests.factories import ApplicationFactory, CompetitionFactory, UserFactory, unit
from tests.recruitment.test_admin_import import change_form_data
from tests.recruitment.test_staff import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def french():
    with translation.override("fr"):
        yield


@pytest.fixture
def officer(db):
    return UserFactory(
        username="t-rec-cat", role=Role.RECRUITMENT_OFFICER, unit=unit("EN-SDAG"), is_staff=True
    )


def text(response):
    return html.unescape(response.content.decode())


def draft(**fields):
    competition = CompetitionFactory(status=Competition.Status.DRAFT, **fields)
    line = competition.lines.get()
    return competition, line


def publish(competition, officer):
    return services.competition_change_status(
        competition=competition, status=Competition.Status.PUBLISHED, actor=officer
    )


# The scales ------------------------------------------------------------------------------------


def test_the_administrators_scales_are_those_of_the_statute():
    """The 2022 notice: "Administrateur 2ème grade ~ Echelle 11"; the 3rd grade is on 10."""
    assert Grade.objects.get(code="administrator-2").scale == 11
    assert Grade.objects.get(code="administrator-3").scale == 10
    assert Grade.objects.get(code="engineer-1").scale == 11
    assert Grade.objects.get(code="technician-3").scale == 9
    assert Grade.objects.get(code="technician-4").scale == 8


def test_the_correction_of_a_database_loaded_with_the_swapped_scales(officer):
    """What migration 0005 does to a database loaded before: the swapped scales are set right,
    a scale an administrator already corrected stays, and the competitions already published
    keep their posts as the corrected catalogue names them; drafts keep reading it."""
    migration = importlib.import_module(
        "recruitment.migrations.0005_administrator_scales_and_published_posts"
    )
    Grade.objects.filter(code="administrator-2").update(scale=10)
    Grade.objects.filter(code="administrator-3").update(scale=11)
    published = CompetitionFactory()
    waiting, _line = draft()

    migration.forwards(apps, None)

    assert Grade.objects.get(code="administrator-2").scale == 11
    assert Grade.objects.get(code="administrator-3").scale == 10
    line = published.lines.get()
    assert line.published_grade["scale"] == 11
    assert line.published_grade["fr"] == "Administrateur de 2e grade"
    assert line.published_grade["ar"] == "متصرف من الدرجة الثانية"
    assert [s["code"] for s in line.published_specialties] == ["financial-management", "audit"]
    assert waiting.lines.get().published_grade == {}

    # Run again (or on a catalogue an administrator set right): nothing moves.
    Grade.objects.filter(code="administrator-2").update(scale=12)
    migration.forwards(apps, None)
    assert Grade.objects.get(code="administrator-2").scale == 12
    assert published.lines.get().published_grade["scale"] == 11


# A published notice keeps what it said -----------------------------------------------------------


def test_correcting_the_catalogue_after_publication_does_not_rewrite_the_notice(
    client, officer, tmp_path
):
    competition, line = draft()
    publish(competition, officer)
    ApplicationFactory(competition=competition, eligibility="eligible")
    Competition.objects.filter(pk=competition.pk).update(status=Competition.Status.WRITTEN)

    # An administrator renames the grade, changes its scale and renames a specialty.
    grade = Grade.objects.get(code="administrator-2")
    grade.name_fr, grade.name_ar, grade.scale = "Administrateur (nouveau statut)", "متصرف جديد", 12
    grade.save()
    Specialty.objects.filter(code="audit").update(name_fr="Audit interne", name_ar="افتحاص")

    notice = text(client.get(reverse("recruitment:notice", args=[competition.reference])))
    assert "Administrateur de 2e grade" in notice
    assert "Administrateur (nouveau statut)" not in notice
    assert "<td>11</td>" in notice and "<td>12</td>" not in notice
    assert "Audit et contrôle de gestion" in notice and "Audit interne" not in notice
    with translation.override("ar"):
        arabic = text(client.get(reverse("recruitment:notice", args=[competition.reference])))
    assert "متصرف من الدرجة الثانية" in arabic and "متصرف جديد" not in arabic

    written = pdf_text(list_pdf(Competition.objects.get(pk=competition.pk), "written"), tmp_path)
    assert "Administrateur de 2e grade" in written
    assert "nouveau statut" not in written


def test_a_draft_reads_the_catalogue_as_corrected(client_for, officer):
    competition, line = draft()
    Grade.objects.filter(code="administrator-2").update(name_fr="Administrateur corrigé")

    page = text(client_for(officer).get(competition.get_absolute_url()))
    assert "Administrateur corrigé" in page
    # Published, it keeps the name it had that day.
    publish(competition, officer)
    Grade.objects.filter(code="administrator-2").update(name_fr="Administrateur renommé")
    page = text(client_for(officer).get(competition.get_absolute_url()))
    assert "Administrateur corrigé" in page and "Administrateur renommé" not in page


def test_a_recruitment_officer_corrects_a_grade_in_the_admin(client_for, officer):
    client = client_for(officer)
    grade = Grade.objects.get(code="administrator-3")
    url = reverse("admin:recruitment_grade_change", args=[grade.pk])
    data = change_form_data(client.get(url))
    data.update(scale=10, name_fr="Administrateur de 3e grade (corrigé)")
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    grade.refresh_from_db()
    assert grade.name_fr == "Administrateur de 3e grade (corrigé)"

    add = client.post(
        reverse("admin:recruitment_specialty_add"),
        {
            "code": "statistics",
            "name_ar": "الإحصاء",
            "name_fr": "Statistique",
            "position": 20,
            "is_active": "on",
        },
    )
    assert add.status_code == 302
    assert Specialty.objects.filter(code="statistics").exists()


def test_a_central_officer_still_only_reads_the_catalogue(client_for):
    central = UserFactory(username="t-central-cat", role=Role.CENTRAL_OFFICER, is_staff=True)
    grade = Grade.objects.get(code="administrator-3")
    client = client_for(central)
    url = reverse("admin:recruitment_grade_change", args=[grade.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"code": grade.code, "scale": 1}).status_code == 403


# Drafting the notice -----------------------------------------------------------------------------


def test_an_officer_edits_and_removes_a_post_line_of_a_draft(client_for, officer):
    competition, line = draft()
    client = client_for(officer)
    detail = client.get(competition.get_absolute_url())
    edit_url = reverse("recruitment:line_edit", args=[competition.reference, line.pk])
    delete_url = reverse("recruitment:line_delete", args=[competition.reference, line.pk])
    assert edit_url in detail.text and delete_url in detail.text

    page = client.get(edit_url)
    assert page.status_code == 200
    response = client.post(
        edit_url,
        {
            "grade": Grade.objects.get(code="administrator-3").pk,
            "specialties": [Specialty.objects.get(code="law").pk],
            "posts": 4,
            "diplomas_fr": "Licence en droit",
            "min_age": 21,
            "max_age": 40,
        },
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert (line.grade.code, line.posts, line.min_age) == ("administrator-3", 4, 21)
    assert [s.code for s in line.specialties.all()] == ["law"]

    # A mistake in the form: shown again with the reason on its field.
    refused = client.post(edit_url, {"grade": line.grade.pk, "posts": 0, "diplomas_fr": "x"})
    assert refused.status_code == 422
    assert refused.context["form"].errors["posts"]

    assert client.post(delete_url).status_code == 302
    assert not PostLine.objects.filter(pk=line.pk).exists()


def test_the_posts_of_a_published_competition_stay_locked(client_for, officer):
    competition, line = draft()
    publish(competition, officer)
    client = client_for(officer)
    edit_url = reverse("recruitment:line_edit", args=[competition.reference, line.pk])
    delete_url = reverse("recruitment:line_delete", args=[competition.reference, line.pk])
    assert edit_url not in client.get(competition.get_absolute_url()).text

    response = client.post(edit_url, {"grade": line.grade.pk, "posts": 9, "diplomas_fr": "x"})
    assert response.status_code == 302
    response = client.post(delete_url, follow=True)
    locked = "The notice is published: its posts and reserved shares can no longer change."
    assert translation.gettext(locked) in text(response)
    line.refresh_from_db()
    assert line.posts == 2

    # And the service refuses it whatever path calls it.
    with pytest.raises(ValidationError):
        services.post_line_delete(line=line, actor=officer)
    assert PostLine.objects.filter(pk=line.pk).exists()


def test_a_reader_cannot_edit_a_post_line(client_for):
    competition, line = draft()
    inspector = UserFactory(username="t-insp-cat", role=Role.INSPECTOR)
    edit_url = reverse("recruitment:line_edit", args=[competition.reference, line.pk])
    assert client_for(inspector).get(edit_url).status_code == 403


def competition_form(competition, **changes):
    local = timezone.localtime
    data = {
        "reference": competition.reference,
        "title_ar": competition.title_ar,
        "title_fr": competition.title_fr,
        "notice_ar": competition.notice_ar,
        "notice_fr": competition.notice_fr,
        "year": competition.year,
        "unit": competition.unit_id,
        "opens_at": local(competition.opens_at).strftime("%Y-%m-%dT%H:%M"),
        "deadline": local(competition.deadline).strftime("%Y-%m-%dT%H:%M"),
        "written_coefficient": 1,
        "oral_coefficient": 1,
        "oral_minimum": 10,
        "pass_mark": 10,
        "written_call_ratio": 3,
        "waiting_list_ratio": 1,
        "public_list_masks_cin": "on",
        "max_upload_mb": 5,
    }
    data.update(changes)
    return data


def test_an_exam_date_before_the_deadline_is_refused_on_its_field(client_for, officer):
    competition, _line = draft()
    client = client_for(officer)
    url = reverse("recruitment:competition_edit", args=[competition.reference])
    deadline_day = timezone.localtime(competition.deadline).date()
    before = (deadline_day - datetime.timedelta(days=2)).isoformat()

    response = client.post(url, competition_form(competition, exam_date=before))
    assert response.status_code == 200
    [error] = response.context["form"].errors["exam_date"]
    assert error.startswith(
        translation.gettext(
            "The written exam must come after the application deadline (%(deadline)s): "
            "choose a later date."
        ).split("%")[0]
    )
    assert 'id="id_exam_date_error"' in response.text
    competition.refresh_from_db()
    assert competition.exam_date is None

    after = (deadline_day + datetime.timedelta(days=10)).isoformat()
    assert client.post(url, competition_form(competition, exam_date=after)).status_code == 302
    competition.refresh_from_db()
    assert competition.exam_date.isoformat() == after


def test_the_deadline_is_not_extended_past_the_exam(officer):
    competition = CompetitionFactory()
    exam = timezone.localtime(competition.deadline).date() + datetime.timedelta(days=5)
    Competition.objects.filter(pk=competition.pk).update(exam_date=exam)
    with pytest.raises(ValidationError):
        services.deadline_extend(
            competition=competition,
            new_deadline=competition.deadline + datetime.timedelta(days=10),
            reason="Grève",
            decided_on=timezone.localdate(),
            actor=officer,
        )
