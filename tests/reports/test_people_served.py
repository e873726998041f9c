"""The different people served in the centres' sections in a period: each person once, however
many sections, centres or delegations placed them; in the annual report (PDF included) and on
the dashboard. And the people served in centres by sex and age band, where a month computed
from a register counts its target groups together."""

import datetime
import io
import re
import subprocess

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from centres.models import ActivityGroupLine, MonthlyActivity, TargetGroup
from enrolments.models import Enrolment
from reports.dashboard import home_figures
from reports.figures import SCALARS, indicator_value, subtree, unit_figures
from reports.periods import Period
from tests.factories import (
    BeneficiaryFactory,
    CentreFactory,
    EnrolmentFactory,
    SectionFactory,
    UserFactory,
    unit,
)

pytestmark = pytest.mark.django_db

D = datetime.date
YEAR = Period("year", 2025)


def section(centre, name="Couture"):
    return SectionFactory(centre=centre, name=name, starts_on=D(2024, 9, 1), ends_on=D(2025, 8, 31))


def placed(section, person, admitted_on, left_on=None):
    if left_on:
        return EnrolmentFactory(
            section=section,
            person=person,
            status=Enrolment.Status.LEFT,
            admitted_on=admitted_on,
            left_on=left_on,
            outcome=Enrolment.Outcome.TRANSFERRED,
        )
    return EnrolmentFactory(
        section=section, person=person, status=Enrolment.Status.ACTIVE, admitted_on=admitted_on
    )


@pytest.fixture
def registers():
    """Khouribga's and Rabat's registers in 2025: a person who moved from one to the other,
    one in two sections of a centre, and those not placed in the year."""
    khouribga = CentreFactory(code="C-KHO-REG")
    rabat = CentreFactory(code="C-RAB-REG", rabat=True)
    sewing, cooking = section(khouribga), section(khouribga, "Cuisine")
    rabat_sewing = section(rabat)
    # Moved: Khouribga until March, then Rabat.
    moved = BeneficiaryFactory()
    placed(sewing, moved, D(2024, 10, 1), left_on=D(2025, 3, 15))
    placed(rabat_sewing, moved, D(2025, 3, 20))
    # Two sections of one centre.
    both = BeneficiaryFactory()
    placed(sewing, both, D(2025, 1, 5))
    placed(cooking, both, D(2025, 2, 1))
    # One more in each delegation.
    placed(cooking, BeneficiaryFactory(), D(2025, 6, 1))
    placed(rabat_sewing, BeneficiaryFactory(rabat=True), D(2024, 12, 1))
    # Not counted: gone before the year, still waiting, withdrawn from the list.
    placed(sewing, BeneficiaryFactory(), D(2024, 9, 10), left_on=D(2024, 12, 20))
    EnrolmentFactory(section=sewing)
    EnrolmentFactory(section=cooking, status=Enrolment.Status.WITHDRAWN)
    return khouribga, rabat


def test_a_person_is_counted_once_nationally_and_once_in_each_delegation(registers):
    assert indicator_value("people_in_sections", unit("EN"), YEAR) == 4
    assert indicator_value("people_in_sections", unit("DP-MA-KHO"), YEAR) == 3
    assert indicator_value("people_in_sections", unit("DP-MA-RAB"), YEAR) == 2
    assert indicator_value("people_in_sections", unit("CR-MA-05"), YEAR) == 3  # Khouribga's region
    # A month: who held a place in it.
    april = Period("month", 2025, 4)
    assert indicator_value("people_in_sections", unit("DP-MA-KHO"), april) == 1
    assert indicator_value("people_in_sections", unit("EN"), Period("year", 2023)) == 0


def test_the_count_is_one_query_whatever_the_size(registers, django_assert_num_queries):
    units = subtree(unit("EN"))
    with django_assert_num_queries(1):
        SCALARS["people_in_sections"](units, YEAR.start, YEAR.end, D(2026, 1, 10))


def test_the_report_and_the_year_before_carry_the_figure(registers):
    figures = unit_figures(unit("EN"), YEAR, today=D(2026, 1, 10))
    assert figures["people_in_sections"] == 4
    before = unit_figures(unit("EN"), YEAR.year_before(), today=D(2026, 1, 10))
    assert before["people_in_sections"] == 3  # the moved one, the one gone in 2024, Rabat's


# The marks pdftotext writes around runs of one direction in a right-to-left page.
BIDI_MARKS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def pdf_text(path):
    """The PDF's words, one space apart, without direction marks."""
    text = subprocess.run(  # noqa: S603
        ["pdftotext", "-layout", str(path), "-"],  # noqa: S607
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return " ".join(text.translate(BIDI_MARKS).split())


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_annual_report_pdf_shows_the_figure(registers, tmp_path, language, central):
    output = tmp_path / "report.pdf"
    call_command(
        "activity_report",
        unit="EN",
        period="2025",
        lang=language,
        output=str(output),
        user=central.username,
        stdout=io.StringIO(),
    )
    text = pdf_text(output)
    with translation.override(language):
        label = translation.gettext("Different people served in centre sections")
        next_title = translation.gettext("Services delivered")

    # In the summary's chart and table, and as the title of its own section, which gives the
    # number (in words that pdftotext may reorder on an Arabic page).
    # pdftotext moves the Arabic comma to the next word ("المراكز ،دون"): compared without it.
    def words(text):
        return " ".join(text.replace("،", " ").split())

    text, label = words(text), words(label)
    assert text.count(label) == 3
    section = text[text.rindex(label) + len(label) : text.rindex(next_title)]
    assert re.search(r"(?<![\d,.])4(?![\d,.])", section)


def test_the_dashboard_shows_the_figure_for_the_year(registers):
    central = UserFactory(username="t-central-dashboard", national=True)
    with translation.override("fr"):
        dashboard = home_figures(central, today=D(2025, 12, 15))
    row = next(row for row in dashboard["rows"] if row["name"] == "people_in_sections")
    assert row["year"] == 4
    with translation.override("fr"):
        assert row["label"] == translation.gettext("Different people served in centre sections")
    assert row["year_link"].endswith("#section-people")


def test_the_home_page_shows_the_figure(client_for, delegate, registers):
    response = client_for(delegate).get("/fr/")
    assert response.status_code == 200
    assert 'data-indicator="people_in_sections"' in response.text


def test_a_computed_month_counts_its_target_groups_together_by_sex_and_band(delegate):
    """A computed month's lines are its people by target group: the centre's line for a sex and
    band is their sum (the busiest month's), beside a typed centre's largest line."""
    women, children = (
        TargetGroup.objects.get(code="women"),
        TargetGroup.objects.get(code="children"),
    )
    register = CentreFactory(code="C-COMPUTED")

    def validated(centre, month, people, lines):
        activity = MonthlyActivity.objects.create(
            centre=centre,
            month=month,
            people_served=people,
            status="validated",
            validated_at=timezone.now(),
            validated_by=delegate,
        )
        for group, sex, band, n in lines:
            ActivityGroupLine.objects.create(
                activity=activity, target_group=group, sex=sex, age_band=band, people=n
            )

    validated(
        register,
        D(2025, 3, 1),
        6,
        [(women, "F", "18-59", 3), (children, "F", "18-59", 1), (None, "F", "18-59", 1)],
    )
    validated(register, D(2025, 4, 1), 4, [(women, "F", "18-59", 4), (children, "M", "6-17", 2)])
    figures = unit_figures(unit("DP-MA-KHO"), YEAR, today=D(2026, 1, 10))
    cells = {str(sex): (bands, total) for sex, bands, total in figures.centre_people_by_sex_band}
    female, male = list(cells.values())
    assert female == ({"0-5": 0, "6-17": 0, "18-59": 5, "60+": 0}, 5)  # March's 3 + 1 + 1
    assert male == ({"0-5": 0, "6-17": 2, "18-59": 0, "60+": 0}, 2)
