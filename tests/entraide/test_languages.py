from pathlib import Path

import polib
import pytest
from django.urls import reverse
from django.utils import translation

from territory.models import OrgUnit

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_catalogue_is_complete(language):
    catalogue = polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))
    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert not untranslated, f"untranslated in {language}: {untranslated}"
    assert not fuzzy, f"fuzzy in {language}: {fuzzy}"
    assert len(catalogue) > 100


def test_the_catalogues_cover_every_message_in_the_code(tmp_path):
    """makemessages, run on a copy of the code and catalogues, adds nothing untranslated."""
    import os
    import shutil
    import subprocess
    import sys

    if shutil.which("xgettext") is None:
        pytest.fail("GNU gettext (xgettext) is needed: apt-get install gettext")
    source = tmp_path / "src"
    apps = [p.name for p in ROOT.iterdir() if (p / "apps.py").exists()]
    assert {"entraide", "territory", "centres", "beneficiaries"} <= set(apps)
    for name in [*apps, "templates", "locale"]:
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    env = {**os.environ, "DATABASE_URL": "postgres://nobody@localhost/none"}
    subprocess.run(  # noqa: S603
        [sys.executable, "-c", _MAKEMESSAGES], cwd=source, env=env, check=True
    )
    for language in ("ar", "fr"):
        catalogue = polib.pofile(str(source / "locale" / language / "LC_MESSAGES" / "django.po"))
        missing = [e.msgid for e in catalogue.untranslated_entries() + catalogue.fuzzy_entries()]
        assert not missing, f"not in the {language} catalogue: {missing}"


_MAKEMESSAGES = """
import os
os.environ["DJANGO_SETTINGS_MODULE"] = "entraide.settings.dev"
import django
django.setup()
from django.core.management import call_command
call_command("makemessages", locale=["ar", "fr"], no_obsolete=True, verbosity=0)
"""


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "direction"), [("ar", "rtl"), ("fr", "ltr")])
def test_pages_declare_their_language_and_direction(client_for, worker, language, direction):
    with translation.override(language):
        url = reverse("home")
    response = client_for(worker).get(url)
    assert f'<html lang="{language}" dir="{direction}">' in response.text


@pytest.mark.django_db
def test_arabic_is_the_default_and_french_is_translated(client):
    response = client.get("/", follow=True)
    assert response.redirect_chain[0][0] == "/ar/"
    assert 'lang="ar"' in response.text
    assert "تسجيل الدخول" in response.text
    french = client.get("/fr/login/")
    assert "Se connecter" in french.text


@pytest.mark.django_db
def test_the_language_switch_keeps_the_page_and_remembers_the_choice(client_for, worker):
    client = client_for(worker)
    response = client.post(
        reverse("set_language"), {"language": "fr", "next": "/ar/units/DP-MA-KHO/"}
    )
    assert response["Location"] == "/fr/units/DP-MA-KHO/"
    worker.refresh_from_db()
    assert worker.language == "fr"


@pytest.mark.django_db
def test_signing_in_opens_the_portal_in_the_sign_in_pages_language(client, worker):
    password = "correct horse battery"
    response = client.post("/fr/login/", {"username": worker.username, "password": password})
    assert response["Location"] == "/fr/"


@pytest.mark.django_db
def test_the_switch_works_whatever_the_browser_asks_for(client_for, worker):
    client = client_for(worker)
    response = client.post(
        reverse("set_language"),
        {"language": "ar", "next": "/fr/units/?x=1"},
        HTTP_ACCEPT_LANGUAGE="en-US",
    )
    assert response["Location"] == "/ar/units/?x=1"
    response = client.post(
        reverse("set_language"), {"language": "fr", "next": "/ar/"}, HTTP_ACCEPT_LANGUAGE="fr-FR"
    )
    assert response["Location"] == "/fr/"


@pytest.mark.django_db
def test_reference_names_follow_the_page_language(client_for, coordinator):
    client = client_for(coordinator)
    assert (
        "Coordination régionale de Béni Mellal-Khénifra" in client.get("/fr/units/CR-MA-05/").text
    )
    arabic = client.get("/ar/units/CR-MA-05/").text
    assert "التنسيقية الجهوية لجهة بني ملال-خنيفرة" in arabic
    assert "المندوبية الإقليمية بخريبكة" in arabic
    unit = OrgUnit.objects.get(code="CR-MA-05")
    with translation.override("fr"):
        assert unit.name == unit.name_fr
