"""Issue 16, reports: the age bands of a delegation add up to the people counted; every number
of the home dashboard opens the list of exactly its rows; the period is chosen with a kind and
the matching month, quarter or year."""

import datetime
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from beneficiaries.models import FollowUp, Referral
from reports.figures import unit_figures
from reports.periods import Period
from tests.factories import BeneficiaryFactory, CaseFileFactory, unit

pytestmark = pytest.mark.django_db

D = datetime.date
OCTOBER = Period.parse("2025-10")  # ends on 31 October 2025


def person_with_case(**fields):
    person = BeneficiaryFactory(**fields)
    CaseFileFactory(beneficiary=person, opened_on=D(2025, 9, 1))
    return person


@pytest.fixture
def ages():
    """People of known birth in Khouribga, each with a case open in October 2025; most files
    give only an approximate year, as the demo data and the imported ones do."""
    person_with_case(birth_date=D(2019, 11, 1))  # 5 on 31 October: under 6
    person_with_case(birth_date=D(2019, 10, 31))  # 6 that very day: 6 to 17
    person_with_case(birth_date=None, birth_year=2010)  # about 15
    person_with_case(birth_date=None, birth_year=1990)  # about 35
    person_with_case(birth_date=D(1966, 1, 1))  # 59
    person_with_case(birth_date=None, birth_year=1965)  # about 60
    person_with_case(birth_date=None, birth_year=None)  # nothing known
    person_with_case(birth_date=None, birth_year=1950, rabat=True)  # another delegation


def test_a_delegations_age_bands_add_up_to_the_people_counted(ages):
    with translation.override("fr"):
        figures = unit_figures(unit("DP-MA-KHO"), OCTOBER, today=D(2026, 11, 24))
        bands = [(str(label), n) for label, n in figures.people_by_age_band]
        unknown = gettext("age unknown")
    assert figures["people_with_case"] == 7
    assert bands == [
        ("moins de 6 ans", 1),
        ("6 à 17 ans", 2),
        ("18 à 59 ans", 2),
        ("60 ans et plus", 1),
        (unknown, 1),
    ]
    assert sum(n for _label, n in bands) == figures["people_with_case"]
    assert sum(n for _label, n in figures.people_by_sex) == figures["people_with_case"]


def test_the_unknown_age_band_shows_only_when_some_file_lacks_a_birth(worker):
    person_with_case(birth_date=None, birth_year=1990)
    figures = unit_figures(unit("DP-MA-KHO"), OCTOBER, today=D(2026, 11, 24))
    assert len(figures.people_by_age_band) == 4
    assert [n for _label, n in figures.people_by_age_band] == [0, 0, 1, 0]


def test_the_delegates_report_page_shows_the_bands_of_the_people_counted(
    client_for, delegate, ages
):
    client = client_for(delegate)
    page = client.get(reverse("reports:unit", args=["DP-MA-KHO"]), {"period": "2025-10"})
    bands = page.context["figures"].people_by_age_band
    assert [n for _label, n in bands] == [1, 2, 2, 1, 1]
    csv = client.get(
        reverse("reports:table", args=["DP-MA-KHO", "people", "csv"]), {"period": "2025-10"}
    )
    rows = [line.split(",") for line in csv.content.decode("utf-8-sig").splitlines()]
    assert sum(int(row[2]) for row in rows if row[0] == "age_band") == 7


# The home dashboard ------------------------------------------------------------------------


@pytest.fixture
def this_year(worker):
    """Cases, referrals and follow-ups of this month and of earlier this year in Khouribga,
    beside Rabat's and last year's, which the delegation's figures must not count."""
    today = timezone.localdate()
    earlier = today.replace(month=1, day=1) if today.month > 1 else today
    last_year = today.replace(year=today.year - 1, day=1)

    def case(day, delegation="DP-MA-KHO", **fields):
        return CaseFileFactory(
            beneficiary=BeneficiaryFactory(rabat=delegation == "DP-MA-RAB"),
            opened_on=day,
            **fields,
        )

    def closed(day, delegation="DP-MA-KHO"):
        return case(
            day.replace(day=1),
            delegation,
            status="closed",
            closed_on=day,
            closure_reason="resolved",
        )

    def referral(on_case, day, **fields):
        return Referral.objects.create(
            case=on_case,
            date=day,
            author=worker,
            target_kind="institution",
            organisation="Hôpital provincial",
            reason="Soins",
            **fields,
        )

    def follow_up(on_case, day, due):
        return FollowUp.objects.create(
            case=on_case, date=day, author=worker, notes="Visite", next_date=due
        )

    now, before, rabat = case(today), case(earlier), case(today, "DP-MA-RAB")
    case(last_year)
    closed(today), closed(earlier), closed(today, "DP-MA-RAB")
    referral(now, today)
    referral(before, earlier, state="completed", completed_on=today)
    referral(before, earlier)
    referral(rabat, today, state="completed", completed_on=today)
    referral(now, last_year)
    overdue = today - datetime.timedelta(days=3)
    follow_up(now, overdue - datetime.timedelta(days=30), overdue)
    follow_up(before, earlier, overdue)
    follow_up(rabat, overdue, overdue)
    follow_up(now, today, today + datetime.timedelta(days=30))  # not yet due


LISTED = ["cases_new", "cases_closed", "referrals_made", "referrals_completed"]
LISTED += ["follow_ups_overdue"]


def rows_of(page):
    body = page.content.decode()
    table = re.search(r"<tbody>(.*?)</tbody>", body, re.S)[1]
    return len(re.findall(r"<tr>", table))


@pytest.mark.parametrize("who", ["delegate", "coordinator", "central", "worker"])
def test_each_number_of_the_dashboard_opens_the_list_of_exactly_its_rows(
    client_for, request, who, this_year
):
    client = client_for(request.getfixturevalue(who))
    home = client.get("/fr/")
    rows = {row["name"]: row for row in home.context["dashboard"]["rows"]}
    links = set()
    for name in LISTED:
        for which in ("month", "year"):
            figure, link = rows[name][which], rows[name][f"{which}_link"]
            assert link, (name, which)
            assert f'href="{link.replace("&", "&amp;")}"' in home.content.decode()
            links.add(link)
            listed = client.get(link)
            assert listed.status_code == 200, link
            assert listed.context["count"] == figure, (name, which, link)
            assert rows_of(listed) == figure, (name, which, link)
            assert listed.context["filters"], link  # shown as filters the user can remove
    assert len(links) == 2 * len(LISTED)  # no two numbers open the same list
    assert rows["cases_new"]["month"] >= 1 and rows["follow_ups_overdue"]["year"] >= 2


def test_the_listed_filters_can_be_removed_one_by_one(client_for, delegate, this_year):
    client = client_for(delegate)
    month = Period.current("month", timezone.localdate())
    with translation.override("fr"):
        url = reverse("beneficiaries:cases")
        opened = gettext("Opened in %(value)s") % {"value": month.label}
    page = client.get(url, {"unit": "DP-MA-KHO", "opened": str(month)})
    assert [text for text, _link in page.context["filters"]] == [
        "Délégation provinciale de Khouribga",
        opened,
    ]
    remove_period = page.context["filters"][1][1]
    assert remove_period == f"{url}?unit=DP-MA-KHO"
    wider = client.get(remove_period)
    assert wider.context["count"] is None  # unbounded: not counted
    assert len(wider.context["page"]) > len(page.context["page"])
    assert 'data-testid="active-filters"' in page.content.decode()


def test_a_bad_list_filter_is_dropped_with_its_error(client_for, delegate, this_year):
    page = client_for(delegate).get(
        reverse("beneficiaries:referrals"), {"unit": "DP-MA-RAB", "made": "octobre"}
    )
    assert page.status_code == 200
    assert page.context["filters"] == []
    assert len(page.context["filter_errors"]) == 2  # Rabat is out of scope; no period
    assert all(text.strip() for text in page.context["filter_errors"])


def test_a_social_worker_of_another_delegation_sees_none_of_the_rows(
    client_for, worker_rabat, this_year
):
    month = str(Period.current("month", timezone.localdate()))
    client = client_for(worker_rabat)
    page = client.get(reverse("beneficiaries:cases"), {"opened": month})
    assert {case.delegation.code for case in page.context["page"]} == {"DP-MA-RAB"}
    page = client.get(reverse("beneficiaries:cases"), {"unit": "DP-MA-KHO", "opened": month})
    # Khouribga is out of its scope: the filter is dropped, and only Rabat's two are listed.
    assert page.context["filter_errors"] and page.context["count"] == 2


def test_the_list_pages_run_a_fixed_number_of_queries(
    client_for, delegate, this_year, django_assert_max_num_queries
):
    client = client_for(delegate)
    year = str(timezone.localdate().year)
    for name, query in [
        ("beneficiaries:cases", {"opened": year}),
        ("beneficiaries:referrals", {"made": year}),
        ("beneficiaries:follow_ups", {"overdue": year}),
    ]:
        client.get(reverse(name), query)  # the session and permissions cached
        with django_assert_max_num_queries(12):
            assert client.get(reverse(name), {"unit": "DP-MA-KHO", **query}).status_code == 200


# The period ---------------------------------------------------------------------------------


def report(client, **query):
    return client.get(reverse("reports:unit", args=["DP-MA-KHO"]), query)


def test_the_period_is_chosen_as_a_kind_and_the_matching_month_quarter_or_year(
    client_for, delegate
):
    client = client_for(delegate)
    chosen = {
        ("month", "10"): "2025-10",
        ("quarter", "4"): "2025-Q4",
        ("year", ""): "2025",
    }
    url = reverse("reports:unit", args=["DP-MA-KHO"])
    for (kind, number), code in chosen.items():
        query = {"kind": kind, "year": "2025", "month": number or "3", "quarter": number or "2"}
        page = client.get(url, query, follow=True)
        # Shown at the address its links and bookmarks use.
        assert page.redirect_chain == [(f"{url}?period={code}", 302)]
        assert str(page.context["period"]) == code
        assert not page.context["period_form"].errors
    html = page.content.decode()
    for name in ("kind", "month", "quarter", "year"):
        assert f'<select name="{name}"' in html
    assert 'name="period" id="id_period"' not in html  # no free-text box any more


def test_the_period_defaults_to_the_current_month_for_every_unit(client_for, coordinator):
    page = client_for(coordinator).get(reverse("reports:unit", args=["CR-MA-05"]))
    today = timezone.localdate()
    assert page.context["period"] == Period("month", today.year, today.month)
    form = page.context["period_form"]
    assert (form["kind"].value(), form["month"].value()) == ("month", today.month)


def test_a_link_with_a_period_still_opens_that_period_and_shows_it_chosen(client_for, delegate):
    page = report(client_for(delegate), period="2025-Q3")
    assert str(page.context["period"]) == "2025-Q3"
    form = page.context["period_form"]
    assert (form["kind"].value(), form["quarter"].value(), form["year"].value()) == (
        "quarter",
        3,
        2025,
    )
    assert '<option value="quarter" selected>' in page.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        {"kind": "month", "year": "2025", "month": ""},
        {"kind": "quarter", "year": "2025", "quarter": "5"},
        {"kind": "month", "year": "1999", "month": "10"},
        {"kind": "week", "year": "2025"},
        {"kind": "year", "year": "abc"},
        {"period": "octobre"},
    ],
)
def test_a_bad_period_gives_a_clear_error_and_the_current_month(client_for, delegate, query):
    page = report(client_for(delegate), **query)
    assert page.status_code == 200
    errors = page.context["period_form"].errors
    assert errors
    assert page.context["period"] == Period.current("month", timezone.localdate())
    html = unescape(page.content.decode())
    with translation.override("ar"):  # the page's language: the URL has no prefix
        assert html.split("<title>")[1].startswith(gettext("Error:"))
    for messages in errors.values():
        for message in messages:
            assert message in html


def test_the_comparison_takes_the_period_the_same_way(client_for, coordinator):
    page = client_for(coordinator).get(
        reverse("reports:compare", args=["CR-MA-05"]),
        {"indicator": "cases_new", "kind": "quarter", "year": "2025", "quarter": "4"},
        follow=True,
    )
    assert page.redirect_chain[0][0].endswith("?indicator=cases_new&period=2025-Q4")
    assert page.status_code == 200 and str(page.context["period"]) == "2025-Q4"
    assert "?period=2025-Q4" in page.content.decode()  # its links keep the period's code


@pytest.mark.parametrize(("language", "october"), [("ar", "أكتوبر"), ("fr", "octobre")])
def test_the_month_names_follow_the_language(client_for, delegate, language, october):
    with translation.override(language):
        url = reverse("reports:unit", args=["DP-MA-KHO"])
    html = client_for(delegate).get(url, {"period": "2025-10"}).content.decode()
    assert re.search(rf'<option value="10" selected>{october}', html, re.I)
