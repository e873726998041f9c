"""Activity reports: every figure of a small known data set checked by hand; the page, its
tables, the dashboard and the PDF read back all agree; scoping by unit."""

import datetime
import io
import subprocess
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from beneficiaries.models import FollowUp, Referral, ServiceDelivery
from centres.models import ActivityLine, CentreType, MonthlyActivity, Service, TargetGroup
from entraide.models import AccessEvent, GeneratedReport
from partnerships.models import Tranche
from reports.figures import unit_figures
from reports.periods import Period
from tests.entraide.test_home_awaiting import HOME_QUERIES
from tests.factories import (
    BeneficiaryFactory,
    CaseFileFactory,
    CentreFactory,
    ConventionFactory,
    UserFactory,
    unit,
)

pytestmark = pytest.mark.django_db

D = datetime.date
OCTOBER = Period.parse("2025-10")


def validated(centre, month, people, lines=()):
    from django.utils import timezone

    activity = MonthlyActivity.objects.create(
        centre=centre,
        month=month,
        people_served=people,
        status="validated",
        validated_at=timezone.now(),
        validated_by=UserFactory(username="t-validator", delegate=True),
    )
    for service, sex, band, n in lines:
        ActivityLine.objects.create(
            activity=activity,
            service=Service.objects.get(code=service),
            sex=sex,
            age_band=band,
            people=n,
        )
    return activity


@pytest.fixture
def known(worker):
    """Khouribga in October 2025, with what must not count beside what must."""
    c1 = CentreFactory(code="C-R-1")
    c2 = CentreFactory(code="C-R-2")
    CentreFactory(code="C-R-3", status="closed", type=CentreType.objects.get(code="emf"))
    CentreFactory(code="C-R-4", rabat=True)
    validated(
        c1,
        D(2025, 10, 1),
        40,
        [
            ("reception", "F", "18-59", 30),
            ("orientation", "F", "18-59", 20),
            ("reception", "M", "6-17", 10),
        ],
    )
    MonthlyActivity.objects.create(
        centre=c2, month=D(2025, 10, 1), people_served=50, status="submitted"
    )
    validated(c1, D(2024, 10, 1), 25)

    women, children = (
        TargetGroup.objects.get(code="women"),
        TargetGroup.objects.get(code="children"),
    )
    p1 = BeneficiaryFactory(sex="F", birth_date=D(1990, 3, 1))
    p1.target_groups.add(women)
    p2 = BeneficiaryFactory(sex="M", birth_date=D(2015, 6, 1))
    p2.target_groups.add(children)
    p3 = BeneficiaryFactory(sex="F", birth_date=D(1950, 1, 1))
    p4 = BeneficiaryFactory(rabat=True)
    first = CaseFileFactory(beneficiary=p1, opened_on=D(2025, 9, 1))
    CaseFileFactory(beneficiary=p1, opened_on=D(2025, 10, 10))
    closed = CaseFileFactory(
        beneficiary=p2,
        opened_on=D(2025, 10, 5),
        closed_on=D(2025, 10, 20),
        status="closed",
        closure_reason="resolved",
    )
    CaseFileFactory(beneficiary=p3, opened_on=D(2025, 11, 2))
    CaseFileFactory(beneficiary=p4, opened_on=D(2025, 10, 1))

    def entry(model, case, day, **fields):
        return model.objects.create(case=case, date=day, author=worker, **fields)

    entry(
        Referral,
        first,
        D(2025, 10, 12),
        target_kind="institution",
        organisation="Hôpital",
        reason="Soins",
        state="completed",
        completed_on=D(2025, 10, 25),
    )
    entry(
        Referral,
        first,
        D(2025, 9, 1),
        target_kind="institution",
        organisation="Tribunal",
        reason="Jugement",
        state="completed",
        completed_on=D(2025, 10, 2),
    )
    reception, orientation = (
        Service.objects.get(code="reception"),
        Service.objects.get(code="orientation"),
    )
    entry(ServiceDelivery, first, D(2025, 10, 3), service=reception)
    entry(ServiceDelivery, closed, D(2025, 10, 6), service=reception)
    entry(ServiceDelivery, first, D(2025, 10, 7), service=orientation)
    entry(ServiceDelivery, first, D(2025, 11, 7), service=orientation)
    entry(FollowUp, first, D(2025, 10, 1), notes="Visite", next_date=D(2025, 10, 15))
    entry(FollowUp, closed, D(2025, 10, 6), notes="Visite", next_date=D(2025, 10, 10))
    entry(FollowUp, first, D(2025, 10, 20), notes="Visite", next_date=D(2025, 11, 10))

    convention = ConventionFactory(
        in_force=True, start_date=D(2025, 1, 1), signed_on=D(2024, 12, 20)
    )
    Tranche.objects.create(
        convention=convention,
        number=1,
        planned_amount=Decimal("100000"),
        planned_date=D(2025, 10, 15),
        paid_amount=Decimal("60000"),
        paid_on=D(2025, 10, 20),
    )
    Tranche.objects.create(
        convention=convention,
        number=2,
        planned_amount=Decimal("50000"),
        planned_date=D(2025, 12, 1),
    )
    ConventionFactory(start_date=D(2025, 1, 1))  # a draft


@pytest.fixture
def french():
    with translation.override("fr"):
        yield


def test_every_figure_by_hand(known, french):
    figures = unit_figures(unit("DP-MA-KHO"), OCTOBER, today=D(2026, 11, 24))
    assert figures.scalars == {
        "centres_open": 2,
        "people_with_case": 2,  # p1 once for two cases; p3 opened after; p4 in Rabat
        "people_in_centres": 40,  # the validated month only
        "people_in_sections": 0,  # no centre here keeps a register
        "cases_new": 2,
        "cases_closed": 1,
        "referrals_made": 1,
        "referrals_completed": 2,
        "services_delivered": 3,
        "follow_ups_overdue": 1,  # due 15 October, case open; the closed case's is not
        "conventions_in_force": 1,
        "subsidies_committed": Decimal("100000"),
        "subsidies_paid": Decimal("60000"),
        # No aid programme in this world (tests/reports/test_aid_figures.py counts them).
        "aid_requests": 0,
        "aid_decided": 0,
        "aid_people_helped": 0,
        "aid_households_helped": 0,
        "aid_value": Decimal(0),
    }
    assert [
        (str(t), counts["open"], counts["closed"], n) for t, counts, n in figures.centres_by_type
    ] == [
        ("Centre d'assistance sociale", 2, 0, 2),
        ("Espace multifonctionnel pour les femmes en situation difficile", 0, 1, 1),
    ]
    assert dict(figures.people_by_sex) == {"féminin": 1, "masculin": 1}
    assert dict(figures.people_by_age_band) == {
        "moins de 6 ans": 0,
        "6 à 17 ans": 1,
        "18 à 59 ans": 1,
        "60 ans et plus": 0,
    }
    assert sorted(figures.people_by_target_group) == [
        ("Enfants en situation difficile", 1),
        ("Femmes et filles en situation difficile", 1),
    ]
    # In centres: each centre's largest line, so 30 women (not 30 + 20) and 10 boys.
    assert [(str(s), bands, total) for s, bands, total in figures.centre_people_by_sex_band] == [
        ("féminin", {"0-5": 0, "6-17": 0, "18-59": 30, "60+": 0}, 30),
        ("masculin", {"0-5": 0, "6-17": 10, "18-59": 0, "60+": 0}, 10),
    ]
    names = {s.code: s.name for s in Service.objects.filter(code__in=["reception", "orientation"])}
    assert figures.services == [(names["reception"], 2), (names["orientation"], 1)]
    assert names["reception"].startswith("Accueil")
    assert figures.validated_centres == 1
    assert [(c.code, n) for c, n in figures.missing_centres] == [("C-R-2", 1)]
    from reports.figures import scalars

    before = scalars(unit("DP-MA-KHO"), OCTOBER.year_before(), today=D(2026, 11, 24))
    assert before["people_in_centres"] == 25
    assert before["conventions_in_force"] == 0


def test_a_coordination_adds_its_delegations_and_the_country_everything(known):
    region = unit_figures(unit("CR-MA-05"), OCTOBER, today=D(2026, 11, 24))
    country = unit_figures(unit("EN"), OCTOBER, today=D(2026, 11, 24))
    assert region.scalars["people_with_case"] == 2
    assert country.scalars["people_with_case"] == 3  # and Rabat's
    assert country.scalars["centres_open"] == 3


def pdf_text(path):
    return subprocess.run(  # noqa: S603
        ["pdftotext", "-layout", str(path), "-"],  # noqa: S607
        check=True,
        capture_output=True,
        text=True,
    ).stdout


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_pdf_says_what_the_page_says(known, tmp_path, language, delegate):
    output = tmp_path / "report.pdf"
    call_command(
        "activity_report",
        unit="DP-MA-KHO",
        period="2025-10",
        lang=language,
        output=str(output),
        user=delegate.username,
        stdout=io.StringIO(),
    )
    text = pdf_text(output)
    with translation.override(language):
        for msgid in ("People with a case file", "Services delivered", "Follow-ups overdue"):
            assert translation.gettext(msgid) in text
        title = translation.gettext("Centres without a validated month")
    assert title in text
    assert "C-R-2" in text
    assert ("100.000,00" if language == "ar" else "100 000,00") in text
    assert "المندوبية الإقليمية بخريبكة" in text and "Délégation provinciale de Khouribga" in text
    report = GeneratedReport.objects.get()
    assert report.status == "done" and report.created_by == delegate
    assert AccessEvent.objects.filter(action="report", actor=delegate).exists()


def test_the_page_its_tables_and_the_dashboard_agree(client_for, delegate, known):
    client = client_for(delegate)
    with translation.override("fr"):
        page = client.get(reverse("reports:unit", args=["DP-MA-KHO"]), {"period": "2025-10"})
        csv = client.get(
            reverse("reports:table", args=["DP-MA-KHO", "summary", "csv"]), {"period": "2025-10"}
        )
    assert page.status_code == 200
    summary = {row["name"]: row["value"] for row in page.context["summary"]}
    assert summary["people_with_case"] == 2 and summary["services_delivered"] == 3
    body = csv.content.decode("utf-8-sig")
    assert "2" in body and "Services" in body
    assert AccessEvent.objects.filter(action="export", actor=delegate).exists()
    home = client.get("/fr/")
    assert home.context["dashboard"]["unit"] == delegate.unit


def test_a_unit_reports_only_on_what_lies_under_it(client_for, delegate, coordinator, central):
    client = client_for(delegate)
    assert client.get(reverse("reports:unit", args=["DP-MA-RAB"])).status_code == 404
    assert client.get(reverse("reports:unit", args=["CR-MA-05"])).status_code == 404
    assert client.post(reverse("reports:generate", args=["DP-MA-RAB"])).status_code == 404
    client = client_for(coordinator)
    assert client.get(reverse("reports:unit", args=["CR-MA-05"])).status_code == 200
    assert client.get(reverse("reports:unit", args=["DP-MA-KHO"])).status_code == 200
    assert client.get(reverse("reports:unit", args=["CR-MA-04"])).status_code == 404
    assert client_for(central).get(reverse("reports:unit", args=["EN"])).status_code == 200


def test_a_national_report_runs_as_a_task_and_is_kept_for_those_in_scope(
    client_for, central, known, delegate
):
    client = client_for(central)
    response = client.post(
        reverse("reports:generate", args=["EN"]), {"period": "2025", "language": "fr"}
    )
    report = GeneratedReport.objects.get()
    assert response["Location"] == report.get_absolute_url()
    job = client.get(report.get_absolute_url())
    assert job.status_code == 200 and report.status == "done"  # the test backend runs it at once
    download = client.get(reverse("reports:download", args=[report.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert AccessEvent.objects.filter(action="download", actor=central).exists()
    # A delegation's staff cannot open the nation's report.
    assert client_for(delegate).get(report.get_absolute_url()).status_code == 404


def test_a_region_compares_its_delegations(client_for, coordinator, known):
    response = client_for(coordinator).get(
        reverse("reports:compare", args=["CR-MA-05"]),
        {"indicator": "people_with_case", "period": "2025-10"},
    )
    rows = {u.code: value for u, value in response.context["rows"]}
    assert rows["DP-MA-KHO"] == 2 and rows["DP-MA-BEM"] == 0
    assert "DP-MA-RAB" not in rows
    xlsx = client_for(coordinator).get(
        reverse("reports:compare", args=["CR-MA-05"]),
        {"indicator": "people_with_case", "period": "2025-10", "format": "xlsx"},
    )
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_bad_period_says_how_to_write_one(client_for, delegate):
    response = client_for(delegate).get(
        reverse("reports:unit", args=["DP-MA-KHO"]), {"period": "octobre"}
    )
    assert response.status_code == 200
    assert response.context["period_form"].non_field_errors()


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_report_pages_render_in_both_languages(client_for, coordinator, language):
    client = client_for(coordinator)
    with translation.override(language):
        urls = [
            reverse("reports:unit", args=["CR-MA-05"]),
            reverse("reports:compare", args=["CR-MA-05"]),
            reverse("home"),
        ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'<html lang="{language}"' in response.text


def test_reports_read_from_the_replica_when_there_is_one(monkeypatch):
    from django.conf import settings

    from entraide.models import GeneratedReport as Model
    from entraide.routers import ReportReplicaRouter, reading_from_replica

    router = ReportReplicaRouter()
    with reading_from_replica():
        assert router.db_for_read(Model) is None  # no replica configured: the primary
    monkeypatch.setitem(settings.DATABASES, "replica", settings.DATABASES["default"])
    # A replica that has caught up with the primary (the wait for it is tested on a real
    # standby: tests/reports/test_replica_standby.py).
    monkeypatch.setattr("entraide.routers.replica_caught_up", lambda: True)
    assert router.db_for_read(Model) is None  # outside a report
    with reading_from_replica():
        assert router.db_for_read(Model) == "replica"
        assert router.db_for_write(Model) == "default"
    assert router.db_for_read(Model) is None


def test_the_home_figures_are_computed_once_for_every_app_server(
    client_for, delegate, known, django_assert_max_num_queries
):
    """They are kept in PostgreSQL (settings.CACHES), where every app server and worker finds
    them: the second home page, from any process, runs none of the aggregates again."""
    from django.db import connection

    client = client_for(delegate)
    assert client.get("/fr/").status_code == 200  # 40 queries: the figures computed
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM entraide_cache")
        keys = [key for (key,) in cursor.fetchall()]
    assert any(f"home-figures:{delegate.unit.pk}:" in key for key in keys)
    with django_assert_max_num_queries(HOME_QUERIES):
        second = client.get("/fr/")
    assert second.context["dashboard"]["rows"]


def test_stale_home_figures_are_shown_at_once_with_their_time_then_computed_by_a_task(
    client_for, delegate, django_capture_on_commit_callbacks
):
    """No home page waits for figures already computed: older than five minutes, they are
    shown (saying when they were computed) while a task computes them again, asked once."""
    from django.core.cache import cache
    from django.utils import timezone

    from reports import dashboard

    def centres_open(response):
        [row] = [r for r in response.context["dashboard"]["rows"] if r["name"] == "centres_open"]
        return row["month"]

    client = client_for(delegate)
    before = centres_open(client.get("/fr/"))  # the unit's first: computed here
    CentreFactory(code="C-R-NEW")
    with django_capture_on_commit_callbacks(execute=True) as asked:
        fresh = client.get("/fr/")
    assert centres_open(fresh) == before and not asked
    assert "Chiffres au " in fresh.text
    key = dashboard._key(delegate.unit.pk, timezone.localdate())
    found = cache.get(key)
    found["at"] -= datetime.timedelta(minutes=6)
    cache.set(key, found)
    with django_capture_on_commit_callbacks(execute=True) as asked:
        stale = client.get("/fr/")
        again = client.get("/fr/")  # while the task is asked: not asked twice
    assert centres_open(stale) == centres_open(again) == before
    assert stale.context["dashboard"]["at"] == found["at"]  # and said when they were computed
    assert len(asked) == 1  # the task, run when the request's work is committed
    assert centres_open(client.get("/fr/")) == before + 1


def test_the_nights_run_computes_the_figures_of_every_staffed_unit(delegate, central):
    from django.core.cache import cache
    from django.utils import timezone

    from centres.models import Centre
    from reports import dashboard
    from territory.models import OrgUnit

    today = timezone.localdate()
    root = OrgUnit.objects.get_root_nodes().first()
    CentreFactory(code="C-R-WARM")  # an open centre in Khouribga
    result = dashboard.warm_home_figures()
    assert result["units"] >= 2
    for unit_ in (delegate.unit, root):
        count = Centre.objects.filter(delegation__path__startswith=unit_.path).open().count()
        assert count >= 1
        assert cache.get(dashboard._key(unit_.pk, today))["values"]["centres_open"] == (count,) * 2
    # Central services' home page shows the nation's: their own unit's are not computed.
    assert cache.get(dashboard._key(central.unit.pk, today)) is None
    # A unit without staff is not computed.
    assert cache.get(dashboard._key(unit("DP-MA-RAB").pk, today)) is None


def test_the_report_page_keeps_its_figures_a_few_minutes_and_says_since_when(
    client_for, delegate, known
):
    """A unit's report is computed once for the page's views of the next five minutes (it
    says when), and again when asked, or when older than that."""
    from django.core.cache import cache

    from reports import kept

    def cases_new(response):
        return {row["name"]: row["value"] for row in response.context["summary"]}["cases_new"]

    client = client_for(delegate)
    with translation.override("fr"):
        url = reverse("reports:unit", args=["DP-MA-KHO"])
        first = client.get(url, {"period": "2025-10"})
        CaseFileFactory(
            beneficiary=BeneficiaryFactory(), delegation=delegate.unit, opened_on=D(2025, 10, 20)
        )
        kept_page = client.get(url, {"period": "2025-10"})
        asked = client.get(url, {"period": "2025-10", "fresh": "1"})
    assert cases_new(kept_page) == cases_new(first)
    assert kept_page.context["figures_at"] == first.context["figures_at"]
    assert "Chiffres au " in kept_page.text and 'data-testid="report-fresh"' in kept_page.text
    assert cases_new(asked) == cases_new(first) + 1
    assert asked.context["figures_at"] > first.context["figures_at"]

    # Older than five minutes: computed again.
    CaseFileFactory(
        beneficiary=BeneficiaryFactory(), delegation=delegate.unit, opened_on=D(2025, 10, 21)
    )
    key = f"report-page:{delegate.unit.pk}:2025-10:fr"
    found = cache.get(key)
    found["at"] -= kept.FRESH + datetime.timedelta(seconds=1)
    cache.set(key, found)
    with translation.override("fr"):
        assert cases_new(client.get(url, {"period": "2025-10"})) == cases_new(first) + 2


def test_a_month_validated_is_on_the_report_page_at_once(client_for, delegate, coordinator):
    """The kept figures never hide a centre's month validated (or reopened) since, from the
    delegation's page nor from its region's."""
    from centres import services as centre_services

    centre = CentreFactory(code="C-KHO-KEPT")
    activity = MonthlyActivity.objects.create(
        centre=centre, month=D(2025, 10, 1), people_served=17, status="submitted"
    )

    def in_centres(client, code):
        with translation.override("fr"):
            response = client.get(reverse("reports:unit", args=[code]), {"period": "2025-10"})
        return {row["name"]: row["value"] for row in response.context["summary"]}[
            "people_in_centres"
        ]

    delegation, region = client_for(delegate), client_for(coordinator)
    assert in_centres(delegation, "DP-MA-KHO") == 0 and in_centres(region, "CR-MA-05") == 0
    centre_services.activity_validate(activity=activity, actor=delegate)
    assert in_centres(delegation, "DP-MA-KHO") == 17 and in_centres(region, "CR-MA-05") == 17
    centre_services.activity_reopen(
        activity=MonthlyActivity.objects.get(pk=activity.pk),
        reason="Chiffres à revoir",
        actor=delegate,
    )
    assert in_centres(delegation, "DP-MA-KHO") == 0 and in_centres(region, "CR-MA-05") == 0


def test_the_page_lists_the_first_centres_without_a_validated_month_and_its_csv_all(
    client_for, delegate, monkeypatch
):
    from reports import kept

    monkeypatch.setattr(kept, "MISSING_SHOWN", 2)
    for code in ("C-KHO-M1", "C-KHO-M2", "C-KHO-M3"):
        CentreFactory(code=code)
    client = client_for(delegate)
    with translation.override("fr"):
        page = client.get(reverse("reports:unit", args=["DP-MA-KHO"]), {"period": "2025-10"})
        csv = client.get(
            reverse("reports:table", args=["DP-MA-KHO", "missing", "csv"]), {"period": "2025-10"}
        )
    listed = page.text.split('data-testid="report-missing"')[1].split("</table>")[0]
    assert listed.count("<tr>") == 1 + 2  # the head, then two centres
    assert (
        'Les <bdi dir="ltr">2</bdi> premiers centres sur <bdi dir="ltr">3</bdi> : '
        "le CSV et le XLSX ci-dessous les listent tous." in page.text
    )
    body = csv.content.decode("utf-8-sig")
    assert all(code in body for code in ("C-KHO-M1", "C-KHO-M2", "C-KHO-M3"))
