"""The home page says first what awaits the user (entraide.awaiting, fed by each app's
awaiting.py): for each role the right items, counted within their scope only, each linking to a
list that shows exactly the rows it counts; then the figures. Nothing counted, nothing listed."""

import ast
import datetime
import inspect
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from beneficiaries.models import CaseFile, FollowUp, Referral
from centres.models import MonthlyActivity
from entraide import views
from entraide.awaiting import Urgency, items_for
from entraide.roles import Role
from partnerships.models import OwedReport, Tranche
from recruitment.models import Application
from tests.factories import (
    ApplicationFactory,
    CaseFileFactory,
    CentreFactory,
    CompetitionFactory,
    ConventionFactory,
    MonthlyActivityFactory,
    UserFactory,
    unit,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
LAST_MONTH = (TODAY.replace(day=1) - DAY).replace(day=1)
MONTH_BEFORE = (LAST_MONTH - DAY).replace(day=1)


def home(client_for, user, lang="fr"):
    response = client_for(user).get(f"/{lang}/")
    assert response.status_code == 200
    return response


def awaiting(client_for, user):
    """{key: [item, ...]} of the user's home page."""
    found = {}
    for item in home(client_for, user).context["awaiting"]:
        found.setdefault(item.key, []).append(item)
    return found


def counts(found):
    return {key: [item.count for item in items] for key, items in found.items()}


def rows_behind(client, item, context_name="page"):
    """The rows of the list the item links to, as the page shows them."""
    parts = urlsplit(item.url)
    response = client.get(f"{parts.path}?{parts.query}")
    assert response.status_code == 200, item.url
    assert "filter_errors" not in response.context or not response.context["filter_errors"]
    return list(response.context[context_name])


# The records of two delegations: Khouribga (the users' own) and Rabat (another one) ------------


def follow_up(case, *, late=True):
    return FollowUp.objects.create(
        case=case,
        author=case.worker or UserFactory(username="t-author"),
        notes="Visite à domicile",
        next_date=TODAY - DAY if late else TODAY + 3 * DAY,
    )


def referral(case, *, days_ago=20, state=Referral.State.SENT):
    return Referral.objects.create(
        case=case,
        author=case.worker or UserFactory(username="t-author"),
        target_kind=Referral.TargetKind.INSTITUTION,
        organisation="Hôpital provincial",
        reason="Consultation",
        date=TODAY - days_ago * DAY,
        state=state,
    )


def convention_with_late_report(**kwargs):
    convention = ConventionFactory(in_force=True, **kwargs)
    OwedReport.objects.create(
        convention=convention, kind="activity", period="2026", due_date=TODAY - 10 * DAY
    )
    Tranche.objects.create(
        convention=convention,
        number=1,
        planned_amount=Decimal("1000"),
        planned_date=TODAY + 5 * DAY,
    )
    return convention


@pytest.fixture
def two_delegations(worker):
    """In each delegation: a case with no worker, a case of the worker's with a follow-up overdue
    and a referral unanswered, a month submitted, a convention whose report is late."""
    p = type("Records", (), {})()
    p.kho_unassigned = CaseFileFactory(worker=None)
    p.kho_case = CaseFileFactory(worker=worker)
    p.kho_follow_up = follow_up(p.kho_case)
    p.kho_referral = referral(p.kho_case)
    p.kho_month = MonthlyActivityFactory(
        centre=CentreFactory(), status=MonthlyActivity.Status.SUBMITTED
    )
    p.kho_convention = convention_with_late_report()
    # What must not count: a follow-up not yet due, a referral sent three days ago, one
    # answered, a closed case with no worker, a draft month, a report received.
    follow_up(p.kho_case, late=False)
    referral(p.kho_case, days_ago=3)
    referral(p.kho_case, state=Referral.State.ACCEPTED)
    CaseFileFactory(
        worker=None, status=CaseFile.Status.CLOSED, closure_reason="moved", closed_on=TODAY
    )
    MonthlyActivityFactory(centre=CentreFactory())
    received = ConventionFactory(in_force=True)
    OwedReport.objects.create(
        convention=received,
        kind="activity",
        period="2025",
        due_date=TODAY - 30 * DAY,
        received_on=TODAY - 40 * DAY,
    )

    rabat_worker = UserFactory(username="t-worker-rabat", rabat=True)
    p.rab_unassigned = CaseFileFactory(worker=None, beneficiary__rabat=True)
    p.rab_case = CaseFileFactory(worker=rabat_worker, beneficiary__rabat=True)
    follow_up(p.rab_case)
    referral(p.rab_case)
    MonthlyActivityFactory(
        centre=CentreFactory(rabat=True), status=MonthlyActivity.Status.SUBMITTED
    )
    convention_with_late_report(rabat=True)
    return p


DELEGATE_ITEMS = {
    "beneficiaries.follow_ups_overdue": [1],
    "beneficiaries.referrals_unanswered": [1],
    "beneficiaries.cases_without_worker": [1],
    "centres.returns_to_validate": [1],
    "partnerships.reports_overdue": [1],
    "partnerships.tranches_blocked": [1],
}


def test_the_delegate_sees_what_awaits_in_their_delegation_and_nothing_of_another(
    client_for, delegate, two_delegations
):
    found = awaiting(client_for, delegate)
    assert counts(found) == DELEGATE_ITEMS
    (month,) = found["centres.returns_to_validate"]
    assert month.details == (month_label(LAST_MONTH),)
    # What is late comes first.
    urgencies = [item.urgency for item in items_for(delegate)]
    assert urgencies == sorted(urgencies)
    assert urgencies[0] == Urgency.OVERDUE


def month_label(day):
    with translation.override("fr"):
        return formats.date_format(day, "YEAR_MONTH_FORMAT")


def test_each_item_of_the_delegate_opens_a_list_of_exactly_its_rows(
    client_for, delegate, two_delegations
):
    p = two_delegations
    found = awaiting(client_for, delegate)
    client = client_for(delegate)

    def only(key):
        (item,) = found[key]
        return item

    assert rows_behind(client, only("beneficiaries.follow_ups_overdue")) == [p.kho_follow_up]
    assert rows_behind(client, only("beneficiaries.referrals_unanswered")) == [p.kho_referral]
    assert rows_behind(client, only("beneficiaries.cases_without_worker")) == [p.kho_unassigned]
    awaiting_validation = rows_behind(client, only("centres.returns_to_validate"), "awaiting")
    assert awaiting_validation == [p.kho_month]
    reports = rows_behind(client, only("partnerships.reports_overdue"), "reports")
    assert [r.convention for r in reports] == [p.kho_convention]
    tranches = rows_behind(client, only("partnerships.tranches_blocked"), "tranches")
    assert [(t.convention, t.blocked) for t in tranches] == [(p.kho_convention, True)]
    # The anchors lead to the sections of those rows.
    assert only("partnerships.reports_overdue").url.endswith("#overdue")
    assert only("partnerships.tranches_blocked").url.endswith("#due")
    assert only("centres.returns_to_validate").url.endswith(f"?month={LAST_MONTH:%Y-%m}#awaiting")


def test_the_lists_name_the_filters_the_home_page_applied(client_for, delegate, two_delegations):
    found = awaiting(client_for, delegate)
    client = client_for(delegate)
    (cases,) = found["beneficiaries.cases_without_worker"]
    response = client.get(cases.url)
    chips = [text for text, _remove in response.context["filters"]]
    with translation.override("fr"):
        assert chips == [
            _("Social worker: %(value)s") % {"value": _("nobody")},
            _("Status: %(value)s") % {"value": _("not closed")},
        ]
        (referrals,) = found["beneficiaries.referrals_unanswered"]
        # Unanswered past each referral's own deadline (issue 19), no longer a fixed 15 days.
        state = _("unanswered past its deadline")
        chips = [text for text, _remove in client.get(referrals.url).context["filters"]]
        assert chips == [_("State: %(value)s") % {"value": state}]


def test_the_coordinator_counts_the_delegations_of_the_region_and_central_services_the_country(
    client_for, coordinator, central, two_delegations
):
    # Khouribga lies in the coordinator's region; Rabat does not.
    assert counts(awaiting(client_for, coordinator)) == DELEGATE_ITEMS
    assert counts(awaiting(client_for, central)) == {key: [2] for key in DELEGATE_ITEMS}


def test_the_social_worker_sees_their_own_cases_follow_ups_and_referrals(
    client_for, worker, two_delegations
):
    p = two_delegations
    colleague_case = CaseFileFactory(worker=UserFactory(username="t-colleague"))
    follow_up(colleague_case)
    referral(colleague_case)
    found = awaiting(client_for, worker)
    assert counts(found) == {
        "beneficiaries.follow_ups_overdue": [1],
        "beneficiaries.referrals_unanswered": [1],
        "beneficiaries.cases_mine": [1],
    }
    client = client_for(worker)
    (follow_ups,) = found["beneficiaries.follow_ups_overdue"]
    assert rows_behind(client, follow_ups) == [p.kho_follow_up]
    (referrals,) = found["beneficiaries.referrals_unanswered"]
    assert rows_behind(client, referrals) == [p.kho_referral]
    (cases,) = found["beneficiaries.cases_mine"]
    assert rows_behind(client, cases) == [p.kho_case]
    assert cases.urgency == Urgency.IN_HAND


def test_the_worker_filter_is_whoever_reads_the_list(client_for, worker, two_delegations):
    """The same link read by another worker lists their cases, never the first one's."""
    other = UserFactory(username="t-other-worker")
    theirs = CaseFileFactory(worker=other)
    url = f"{reverse('beneficiaries:cases')}?open=1&worker=me"
    assert [c.pk for c in client_for(other).get(url).context["page"]] == [theirs.pk]


def test_the_centre_manager_sees_the_months_of_their_centres_to_enter_and_submit(
    client_for, centre_manager, two_delegations
):
    fresh = CentreFactory(code="C-T-MGR1")
    returned = CentreFactory(code="C-T-MGR2")
    for centre in (fresh, returned):
        centre.managers.add(centre_manager)
    MonthlyActivityFactory(centre=returned, status=MonthlyActivity.Status.SUBMITTED)
    draft = MonthlyActivityFactory(
        centre=returned, month=MONTH_BEFORE, reopen_reason="Les sorties sont à corriger"
    )
    CentreFactory(code="C-T-OTHER")  # a centre of the delegation they do not manage

    found = awaiting(client_for, centre_manager)
    assert counts(found) == {"centres.month_returned": [1], "centres.month_to_submit": [1]}
    (to_submit,) = found["centres.month_to_submit"]
    assert to_submit.url == reverse(
        "centres:activity", args=[fresh.code, LAST_MONTH.year, LAST_MONTH.month]
    )
    assert to_submit.details == (fresh.name, month_label(LAST_MONTH))
    (late,) = found["centres.month_returned"]
    assert late.url == draft.get_absolute_url()
    assert late.urgency == Urgency.OVERDUE
    client = client_for(centre_manager)
    assert client.get(to_submit.url).context["can_enter"]
    assert client.get(late.url).context["activity"] == draft


def test_the_partnership_officer_sees_reports_owed_and_tranches_due(
    client_for, partnership_officer, two_delegations
):
    # A tranche due next week of a convention whose reports are all in: due, not blocked.
    clean = ConventionFactory(in_force=True)
    Tranche.objects.create(
        convention=clean, number=1, planned_amount=Decimal("500"), planned_date=TODAY + 7 * DAY
    )
    found = awaiting(client_for, partnership_officer)
    assert counts(found) == {
        "partnerships.reports_overdue": [1],
        "partnerships.tranches_blocked": [1],
        "partnerships.tranches_due": [2],
    }
    (due,) = found["partnerships.tranches_due"]
    tranches = rows_behind(client_for(partnership_officer), due, "tranches")
    assert {t.convention for t in tranches} == {two_delegations.kho_convention, clean}


def test_the_recruitment_officer_sees_applications_to_examine_and_steps_due(client_for):
    officer = UserFactory(
        username="t-recruitment", role=Role.RECRUITMENT_OFFICER, unit=unit("EN-SDAG")
    )
    open_now = CompetitionFactory(reference="CONC-2026-OPEN")
    pending = [ApplicationFactory(competition=open_now) for _n in range(2)]
    ApplicationFactory(competition=open_now, eligibility=Application.Eligibility.ELIGIBLE)
    # Sent online, its email not yet confirmed: not received, not to examine.
    ApplicationFactory(
        competition=open_now, confirmed_at=None, confirmation_deadline=timezone.now() + DAY
    )
    past = CompetitionFactory(
        reference="CONC-2026-PAST",
        opens_at=timezone.now() - 30 * DAY,
        deadline=timezone.now() - DAY,
    )
    ApplicationFactory(competition=past)

    found = awaiting(client_for, officer)
    assert counts(found) == {
        "recruitment.applications_to_examine": [1, 2],
        "recruitment.deadline_passed": [1],
    }
    by_competition = {i.details: i for i in found["recruitment.applications_to_examine"]}
    rows = rows_behind(client_for(officer), by_competition[("CONC-2026-OPEN",)])
    assert sorted(a.pk for a in rows) == sorted(a.pk for a in pending)
    (step,) = found["recruitment.deadline_passed"]
    assert step.url == f"{past.get_absolute_url()}#status"
    assert step.details == ("CONC-2026-PAST",)


def test_no_item_for_a_user_without_the_permission_to_read_its_rows(
    client_for, centre_manager, partnership_officer, worker, two_delegations
):
    # A centre manager reads no case file, nor a partnership officer; a social worker reads
    # neither conventions' reports nor the validation of monthly returns.
    assert not any(k.startswith("beneficiaries.") for k in awaiting(client_for, centre_manager))
    assert not any(
        k.startswith("beneficiaries.") for k in awaiting(client_for, partnership_officer)
    )
    assert all(k.startswith("beneficiaries.") for k in awaiting(client_for, worker))
    recruiter = UserFactory(username="t-recruiter", role=Role.RECRUITMENT_OFFICER)
    assert awaiting(client_for, recruiter) == {}


def test_nothing_awaiting_is_said_plainly_without_a_wall_of_zeros(client_for, delegate):
    response = home(client_for, delegate)
    assert response.context["awaiting"] == []
    page = response.content.decode()
    with translation.override(response.wsgi_request.LANGUAGE_CODE):
        assert translation.gettext("Nothing awaits you.") in page
    assert 'data-testid="awaiting-item"' not in page


def test_the_awaiting_section_comes_before_the_figures_and_the_old_cards_are_gone(
    client_for, delegate, two_delegations
):
    for lang in ("ar", "fr"):
        page = home(client_for, delegate, lang).content.decode()
        assert page.index('data-testid="awaiting"') < page.index('data-testid="dashboard"')
        assert page.count('data-testid="awaiting-item"') == len(DELEGATE_ITEMS)
        assert "units in your scope" not in page
    french = home(client_for, delegate).content.decode()
    assert f'href="{reverse("beneficiaries:cases")}?open=1&amp;worker=none"' in french


def test_the_social_workers_day_is_still_on_their_home_page_below_the_figures(
    client_for, worker, two_delegations
):
    page = home(client_for, worker).content.decode()
    assert two_delegations.kho_case.number in page
    assert page.index('data-testid="dashboard"') < page.index('data-testid="my-cases"')


def test_the_home_page_runs_a_bounded_number_of_queries_whatever_the_records(
    client_for, delegate, two_delegations, django_assert_max_num_queries
):
    client = client_for(delegate)
    client.get("/fr/")  # the figures are computed once, then cached
    with django_assert_max_num_queries(HOME_QUERIES):
        client.get("/fr/")
    # Ten times the records: not one query more.
    for _n in range(10):
        case = CaseFileFactory(worker=None)
        follow_up(case)
        referral(case)
        convention_with_late_report()
        MonthlyActivityFactory(centre=CentreFactory(), status=MonthlyActivity.Status.SUBMITTED)
    with django_assert_max_num_queries(HOME_QUERIES):
        assert client.get("/fr/").status_code == 200


# The session with its user, their unit, permissions and unread notifications (1); one query
# per kind of item: returns by month, follow-ups, referrals, cases (one aggregate for both
# counts), reports, tranches (one aggregate for both counts), people absent too long; the
# cached figures (1); and one spare for the session's renewal.
HOME_QUERIES = 10


def test_the_kernels_home_view_imports_no_feature_app():
    tree = ast.parse(inspect.getsource(views))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
    assert not imported & {"beneficiaries", "centres", "partnerships", "recruitment"}


def test_past_the_counting_limit_an_item_says_more_than(
    client_for, delegate, two_delegations, monkeypatch
):
    """A scope with thousands of late visits is not counted to the last on every home page
    (entraide.awaiting.count_up_to): the item says "more than" the limit, and its list shows
    them all."""
    from entraide import awaiting as kernel

    follow_up(two_delegations.kho_case)
    follow_up(two_delegations.kho_case)  # three overdue in all
    monkeypatch.setattr(kernel, "COUNTED_UP_TO", 2)
    found = awaiting(client_for, delegate)
    (item,) = found["beneficiaries.follow_ups_overdue"]
    assert (item.count, item.more) == (2, True)
    (unassigned,) = found["beneficiaries.cases_without_worker"]
    assert (unassigned.count, unassigned.more) == (1, False)
    client = client_for(delegate)
    page = client.get("/fr/").text
    assert '<span class="figure">plus de <bdi dir="ltr">2</bdi></span>' in page
    assert len(rows_behind(client, item)) == 3
    with translation.override("ar"):
        assert (
            '<span class="figure">أكثر من <bdi dir="ltr">2</bdi></span>' in client.get("/ar/").text
        )
