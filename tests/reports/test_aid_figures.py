"""The aid programmes in the activity reports: requests recorded, decisions taken by the
committees, people handed aid (each once), households handed an emergency kit (each once) and
the value handed over, by programme, by unit and by target group; in the summary, its tables
(CSV), the PDF in both languages and the dashboard; the period's days in local time."""

import csv
import datetime
import io
import re
import subprocess
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from centres.models import TargetGroup
from programmes.models import (
    AidRequest,
    CommitteeMeeting,
    Emergency,
    Entitlement,
    Household,
    Item,
    KitDelivery,
    Lot,
    Programme,
)
from reports.dashboard import home_figures
from reports.figures import SCALARS, indicator_value, subtree, unit_figures
from reports.periods import Period
from tests.factories import BeneficiaryFactory, UserFactory, unit

pytestmark = pytest.mark.django_db

D = datetime.date
YEAR = Period("year", 2025)
TODAY = D(2026, 2, 1)
Status = AidRequest.Status


def at(day, hour=10, minute=0):
    """A moment of a day, in the portal's time (Africa/Casablanca)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@pytest.fixture
def aid(delegate):
    """Khouribga: three requests of 2025 (approved, rejected, waiting for budget) and one of
    2024 approved in 2025; what two people were handed in 2025 (two chairs, 500 dirhams); an
    emergency's kits to two households (rounds 1 and 2, one kit on the year's last evening,
    one just after midnight). Rabat: one request of 2025, approved, handed over in 2026."""
    kho, rab = unit("DP-MA-KHO"), unit("DP-MA-RAB")
    chair = Item.objects.create(code="chair-r", name="Fauteuil", unit_value=1500)
    kit = Item.objects.create(code="kit-r", name="Kit", unit_value=200)
    aids = Programme.objects.create(code="aides-r", name="Aides techniques", kind="technical_aids")
    relief = Programme.objects.create(code="urgence-r", name="Urgence", kind="emergency")

    def meeting(delegation, day):
        return CommitteeMeeting.objects.create(
            delegation=delegation, held_on=day, members="M. Alaoui", created_by=delegate
        )

    kho_meeting, rab_meeting = meeting(kho, D(2025, 3, 10)), meeting(rab, D(2025, 4, 2))

    def request(delegation, asked_on, status, meeting=None, reason="", person=None):
        person = person or BeneficiaryFactory(delegation=delegation)
        return AidRequest.objects.create(
            programme=aids,
            person=person,
            delegation=delegation,
            cycle=asked_on.year,
            requested_on=asked_on,
            status=status,
            meeting=meeting,
            decision_reason=reason,
            recorded_by=delegate,
        )

    disabled = BeneficiaryFactory(delegation=kho)
    disabled.target_groups.add(TargetGroup.objects.get(code="disability"))
    approved = request(kho, D(2025, 2, 1), Status.APPROVED, kho_meeting, person=disabled)
    request(kho, D(2025, 2, 3), Status.REJECTED, kho_meeting, reason="Revenu trop élevé")
    request(kho, D(2025, 2, 5), Status.WAITING_BUDGET, kho_meeting)
    older = request(kho, D(2024, 12, 20), Status.APPROVED, kho_meeting)
    rabat = request(rab, D(2025, 3, 1), Status.APPROVED, rab_meeting)

    def handed(req, when, value, **what):
        return Entitlement.objects.create(
            request=req,
            person=req.person,
            programme=aids,
            cycle=req.cycle,
            value=value,
            delivered_at=when,
            delivered_by=delegate,
            receipt="receipts/r.pdf",
            **what,
        )

    handed(approved, at(D(2025, 3, 20)), Decimal(3000), item=chair, quantity=2)
    handed(older, at(D(2025, 4, 1)), Decimal(500), amount=Decimal(500))
    handed(rabat, at(D(2026, 1, 5)), Decimal(1500), item=chair)

    emergency = Emergency.objects.create(
        title="Inondations",
        delegation=kho,
        province=kho.provinces.first(),
        communes=["Khouribga"],
        kit=kit,
        programme=relief,
    )
    lot = Lot.objects.create(delegation=kho, item=kit, purchase="M-1")

    def household(name):
        return Household.objects.create(
            emergency=emergency,
            head_name=name,
            members=5,
            commune="Khouribga",
            registered_by=delegate,
        )

    first, second = household("Ahmed Bennani"), household("Fatima Zahra")
    for who, round_, when in (
        (first, 1, at(D(2025, 11, 3))),
        (first, 2, at(D(2025, 12, 1))),
        (second, 1, at(D(2025, 12, 31), 23, 30)),
        (second, 2, at(D(2026, 1, 1), 0, 10)),  # the next year, by ten minutes
    ):
        KitDelivery.objects.create(
            household=who,
            round=round_,
            lot=lot,
            value=kit.unit_value,
            delivered_at=when,
            delivered_by=delegate,
        )
    return {"aids": aids, "relief": relief}


def test_the_indicators_count_the_periods_requests_decisions_people_and_value(aid):
    def value(name, code, period=YEAR):
        return indicator_value(name, unit(code), period, today=TODAY)

    assert value("aid_requests", "EN") == 4  # Khouribga's 3 of 2025, Rabat's 1
    assert value("aid_decided", "EN") == 5  # decided in 2025, the one asked in 2024 too
    assert value("aid_people_helped", "EN") == 2  # Rabat's was handed over in 2026
    assert value("aid_households_helped", "EN") == 2
    assert value("aid_value", "EN") == Decimal(3000 + 500 + 3 * 200)
    assert value("aid_requests", "DP-MA-RAB") == 1
    assert value("aid_people_helped", "DP-MA-RAB") == 0
    assert value("aid_value", "DP-MA-RAB", Period("year", 2026)) == Decimal(1500)
    # The kit handed ten minutes into 2026 is of 2026, in the portal's time.
    assert value("aid_value", "DP-MA-KHO", Period("year", 2026)) == Decimal(200)
    assert value("aid_households_helped", "DP-MA-KHO", Period("month", 2025, 12)) == 2
    assert value("aid_requests", "DP-MA-KHO", Period("year", 2024)) == 1


def test_each_indicator_is_one_query_but_the_value_two(aid, django_assert_num_queries):
    units = subtree(unit("EN"))
    for name in ("aid_requests", "aid_decided", "aid_people_helped", "aid_households_helped"):
        with django_assert_num_queries(1):
            SCALARS[name](units, YEAR.start, YEAR.end, TODAY)
    with django_assert_num_queries(2):
        SCALARS["aid_value"](units, YEAR.start, YEAR.end, TODAY)


def test_the_report_breaks_the_aid_down_by_programme_unit_and_target_group(aid):
    with translation.override("fr"):
        figures = unit_figures(unit("EN"), YEAR, today=TODAY)
        no_group = translation.gettext("no target group")
    lines = {line.name: line for line in figures.aid_by_programme}
    assert list(lines) == ["Aides techniques", "Urgence"]  # by code
    aids, relief = lines["Aides techniques"], lines["Urgence"]
    assert (aids.requests, aids.approved, aids.rejected, aids.waiting) == (4, 3, 1, 1)
    assert (aids.decided, aids.people, aids.households, aids.value) == (5, 2, 0, Decimal(3500))
    assert (relief.requests, relief.people, relief.households, relief.value) == (0, 0, 2, 600)

    # The country's report: one line per coordination, each of its delegations' aid.
    regions = {line.name: line for line in figures.aid_by_unit}
    assert len(regions) == 12
    with translation.override("fr"):
        khouribga_region = regions[str(unit("CR-MA-05"))]
        rabat_region = regions[str(unit("CR-MA-04"))]  # Rabat-Salé-Kénitra
    assert (khouribga_region.requests, khouribga_region.decided) == (3, 4)
    assert (khouribga_region.people, khouribga_region.households) == (2, 2)
    assert khouribga_region.value == Decimal(4100)
    assert (rabat_region.requests, rabat_region.approved, rabat_region.value) == (1, 1, 0)
    assert sum(line.requests for line in regions.values()) == 4

    groups = {line.name: line for line in figures.aid_by_target_group}
    disability = TargetGroup.objects.get(code="disability")
    with translation.override("fr"):
        disability_name = disability.name
    assert (groups[disability_name].people, groups[disability_name].value) == (1, 3000)
    assert (groups[no_group].people, groups[no_group].value) == (1, 500)


def test_a_report_reads_the_kits_once_for_its_indicators_and_its_tables(aid):
    """The households helped are counted by programme and delegation once; the indicator is
    their sum (a household is in one emergency: the groups divide the households)."""
    with CaptureQueriesContext(connection) as queries:
        figures = unit_figures(unit("EN"), YEAR, today=TODAY)
    kits = [q for q in queries.captured_queries if "programmes_kitdelivery" in q["sql"]]
    assert len(kits) == 1
    assert figures["aid_households_helped"] == 2
    assert sum(line.households for line in figures.aid_by_programme) == 2
    assert sum(line.households for line in figures.aid_by_unit) == 2
    assert figures["aid_value"] == Decimal(3000 + 500 + 3 * 200)


def test_a_delegations_report_has_its_own_line(aid):
    figures = unit_figures(unit("DP-MA-KHO"), YEAR, today=TODAY)
    (line,) = figures.aid_by_unit
    assert line.name == str(unit("DP-MA-KHO"))
    assert (line.requests, line.decided, line.value) == (3, 4, Decimal(4100))


def test_the_aid_table_exports_as_csv(client_for, central, aid):
    url = reverse("reports:table", args=["EN", "aid", "csv"])
    response = client_for(central).get(f"{url}?period=2025")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["breakdown", "name", "requests"]
    kinds = [row[0] for row in rows[1:]]
    assert kinds.count("programme") == 2 and kinds.count("unit") == 12
    group_rows = [row for row in rows[1:] if row[0] == "target_group"]
    assert len(group_rows) == 2
    # A target group's requests are not counted: left empty, not 0.
    assert all(row[2:6] == ["", "", "", ""] for row in group_rows)


def test_a_delegate_cannot_read_another_delegations_aid(client_for, aid):
    rabat_delegate = UserFactory(username="t-aid-rab", delegate=True, rabat=True)
    url = reverse("reports:table", args=["DP-MA-KHO", "aid", "csv"])
    assert client_for(rabat_delegate).get(f"{url}?period=2025").status_code == 404


# The marks pdftotext writes around runs of one direction in a right-to-left page.
BIDI_MARKS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def pdf_text(path):
    text = subprocess.run(  # noqa: S603
        ["pdftotext", "-layout", str(path), "-"],  # noqa: S607
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return " ".join(text.translate(BIDI_MARKS).replace("،", " ").split())


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_annual_report_pdf_has_the_aid_section(aid, tmp_path, language, central):
    output = tmp_path / "report.pdf"
    call_command(
        "activity_report",
        unit="DP-MA-KHO",
        period="2025",
        lang=language,
        output=str(output),
        user=central.username,
        stdout=io.StringIO(),
    )
    text = pdf_text(output)
    with translation.override(language):
        title = translation.gettext("Aid programmes")
        people = translation.gettext("People handed aid")
        programme = Programme.objects.get(code="aides-r").name
    assert title in text and people in text
    section = text[text.index(title) :]
    # A name may wrap in its cell (pdftotext then writes the row's numbers between its
    # words): each of its words.
    assert all(word in section for word in programme.split())
    # The programme's line: requests 3, approved 2, rejected 1, waiting 1, people 2.
    assert re.search(r"(?<![\d,.])3(?![\d,.])", section)


def test_the_dashboard_links_the_aid_figures_to_the_reports_section(aid):
    central = UserFactory(username="t-central-aid", national=True)
    with translation.override("fr"):
        dashboard = home_figures(central, today=D(2025, 12, 15))
    rows = {row["name"]: row for row in dashboard["rows"]}
    assert rows["aid_requests"]["year"] == 4
    assert rows["aid_value"]["money"] and not rows["aid_requests"]["money"]
    assert rows["aid_people_helped"]["year_link"].endswith("#aid")
