"""A competition notice is an institutional text in both languages: its text (the conditions)
and the diplomas required for each post. Candidates read the page's language, or the other one
where a text is missing in it; staff may draft in one language, and a notice is published only
with both."""

import html
import importlib
import re

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import translation

from entraide.imports import read_dataset, run_import
from entraide.roles import Role
from recruitment import services
from recruitment.models import Competition, Grade, PostLine, Specialty
from recruitment.resources import PostLineResource
from tests.factories import CompetitionFactory, UserFactory, unit

pytestmark = pytest.mark.django_db

NOTICE_AR = "يشترط في المترشحين أن يكونوا من جنسية مغربية."
NOTICE_FR = "Les candidats doivent être de nationalité marocaine."
DIPLOMAS_AR = "الإجازة في القانون"
DIPLOMAS_FR = "Licence en droit"


@pytest.fixture
def officer(db):
    return UserFactory(
        username="t-rec-bil", role=Role.RECRUITMENT_OFFICER, unit=unit("EN-SDAG"), is_staff=True
    )


def url(name, language, *args):
    with translation.override(language):
        return reverse(name, args=args)


def text(response):
    return html.unescape(response.content.decode())


def said(language, msgid, **params):
    with translation.override(language):
        message = translation.gettext(msgid)
    return message % params if params else message


def notice(**texts):
    """A published competition whose notice and one post line have these texts."""
    competition = CompetitionFactory(
        notice_ar=texts.get("notice_ar", NOTICE_AR),
        notice_fr=texts.get("notice_fr", NOTICE_FR),
        lines=[],
    )
    line = PostLine.objects.create(
        competition=competition,
        grade=Grade.objects.get(code="administrator-2"),
        posts=3,
        diplomas_ar=texts.get("diplomas_ar", DIPLOMAS_AR),
        diplomas_fr=texts.get("diplomas_fr", DIPLOMAS_FR),
    )
    line.specialties.set(Specialty.objects.filter(code="law"))
    return competition


def shown(page, testid):
    """The text of the element with that data-testid, and its lang."""
    match = re.search(rf'lang="(\w+)"[^>]*data-testid="{testid}"[^>]*>(.*?)</div>', page, re.S)
    if match is None:  # the diplomas' cell: <td data-testid=...><bdi lang=...>text</bdi>
        match = re.search(rf'data-testid="{testid}"><bdi lang="(\w+)">(.*?)</bdi>', page, re.S)
    return re.sub(r"<[^>]+>", "", match.group(2)).strip(), match.group(1)


# What candidates read ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "conditions", "diplomas", "others"),
    [
        ("ar", NOTICE_AR, DIPLOMAS_AR, (NOTICE_FR, DIPLOMAS_FR)),
        ("fr", NOTICE_FR, DIPLOMAS_FR, (NOTICE_AR, DIPLOMAS_AR)),
    ],
)
def test_the_public_notice_reads_in_the_language_of_the_page(
    client, language, conditions, diplomas, others
):
    competition = notice()
    page = text(client.get(url("recruitment:notice", language, competition.reference)))

    assert shown(page, "notice-text") == (conditions, language)
    assert shown(page, "diplomas") == (diplomas, language)
    for other in others:
        assert other not in page


def test_a_text_missing_in_the_language_of_the_page_is_read_in_the_other_one(client):
    # A notice published before the texts were kept in both languages.
    competition = notice(notice_fr="", diplomas_ar="")

    arabic = text(client.get(url("recruitment:notice", "ar", competition.reference)))
    assert shown(arabic, "notice-text") == (NOTICE_AR, "ar")
    assert shown(arabic, "diplomas") == (DIPLOMAS_FR, "fr")
    french = text(client.get(url("recruitment:notice", "fr", competition.reference)))
    assert shown(french, "notice-text") == (NOTICE_AR, "ar")
    assert shown(french, "diplomas") == (DIPLOMAS_FR, "fr")


def test_the_staff_page_of_a_competition_shows_the_diplomas_of_its_language(client_for, officer):
    competition = notice()
    client = client_for(officer)
    for language, mine, other in (
        ("ar", DIPLOMAS_AR, DIPLOMAS_FR),
        ("fr", DIPLOMAS_FR, DIPLOMAS_AR),
    ):
        page = text(client.get(url("recruitment:competition", language, competition.reference)))
        assert mine in page and other not in page


# What staff write -------------------------------------------------------------------------------


def draft():
    return CompetitionFactory(status=Competition.Status.DRAFT, lines=[])


def line_data(**diplomas):
    return {
        "grade": Grade.objects.get(code="technician-3").pk,
        "specialties": [Specialty.objects.get(code="software").pk],
        "posts": 3,
        "min_age": 18,
        "max_age": 40,
        **diplomas,
    }


def test_a_post_line_asks_for_the_diplomas_in_both_languages_and_takes_one(client_for, officer):
    competition = draft()
    client = client_for(officer)
    page = text(client.get(url("recruitment:competition", "fr", competition.reference)))
    # Each typed in its own direction, whatever the page's.
    assert re.search(r'<input[^>]*name="diplomas_ar"[^>]*dir="rtl" lang="ar"', page)
    assert re.search(r'<input[^>]*name="diplomas_fr"[^>]*dir="ltr" lang="fr"', page)

    action = url("recruitment:competition_action", "fr", competition.reference, "line")
    refused = client.post(action, line_data())
    assert refused.status_code == 422
    assert said("fr", "Give the diplomas required in Arabic, in French or in both.") in text(
        refused
    )
    assert not competition.lines.exists()

    assert client.post(action, line_data(diplomas_fr=DIPLOMAS_FR)).status_code == 302
    line = competition.lines.get()
    assert (line.diplomas_ar or "", line.diplomas_fr) == ("", DIPLOMAS_FR)


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_a_text_written_in_one_language_stays_in_it_whatever_the_page(
    client_for, officer, language
):
    """The page's language reads the other one's text where its own is missing: saving must
    not copy it into the empty one."""
    competition = draft()
    client = client_for(officer)
    action = url("recruitment:competition_action", language, competition.reference, "line")
    assert client.post(action, line_data(diplomas_ar=DIPLOMAS_AR)).status_code == 302
    line = competition.lines.get()
    edit = url("recruitment:line_edit", language, competition.reference, line.pk)
    assert client.post(edit, line_data(diplomas_ar=DIPLOMAS_AR)).status_code == 302

    line.refresh_from_db()
    assert (line.diplomas_ar, line.diplomas_fr or "") == (DIPLOMAS_AR, "")


def test_the_competition_form_takes_the_notice_in_one_language(client_for, officer):
    competition = draft()
    client = client_for(officer)
    edit = url("recruitment:competition_edit", "fr", competition.reference)
    form = client.get(edit).context["form"]
    data = {
        name: value
        for name, value in {**form.initial, "unit": competition.unit_id}.items()
        if value is not None
    }
    data.update(
        opens_at=competition.opens_at.strftime("%Y-%m-%dT%H:%M"),
        deadline=competition.deadline.strftime("%Y-%m-%dT%H:%M"),
    )

    refused = client.post(edit, {**data, "notice_ar": "", "notice_fr": ""})
    assert refused.status_code == 200
    assert refused.context["form"].errors["notice_ar"] == [
        said("fr", "Give the notice in Arabic, in French or in both.")
    ]
    assert client.post(edit, {**data, "notice_ar": "", "notice_fr": NOTICE_FR}).status_code == 302
    competition.refresh_from_db()
    assert (competition.notice_ar or "", competition.notice_fr) == ("", NOTICE_FR)


# Publishing ------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_a_notice_is_not_published_without_both_languages_of_its_texts(
    client_for, officer, language
):
    competition = draft()
    competition.notice_ar = ""
    competition.save()
    line = PostLine.objects.create(
        competition=competition,
        grade=Grade.objects.get(code="technician-3"),
        posts=3,
        diplomas_fr="DTS",
    )
    line.specialties.set(Specialty.objects.filter(code="software"))
    client = client_for(officer)
    status = url("recruitment:competition_action", language, competition.reference, "status")

    refused = client.post(status, {"status": "published"})
    assert refused.status_code == 422
    page = text(refused)
    assert (
        said(
            language,
            "The notice cannot be published: write its text, the conditions of the competition, "
            "in Arabic and in French.",
        )
        in page
    )
    with translation.override(language):
        grade = str(Grade.objects.get(code="technician-3"))
        posts = translation.ngettext(
            "The notice cannot be published: write the diplomas required for the post "
            "%(posts)s in Arabic and in French.",
            "The notice cannot be published: write the diplomas required for the posts "
            "%(posts)s in Arabic and in French.",
            1,
        ) % {"posts": f"\u2068{grade}\u2069"}
    assert posts in page
    competition.refresh_from_db()
    assert competition.status == Competition.Status.DRAFT

    # Written in both: published.
    competition.notice_ar = NOTICE_AR
    competition.save()
    PostLine.objects.filter(pk=line.pk).update(diplomas_ar="دبلوم التقني المتخصص")
    assert client.post(status, {"status": "published"}).status_code == 302
    competition.refresh_from_db()
    assert competition.status == Competition.Status.PUBLISHED


def test_the_service_lists_what_is_missing_before_publishing(officer):
    competition = notice(diplomas_fr="")
    competition.status = Competition.Status.DRAFT
    competition.save()
    with translation.override("fr"):
        reasons = services.untranslated(competition)
    assert len(reasons) == 1
    PostLine.objects.filter(competition=competition).update(diplomas_fr=DIPLOMAS_FR)
    assert services.untranslated(competition) == []


# The admin, imports and exports, and the texts kept before ----------------------------------


def test_the_admin_shows_the_diplomas_in_both_languages(client_for, officer):
    competition = draft()
    line = PostLine.objects.create(
        competition=competition,
        grade=Grade.objects.get(code="technician-3"),
        posts=3,
        diplomas_ar=DIPLOMAS_AR,
        diplomas_fr=DIPLOMAS_FR,
    )
    client = client_for(officer)
    for page_url in (
        url("admin:recruitment_postline_change", "fr", line.pk),
        url("admin:recruitment_competition_change", "fr", competition.pk),
    ):
        page = text(client.get(page_url))
        assert DIPLOMAS_AR in page and DIPLOMAS_FR in page, page_url
        assert "diplomas_ar" in page and "diplomas_fr" in page


def test_post_lines_import_and_export_the_diplomas_in_both_languages(officer):
    competition = draft()
    header = "competition_reference,grade_code,specialties,posts,diplomas_ar,diplomas_fr\n"
    rows = f"{competition.reference},technician-3,software,3,{DIPLOMAS_AR},{DIPLOMAS_FR}\n"
    report = run_import(
        PostLineResource(user=officer), read_dataset((header + rows).encode(), "l.csv")
    )
    assert report.ok, report.errors
    exported = PostLineResource(user=officer).export()
    assert {"diplomas_ar", "diplomas_fr"} <= set(exported.headers)
    assert "diplomas" not in exported.headers
    row = dict(zip(exported.headers, exported[-1], strict=True))
    assert (row["diplomas_ar"], row["diplomas_fr"]) == (DIPLOMAS_AR, DIPLOMAS_FR)


def test_a_file_with_one_diplomas_column_goes_to_the_language_of_its_script(officer):
    competition = draft()
    header = "competition_reference,grade_code,specialties,posts,diplomas\n"
    rows = (
        f"{competition.reference},technician-3,software,3,{DIPLOMAS_AR}\n"
        f"{competition.reference},technician-4,software,2,{DIPLOMAS_FR}\n"
    )
    report = run_import(
        PostLineResource(user=officer), read_dataset((header + rows).encode(), "l.csv")
    )
    assert report.ok, report.errors
    arabic, french = competition.lines.order_by("pk")
    assert (arabic.diplomas_ar, arabic.diplomas_fr or "") == (DIPLOMAS_AR, "")
    assert (french.diplomas_ar or "", french.diplomas_fr) == ("", DIPLOMAS_FR)


def historical_apps():
    """The models as the migration sees them: plain columns, without modeltranslation (the
    history the squash replaced, entraide/squash.py)."""
    from django.db.migrations.loader import MigrationLoader

    state = MigrationLoader(connection, replace_migrations=False).project_state(
        ("recruitment", "0006_texts_in_both_languages")
    )
    return state.apps


def test_the_texts_kept_in_one_language_go_to_the_language_of_their_script():
    """What migration 0006 does to the post lines kept before."""
    migration = importlib.import_module("recruitment.migrations.0006_texts_in_both_languages")
    competition = draft()
    grade = Grade.objects.get(code="technician-3")
    arabic = PostLine.objects.create(competition=competition, grade=grade, posts=1)
    french = PostLine.objects.create(competition=competition, grade=grade, posts=1)
    done = PostLine.objects.create(
        competition=competition, grade=grade, posts=1, diplomas_ar="ب", diplomas_fr="B"
    )
    # As the single column held them before (modeltranslation's manager would write the
    # active language's column: SQL writes the column itself).
    with connection.cursor() as cursor:
        for line, diplomas in ((arabic, "دبلوم DTS"), (french, "DTS")):
            cursor.execute(
                "UPDATE recruitment_postline SET diplomas = %s, diplomas_ar = NULL, "
                "diplomas_fr = NULL WHERE id = %s",
                [diplomas, line.pk],
            )

    migration.to_the_language_of_their_script(historical_apps(), None)

    rows = {
        line.pk: (line.diplomas_ar or "", line.diplomas_fr or "")
        for line in PostLine.objects.filter(competition=competition)
    }
    assert rows == {arabic.pk: ("دبلوم DTS", ""), french.pk: ("", "DTS"), done.pk: ("ب", "B")}
