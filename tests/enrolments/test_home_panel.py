"""What the home page says of the centres' registers: to those who keep them, the people absent
too long (the list it opens lists exactly them); to a centre manager, the day of the centres
they manage (today's rolls, waiting lists, free places, the absent, the referrals received),
in the same number of queries whatever their size; nothing of it to a social worker."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from beneficiaries.models import Referral
from enrolments import services
from enrolments.models import Enrolment
from entraide import awaiting
from tests.factories import (
    CaseFileFactory,
    CentreFactory,
    EnrolmentFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def today():
    return timezone.localdate()


@pytest.fixture
def centre(centre_manager):
    centre = CentreFactory(code="C-T-HOME")
    centre.managers.add(centre_manager)
    return centre


def section_of(centre, **fields):
    return SectionFactory(
        centre=centre, starts_on=today() - 120 * DAY, ends_on=today() + 200 * DAY, **fields
    )


def placed(section, n=1, absences=0):
    return [
        EnrolmentFactory(
            section=section,
            status=Enrolment.Status.ACTIVE,
            admitted_on=today() - 30 * DAY,
            absences_in_a_row=absences,
        )
        for _n in range(n)
    ]


def refer(centre, worker):
    return Referral.objects.create(
        case=CaseFileFactory(worker=worker),
        author=worker,
        target_kind=Referral.TargetKind.CENTRE,
        centre=centre,
        reason="Formation en couture",
    )


def home(client, lang="fr"):
    with translation.override(lang):
        return client.get(reverse("home"))


def panel_of(page):
    panels = [p for p in page.context["panels"] if p.template == "enrolments/home_panel.html"]
    return panels[0].context if panels else None


def items_of(page):
    return {item.key: item for item in page.context["awaiting"]}


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_a_centre_manager_sees_the_day_of_their_centres(
    client_for, centre_manager, centre, worker, lang
):
    sewing = section_of(centre, name="Couture", places=10)
    cooking = section_of(centre, name="Cuisine", places=8)
    people = placed(sewing, 4)
    placed(cooking, 2)
    EnrolmentFactory(section=sewing), EnrolmentFactory(section=sewing)  # waiting
    EnrolmentFactory(section=cooking)
    services.roll_call_save(
        section=sewing, day=today(), present=[e.pk for e in people[:3]], actor=centre_manager
    )
    # The fourth missed the days before too (the roll-calls of those days are not the point).
    Enrolment.objects.filter(pk=people[3].pk).update(absences_in_a_row=3)
    # Not theirs: another centre of the delegation, a season over.
    other = section_of(CentreFactory(), name="Autre")
    placed(other, 1, absences=5)
    past = SectionFactory(centre=centre, starts_on=today() - 400 * DAY, ends_on=today() - 200 * DAY)
    refer(centre, worker), refer(centre, worker), refer(CentreFactory(), worker)

    page = home(client_for(centre_manager), lang)

    assert page.status_code == 200
    data = panel_of(page)
    by_name = {section.name: section for section in data["sections"]}
    assert set(by_name) == {"Couture", "Cuisine"}
    assert other.pk not in {s.pk for s in data["sections"]} and past.name not in by_name
    assert (by_name["Couture"].called_today, by_name["Cuisine"].called_today) == (True, False)
    assert (by_name["Couture"].waiting, by_name["Cuisine"].waiting) == (2, 1)
    assert (by_name["Couture"].free, by_name["Cuisine"].free) == (6, 6)
    assert (by_name["Couture"].absent, by_name["Cuisine"].absent) == (1, 0)
    assert (data["to_call"], data["waiting"], data["free"]) == (1, 3, 12)
    assert data["referrals"] == {"waiting": 2, "overdue": 0}

    body = page.content.decode()
    assert 'data-testid="centres-today"' in body
    with translation.override(lang):
        assert reverse("beneficiaries:inbox") in body
        assert reverse("enrolments:roll_call", args=[by_name["Cuisine"].pk]) in body
        assert f"{reverse('enrolments:absent')}?section={sewing.pk}" in body
    # The item above counts the same people as the list it opens.
    item = items_of(page)["enrolments.absent_too_long"]
    assert item.count == 1
    listed = client_for(centre_manager).get(item.url)
    assert [e.pk for e in listed.context["page"]] == [people[3].pk]


def test_a_social_worker_has_no_centre_panel_nor_absent_item(client_for, worker, centre):
    placed(section_of(centre), 1, absences=4)
    page = home(client_for(worker))
    assert page.status_code == 200
    assert panel_of(page) is None
    assert "enrolments.absent_too_long" not in items_of(page)
    assert 'data-testid="centres-today"' not in page.content.decode()


def test_a_delegate_is_told_of_the_absent_of_the_delegation_without_the_panel(
    client_for, delegate, centre
):
    placed(section_of(centre), 2, absences=3)
    placed(section_of(CentreFactory(rabat=True)), 1, absences=3)
    page = home(client_for(delegate))
    assert items_of(page)["enrolments.absent_too_long"].count == 2
    assert panel_of(page) is None


def test_a_centre_manager_without_a_section_is_told_so(client_for, centre_manager, centre):
    page = home(client_for(centre_manager))
    assert panel_of(page)["sections"] == []
    assert 'data-testid="no-section"' in page.content.decode()


def test_the_panel_runs_the_same_queries_whatever_the_sections_and_people(
    client_for, centre_manager, centre, worker
):
    client = client_for(centre_manager)
    placed(section_of(centre), 2, absences=3)
    refer(centre, worker)
    home(client)  # the session, the cached figures

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert home(client).status_code == 200
        return len(captured)

    few = queries()
    second = CentreFactory()
    second.managers.add(centre_manager)
    for c in (centre, second):
        for _n in range(3):
            section = section_of(c)
            placed(section, 5, absences=3)
            EnrolmentFactory(section=section)
            services.roll_call_save(section=section, day=today(), present=[], actor=centre_manager)
        refer(c, worker)
    assert queries() == few


def test_the_panel_is_declared_for_centre_managers_only(centre_manager, worker, delegate):
    from enrolments.awaiting import centres_today

    assert centres_today in awaiting._panel_providers
    assert centres_today(worker) is None and centres_today(delegate) is None
    assert centres_today(centre_manager) is not None
