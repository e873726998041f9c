"""The published lists number their rows 1..n in the order shown; only the lists of the results
show the ranks the results gave."""

import re
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from entraide.roles import Role
from recruitment import services
from recruitment.models import Application, Competition
from tests.factories import ApplicationFactory, CompetitionFactory, UserFactory, unit

pytestmark = pytest.mark.django_db


# Short Arabic names, so that no row wraps onto a second line of the PDF (Faker's may).
ARABIC = {"Alaoui": "العلوي", "Bennani": "بناني", "Chraibi": "الشرايبي", "Daoudi": "الداودي"}


def candidate(competition, name, written, oral):
    return ApplicationFactory(
        competition=competition,
        last_name_lat=name,
        first_name_lat="Test",
        last_name_ar=ARABIC[name],
        first_name_ar="سعاد",
        eligibility=Application.Eligibility.ELIGIBLE,
        written_present=written is not None,
        written_mark=None if written is None else Decimal(written),
        called_to_oral=oral is not None,
        oral_present=oral is not None,
        oral_mark=None if oral is None else Decimal(oral),
    )


# pdftotext wraps the runs of an Arabic line in embedding marks.
BIDI_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e"), " ")


def numbers_by_name(content, tmp_path, names):
    """{name: the numbers on its row} as pdftotext reads the list (the masked CIN is not a
    number on its own, and the list shows no birth date)."""
    path = tmp_path / "list.pdf"
    path.write_bytes(content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"],  # noqa: S607 - poppler-utils
        check=True,
        capture_output=True,
        text=True,
    ).stdout.translate(BIDI_MARKS)
    rows = {}
    for line in text.splitlines():
        for name in names:
            if f"{name} Test" in line:
                rows[name] = [int(n) for n in re.findall(r"(?<!\S)\d+(?!\S)", line)]
    return rows


@pytest.fixture
def results_entered():
    """Four candidates called to the written exam, listed by name; the results rank three of
    them in another order (Daoudi never sat the oral)."""
    officer = UserFactory(username="t-rec", role=Role.RECRUITMENT_OFFICER, unit=unit("EN-SDAG"))
    competition = CompetitionFactory(reference="CONC-2026-NUM", lines__posts=1)
    candidate(competition, "Alaoui", "14", "13")  # second
    candidate(competition, "Bennani", "18", "17")  # first
    candidate(competition, "Chraibi", "12", "11")  # third
    candidate(competition, "Daoudi", "9", None)
    services.results_compute(competition=competition, actor=officer)
    Competition.objects.filter(pk=competition.pk).update(status=Competition.Status.RESULTS)
    return competition


def published(client, competition, stage, language):
    with translation.override(language):
        url = reverse("recruitment:published_list", args=[competition.reference, stage])
    response = client.get(url)
    assert response.status_code == 200
    return response.content


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_written_exam_list_numbers_its_rows_1_to_n_once_results_are_entered(
    client, results_entered, tmp_path, language
):
    names = ["Alaoui", "Bennani", "Chraibi", "Daoudi"]
    content = published(client, results_entered, "written", language)

    # Listed by name, numbered in that order: not 2, 1, 3 from the ranking, and no number
    # twice for the candidate the ranking left out.
    assert numbers_by_name(content, tmp_path, names) == {
        "Alaoui": [1],
        "Bennani": [2],
        "Chraibi": [3],
        "Daoudi": [4],
    }


def test_the_oral_list_numbers_its_rows_and_the_admitted_list_gives_the_ranks(
    client, results_entered, tmp_path
):
    oral = published(client, results_entered, "oral", "fr")
    assert numbers_by_name(oral, tmp_path, ["Alaoui", "Bennani", "Chraibi"]) == {
        "Alaoui": [1],
        "Bennani": [2],
        "Chraibi": [3],
    }
    admitted = published(client, results_entered, "admitted", "fr")
    assert numbers_by_name(admitted, tmp_path, ["Alaoui", "Bennani", "Chraibi"]) == {"Bennani": [1]}
    # One post, a waiting list as long as the posts: Alaoui, ranked second; Chraibi is not
    # on it.
    waiting = published(client, results_entered, "waiting", "fr")
    assert numbers_by_name(waiting, tmp_path, ["Alaoui", "Chraibi"]) == {"Alaoui": [2]}
