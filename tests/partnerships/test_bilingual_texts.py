"""A convention's object and its commitments are signed in both languages: the convention's
page reads the page's language, or the other one where a text is missing in it; the staff
forms ask for both and take one; the admin, imports and exports carry both."""

import html
import importlib
import re

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import translation

from entraide.imports import read_dataset, run_import
from partnerships.models import Commitment, Convention
from partnerships.resources import CommitmentResource, ConventionResource
from tests.factories import AssociationFactory, ConventionFactory, unit

pytestmark = pytest.mark.django_db

OBJECT_AR = "مواكبة الأشخاص في وضعية إعاقة"
OBJECT_FR = "Accompagnement des personnes en situation de handicap"
COMMITMENT_AR = "وضع مقر رهن إشارة الجمعية"
COMMITMENT_FR = "Mettre un local à la disposition de l'association"


def url(name, language, *args):
    with translation.override(language):
        return reverse(name, args=args)


def text(response):
    return html.unescape(response.content.decode())


def said(language, msgid):
    with translation.override(language):
        return translation.gettext(msgid)


def convention(**texts):
    signed = ConventionFactory(
        in_force=True,
        object_ar=texts.get("object_ar", OBJECT_AR),
        object_fr=texts.get("object_fr", OBJECT_FR),
    )
    Commitment.objects.create(
        convention=signed,
        party="EN",
        description_ar=texts.get("description_ar", COMMITMENT_AR),
        description_fr=texts.get("description_fr", COMMITMENT_FR),
    )
    return signed


def shown(page, testid):
    """The text of the element with that data-testid, and its lang."""
    match = re.search(rf'<(\w+) [^>]*lang="(\w+)" data-testid="{testid}">(.*?)</\1>', page, re.S)
    return re.sub(r"<[^>]+>", "", match.group(3)).strip(), match.group(2)


# What the convention's page reads -------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "object_text", "commitment", "others"),
    [
        ("ar", OBJECT_AR, COMMITMENT_AR, (OBJECT_FR, COMMITMENT_FR)),
        ("fr", OBJECT_FR, COMMITMENT_FR, (OBJECT_AR, COMMITMENT_AR)),
    ],
)
def test_the_convention_page_reads_in_the_language_of_the_page(
    client_for, partnership_officer, language, object_text, commitment, others
):
    signed = convention()
    page = text(
        client_for(partnership_officer).get(url("partnerships:convention", language, signed.pk))
    )

    assert shown(page, "convention-object") == (object_text, language)
    assert shown(page, "commitment-text") == (commitment, language)
    for other in others:
        assert other not in page


def test_a_text_missing_in_the_language_of_the_page_is_read_in_the_other_one(
    client_for, partnership_officer
):
    # A convention recorded before its texts were kept in both languages.
    signed = convention(object_ar="", description_fr="")
    client = client_for(partnership_officer)

    arabic = text(client.get(url("partnerships:convention", "ar", signed.pk)))
    assert shown(arabic, "convention-object") == (OBJECT_FR, "fr")
    assert shown(arabic, "commitment-text") == (COMMITMENT_AR, "ar")
    french = text(client.get(url("partnerships:convention", "fr", signed.pk)))
    assert shown(french, "convention-object") == (OBJECT_FR, "fr")
    assert shown(french, "commitment-text") == (COMMITMENT_AR, "ar")


# What staff write -------------------------------------------------------------------------------


def convention_data(association, **texts):
    return {
        "reference": "CONV-KHO-2026-BIL",
        "title_ar": "اتفاقية دعم",
        "title_fr": "Convention de soutien",
        "kind": "project",
        "signing_unit": association.delegation_id,
        "associations": [association.pk],
        "start_date": "2026-01-01",
        "end_date": "2028-12-31",
        "en_contribution": "100000",
        "partners_contribution": "0",
        **texts,
    }


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_convention_form_asks_for_the_object_in_both_languages_and_takes_one(
    client_for, partnership_officer, language
):
    association = AssociationFactory(delegation=unit("DP-MA-KHO"))
    client = client_for(partnership_officer)
    create = url("partnerships:convention_create", language)
    page = text(client.get(create))
    assert re.search(r'<textarea[^>]*name="object_ar"[^>]*dir="rtl" lang="ar"', page)
    assert re.search(r'<textarea[^>]*name="object_fr"[^>]*dir="ltr" lang="fr"', page)

    refused = client.post(create, convention_data(association))
    assert refused.status_code == 200
    assert refused.context["form"].errors["object_ar"] == [
        said(language, "Give the object in Arabic, in French or in both.")
    ]
    assert not Convention.objects.filter(reference="CONV-KHO-2026-BIL").exists()

    # Written in French only, on a page in either language: it stays French only.
    assert client.post(create, convention_data(association, object_fr=OBJECT_FR)).status_code == 302
    saved = Convention.objects.get(reference="CONV-KHO-2026-BIL")
    assert (saved.object_ar or "", saved.object_fr) == ("", OBJECT_FR)

    edit = url("partnerships:convention_edit", language, saved.pk)
    data = convention_data(association, object_ar=OBJECT_AR, object_fr=OBJECT_FR)
    assert client.post(edit, data).status_code == 302
    saved.refresh_from_db()
    assert (saved.object_ar, saved.object_fr) == (OBJECT_AR, OBJECT_FR)


def test_a_commitment_asks_for_both_languages_and_takes_one(client_for, partnership_officer):
    signed = convention()
    client = client_for(partnership_officer)
    action = url("partnerships:convention_action", "fr", signed.pk, "commitment")

    refused = client.post(action, {"party": "Entraide Nationale"})
    assert refused.status_code == 422
    assert said("fr", "Give the commitment in Arabic, in French or in both.") in text(refused)
    assert signed.commitments.count() == 1

    assert (
        client.post(
            action, {"party": "Entraide Nationale", "description_ar": COMMITMENT_AR}
        ).status_code
        == 302
    )
    added = signed.commitments.latest("pk")
    assert (added.description_ar, added.description_fr or "") == (COMMITMENT_AR, "")


# The admin, imports and exports, and the texts kept before ----------------------------------


def test_the_admin_shows_the_object_and_the_commitments_in_both_languages(
    client_for, administrator
):
    signed = convention()
    client = client_for(administrator)
    commitment = signed.commitments.get()
    for page_url in (
        url("admin:partnerships_convention_change", "fr", signed.pk),
        url("admin:partnerships_commitment_change", "fr", commitment.pk),
    ):
        page = text(client.get(page_url))
        assert COMMITMENT_AR in page and COMMITMENT_FR in page, page_url
    page = text(client.get(url("admin:partnerships_convention_change", "fr", signed.pk)))
    assert OBJECT_AR in page and OBJECT_FR in page
    for name in ("object_ar", "object_fr", "description_ar", "description_fr"):
        assert f'name="{name}"' in page or f'-{name}"' in page, name


def test_conventions_and_commitments_export_both_languages(administrator):
    signed = convention()
    conventions = ConventionResource(user=administrator).export()
    row = dict(zip(conventions.headers, conventions[-1], strict=True))
    assert (row["reference"], row["object_ar"], row["object_fr"]) == (
        signed.reference,
        OBJECT_AR,
        OBJECT_FR,
    )
    assert "object" not in conventions.headers
    commitments = CommitmentResource(user=administrator).export()
    row = dict(zip(commitments.headers, commitments[-1], strict=True))
    assert (row["description_ar"], row["description_fr"]) == (COMMITMENT_AR, COMMITMENT_FR)


def test_a_file_with_one_column_per_text_goes_to_the_language_of_its_script(administrator):
    signed = convention()
    header = "convention_reference,party,description\n"
    rows = f"{signed.reference},EN,{COMMITMENT_AR}\n{signed.reference},EN,{COMMITMENT_FR}\n"
    report = run_import(
        CommitmentResource(user=administrator), read_dataset((header + rows).encode(), "c.csv")
    )
    assert report.ok, report.errors
    arabic, french = signed.commitments.order_by("pk")[1:]
    assert (arabic.description_ar, arabic.description_fr or "") == (COMMITMENT_AR, "")
    assert (french.description_ar or "", french.description_fr) == ("", COMMITMENT_FR)

    # Both columns, or none: each row says what is missing.
    header = "convention_reference,party,description_ar,description_fr\n"
    rows = f"{signed.reference},EN,{COMMITMENT_AR},{COMMITMENT_FR}\n{signed.reference},EN,,\n"
    with translation.override("fr"):
        report = run_import(
            CommitmentResource(user=administrator), read_dataset((header + rows).encode(), "c.csv")
        )
        missing = translation.gettext("Give the commitment in Arabic, in French or in both.")
    assert not report.ok
    assert [line for line, reason in report.errors if missing in reason] == [3]
    assert signed.commitments.count() == 3  # all or nothing


def historical_apps():
    """The models as the migration sees them: plain columns, without modeltranslation (the
    history the squash replaced, entraide/squash.py)."""
    from django.db.migrations.loader import MigrationLoader

    state = MigrationLoader(connection, replace_migrations=False).project_state(
        ("partnerships", "0004_texts_in_both_languages")
    )
    return state.apps


def test_the_texts_kept_in_one_language_go_to_the_language_of_their_script():
    """What migration 0004 does to the conventions and commitments kept before."""
    migration = importlib.import_module("partnerships.migrations.0004_texts_in_both_languages")
    arabic, french = ConventionFactory(), ConventionFactory()
    kept = Commitment.objects.create(convention=french, party="EN", description_fr="x")
    # As the single columns held them before (modeltranslation's manager would write the
    # active language's column: SQL writes the column itself).
    with connection.cursor() as cursor:
        for table, column, pk, value in (
            ("partnerships_convention", "object", arabic.pk, OBJECT_AR),
            ("partnerships_convention", "object", french.pk, OBJECT_FR),
            ("partnerships_commitment", "description", kept.pk, COMMITMENT_AR),
        ):
            cursor.execute(
                f"UPDATE {table} SET {column} = %s, {column}_ar = NULL, {column}_fr = NULL "  # noqa: S608 - names of ours
                "WHERE id = %s",
                [value, pk],
            )

    migration.to_the_language_of_their_script(historical_apps(), None)

    arabic.refresh_from_db()
    french.refresh_from_db()
    kept.refresh_from_db()
    assert (arabic.object_ar, arabic.object_fr or "") == (OBJECT_AR, "")
    assert (french.object_ar or "", french.object_fr) == ("", OBJECT_FR)
    assert (kept.description_ar, kept.description_fr or "") == (COMMITMENT_AR, "")
