"""The register's pages: a centre's sections, a section's people placed and waiting, a person's
place on the list and why, admissions (a reason when others come before; a full section says
why it refuses), priority changes, withdrawals and exits; who may write (the centre's own
managers and the delegation) and who sees nothing (another delegation: 404)."""

import datetime
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from centres.models import TargetGroup
from enrolments import services
from enrolments.models import Enrolment, Section, WaitingListChange, season_of
from entraide.roles import Role
from tests.factories import (
    BeneficiaryFactory,
    CentreFactory,
    EnrolmentFactory,
    SectionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def today():
    return timezone.localdate()


def url(name, *args, lang="fr"):
    with translation.override(lang):
        return reverse(f"enrolments:{name}", args=args)


def text(response):
    """What the page says, without its markup (numbers come in their own <bdi>)."""
    body = re.sub(r"<[^>]+>", "", response.content.decode())
    return " ".join(html.unescape(body).split())


def fr(message):
    with translation.override("fr"):
        return gettext(message)


# The plural forms of the page's sentences, by their singular.
PLURALS = {
    "Position %(position)s of %(counter)s person waiting.": (
        "Position %(position)s of %(counter)s people waiting."
    ),
    "%(counter)s person comes before because they belong to a target group the section serves "
    "first.": "%(counter)s people come before because they belong to a target group the "
    "section serves first.",
    "%(counter)s person comes before because they are more vulnerable.": (
        "%(counter)s people come before because they are more vulnerable."
    ),
    "%(counter)s person comes before because they asked earlier.": (
        "%(counter)s people come before because they asked earlier."
    ),
    "%(count)s person comes before on the list: say why this one is admitted first.": (
        "%(count)s people come before on the list: say why this one is admitted first."
    ),
}


def says(singular, count, **values):
    """The sentence a page shows for `count`, in French."""
    with translation.override("fr"):
        sentence = ngettext(singular, PLURALS[singular], count)
    name = "count" if "%(count)s" in singular else "counter"
    return sentence % {name: count, **values}


@pytest.fixture
def centre():
    return CentreFactory()


@pytest.fixture
def manager(centre):
    user = UserFactory(username="t-centre-manager", role=Role.CENTRE_MANAGER)
    centre.managers.add(user)
    return user


@pytest.fixture
def other_manager():
    """The manager of another centre of the same delegation."""
    user = UserFactory(username="t-other-manager", role=Role.CENTRE_MANAGER)
    CentreFactory().managers.add(user)
    return user


@pytest.fixture
def delegate_rabat():
    return UserFactory(username="t-delegate-rabat", delegate=True, rabat=True)


@pytest.fixture
def group():
    return TargetGroup.objects.active().first()


@pytest.fixture
def section(centre, group):
    section = SectionFactory(centre=centre, name="Couture", places=3)
    section.priority_groups.set([group])
    return section


def admitted(section, days_ago=30, **kwargs):
    return EnrolmentFactory(
        section=section,
        status=Enrolment.Status.ADMITTED,
        admitted_on=max(today() - DAY * days_ago, section.starts_on),
        **kwargs,
    )


@pytest.fixture
def queue(section, group):
    """A waiting list of four: one of a group served first, one urgent, two high asked long
    ago; their positions in that order."""
    return [
        EnrolmentFactory(
            section=section, target_group=group, priority_group=True, requested_on=today() - DAY * 5
        ),
        EnrolmentFactory(
            section=section,
            vulnerability=Enrolment.Vulnerability.URGENT,
            requested_on=today() - DAY * 4,
        ),
        EnrolmentFactory(
            section=section,
            vulnerability=Enrolment.Vulnerability.HIGH,
            requested_on=today() - DAY * 20,
        ),
        EnrolmentFactory(
            section=section,
            vulnerability=Enrolment.Vulnerability.HIGH,
            requested_on=today() - DAY * 10,
        ),
    ]


# Sections -----------------------------------------------------------------------------------


def section_data(group=None, **overrides):
    starts_on, ends_on = season_of(today())
    data = {
        "name": "Coiffure",
        "kind": Section.Kind.TRAINING,
        "starts_on": starts_on.isoformat(),
        "ends_on": ends_on.isoformat(),
        "places": "12",
        "absences_before_alert": "3",
        "delivers_certificate": "on",
        "priority_groups": [group.pk] if group else [],
    }
    return {**data, **overrides}


@pytest.mark.parametrize("who", ["delegate", "manager"])
def test_a_keeper_creates_a_section_of_the_season(request, client_for, centre, group, who):
    user = request.getfixturevalue(who)
    client = client_for(user)

    form = client.get(url("section_new", centre.code))
    assert form.status_code == 200
    starts_on, ends_on = season_of(today())
    assert form.context["form"]["starts_on"].value() == starts_on
    assert form.context["form"]["ends_on"].value() == ends_on

    response = client.post(url("section_new", centre.code), section_data(group))

    created = Section.objects.get(centre=centre, name="Coiffure")
    assert response.status_code == 302
    assert response["Location"] == url("section", created.pk)
    assert created.places == 12 and created.delivers_certificate
    assert list(created.priority_groups.all()) == [group]
    register = client.get(url("centre", centre.code))
    assert register.status_code == 200
    assert "Coiffure" in register.content.decode()
    assert b'data-testid="section-new"' in register.content


def test_fewer_places_than_taken_is_refused_with_its_reason(client_for, delegate, section):
    admitted(section), admitted(section)

    response = client_for(delegate).post(
        url("section_edit", section.pk), section_data(name="Couture", places="1")
    )

    assert response.status_code == 400
    section.refresh_from_db()
    assert section.places == 3
    errors = response.context["form"].errors["places"]
    assert errors and "2" in errors[0]
    assert "error-summary" in response.content.decode()


def test_a_second_section_of_the_same_name_in_a_season_is_refused(client_for, delegate, section):
    response = client_for(delegate).post(
        url("section_new", section.centre.code), section_data(name="Couture")
    )

    assert response.status_code == 400
    assert response.context["form"].errors["name"] == [
        fr("The centre already has a section of this name.")
    ]


def test_a_season_that_ends_before_it_starts_is_refused(client_for, delegate, centre):
    response = client_for(delegate).post(
        url("section_new", centre.code),
        section_data(starts_on=today().isoformat(), ends_on=(today() - DAY).isoformat()),
    )

    assert response.status_code == 400
    assert "ends_on" in response.context["form"].errors


def test_the_register_lists_the_season_and_the_earlier_ones_discreetly(
    client_for, coordinator, section, queue
):
    admitted(section)
    earlier = SectionFactory(
        centre=section.centre,
        name="Broderie",
        starts_on=season_of(today())[0].replace(year=season_of(today())[0].year - 1),
        ends_on=season_of(today())[1].replace(year=season_of(today())[1].year - 1),
    )

    response = client_for(coordinator).get(url("centre", section.centre.code))

    assert response.status_code == 200
    current = response.context["current"]
    assert [s.pk for s in current] == [section.pk]
    assert current[0].waiting == 4 and current[0].taken == 1 and current[0].free == 2
    assert [s.pk for s in response.context["earlier"]] == [earlier.pk]
    page = response.content.decode()
    assert 'data-testid="earlier-sections"' in page
    # A reader: no button to write.
    assert 'data-testid="section-new"' not in page


def test_the_centre_page_links_to_its_register(client_for, delegate, centre):
    response = client_for(delegate).get(reverse("centres:detail", args=[centre.code]))

    assert url("centre", centre.code, lang="ar") in response.content.decode()


# The waiting list ---------------------------------------------------------------------------


def test_a_social_worker_places_a_person_found_by_cin_and_sees_their_position_and_why(
    client_for, worker, section, queue
):
    person = BeneficiaryFactory(cin="AB123456")
    client = client_for(worker)
    assert client.get(url("wait", section.pk)).status_code == 200

    response = client.post(
        url("wait", section.pk),
        {
            "person": "ab 123456",
            "target_group": "",
            "vulnerability": str(Enrolment.Vulnerability.HIGH),
            "requested_on": (today() - DAY * 3).isoformat(),
            "note": "Orientée par l'assistante sociale.",
        },
    )

    enrolment = Enrolment.objects.get(section=section, person=person)
    assert response.status_code == 302
    assert response["Location"] == url("enrolment", enrolment.pk)
    change = enrolment.list_changes.get()
    assert change.kind == WaitingListChange.Kind.ADDED and change.position_after == 5
    page = text(client.get(url("enrolment", enrolment.pk)))
    assert says("Position %(position)s of %(counter)s person waiting.", 5, position=5) in page
    served_first = (
        "%(counter)s person comes before because they belong to a target group the section "
        "serves first."
    )
    assert says(served_first, 1) in page
    assert says("%(counter)s person comes before because they are more vulnerable.", 1) in page
    assert says("%(counter)s person comes before because they asked earlier.", 2) in page
    for rule in Enrolment.PRIORITY:
        with translation.override("fr"):
            assert str(rule) in page
    # A social worker places people; admitting is the centre's.
    page = client.get(url("enrolment", enrolment.pk)).content.decode()
    assert 'data-testid="admit-form"' not in page


def test_the_section_shows_the_waiting_list_in_its_order(client_for, delegate, section, queue):
    response = client_for(delegate).get(url("section", section.pk))

    assert response.status_code == 200
    waiting = response.context["waiting"]
    assert [e.pk for e in waiting] == [queue[0].pk, queue[1].pk, queue[2].pk, queue[3].pk]
    assert [e.position for e in waiting] == [1, 2, 3, 4]
    page = response.content.decode()
    assert url("enrolment", queue[2].pk) in page
    assert url("roll_call", section.pk) in page and url("attendance", section.pk) in page


def test_a_file_of_another_delegation_cannot_be_placed(client_for, delegate, section):
    stranger = BeneficiaryFactory(rabat=True, cin="CD654321")

    for typed in (stranger.file_number, stranger.cin):
        response = client_for(delegate).post(
            url("wait", section.pk),
            {"person": typed, "vulnerability": "0", "requested_on": today().isoformat()},
        )
        assert response.status_code == 400
        assert "person" in response.context["form"].errors
    assert not Enrolment.objects.filter(person=stranger).exists()


def test_a_person_already_listed_is_refused_with_a_message(client_for, delegate, section, queue):
    response = client_for(delegate).post(
        url("wait", section.pk),
        {
            "person": queue[0].person.file_number,
            "vulnerability": "0",
            "requested_on": today().isoformat(),
        },
    )

    assert response.status_code == 400
    assert fr("This person is already listed in this section.") in text(response)


# Admissions ---------------------------------------------------------------------------------


def test_the_first_on_the_list_is_admitted_without_a_reason(client_for, manager, section, queue):
    response = client_for(manager).post(url("admit", queue[0].pk), {"reason": ""})

    assert response.status_code == 302
    queue[0].refresh_from_db()
    assert queue[0].status == Enrolment.Status.ADMITTED and queue[0].admitted_on == today()


def test_admitting_someone_with_people_before_takes_a_reason(client_for, manager, section, queue):
    client = client_for(manager)
    last = queue[3]
    ahead = says(
        "%(count)s person comes before on the list: say why this one is admitted first.", 3
    )
    # The page says how many come before, before anyone tries.
    assert ahead in text(client.get(url("enrolment", last.pk)))

    refused = client.post(url("admit", last.pk), {"reason": "  "})

    assert refused.status_code == 422
    assert ahead in text(refused)
    last.refresh_from_db()
    assert last.status == Enrolment.Status.WAITING

    done = client.post(url("admit", last.pk), {"reason": "Sa formation commence en stage."})

    assert done.status_code == 302
    last.refresh_from_db()
    assert last.status == Enrolment.Status.ADMITTED
    change = last.list_changes.get(kind=WaitingListChange.Kind.ADMITTED)
    assert change.position_before == 4 and change.position_after is None
    assert change.reason == "Sa formation commence en stage." and change.by == manager


def test_a_full_section_refuses_an_admission_and_says_why(client_for, delegate, section, queue):
    admitted(section), admitted(section), admitted(section)
    section.refresh_from_db()
    with translation.override("fr"):
        why = services.full_message(section)
    client = client_for(delegate)
    assert why in text(client.get(url("enrolment", queue[0].pk)))

    response = client.post(url("admit", queue[0].pk), {"reason": ""})

    assert response.status_code == 422
    assert why in text(response)
    assert 'data-testid="error-summary"' in response.content.decode()
    queue[0].refresh_from_db()
    assert queue[0].status == Enrolment.Status.WAITING


def test_admitting_one_no_longer_waiting_is_refused_without_an_error_page(
    client_for, delegate, section
):
    placed = admitted(section)

    response = client_for(delegate).post(url("admit", placed.pk), {"reason": "x"})

    assert response.status_code == 422
    assert response.context["admit_form"].non_field_errors()


# Priority, withdrawal, exit -----------------------------------------------------------------


def test_a_priority_change_is_recorded_with_the_positions(
    client_for, manager, section, queue, group
):
    client = client_for(manager)
    last = queue[3]
    assert client.get(url("priority", last.pk)).status_code == 200
    without_reason = client.post(
        url("priority", last.pk),
        {"target_group": group.pk, "vulnerability": "2", "reason": ""},
    )
    assert without_reason.status_code == 400

    response = client.post(
        url("priority", last.pk),
        {"target_group": group.pk, "vulnerability": "2", "reason": "Handicap constaté."},
    )

    assert response.status_code == 302
    last.refresh_from_db()
    assert last.priority_group and last.vulnerability == Enrolment.Vulnerability.URGENT
    change = last.list_changes.get(kind=WaitingListChange.Kind.PRIORITY)
    assert (change.position_before, change.position_after) == (4, 1)
    assert change.reason == "Handicap constaté." and change.by == manager
    page = client.get(url("enrolment", last.pk))
    assert "Handicap constaté." in page.content.decode()
    assert fr("Nobody comes before: this person is first on the list.") in text(page)


def test_a_withdrawal_takes_a_reason(client_for, delegate, section, queue):
    client = client_for(delegate)

    refused = client.post(url("withdraw", queue[1].pk), {"reason": ""})
    assert refused.status_code == 422
    assert fr("Say why the person leaves the list.") in text(refused)

    response = client.post(url("withdraw", queue[1].pk), {"reason": "A trouvé un emploi."})

    assert response.status_code == 302
    queue[1].refresh_from_db()
    assert queue[1].status == Enrolment.Status.WITHDRAWN
    change = queue[1].list_changes.get(kind=WaitingListChange.Kind.WITHDRAWN)
    assert change.position_before == 2 and change.reason == "A trouvé un emploi."
    waiting = client.get(url("section", section.pk)).context["waiting"]
    assert queue[1].pk not in [e.pk for e in waiting]


def test_an_exit_completed_issues_a_certificate(client_for, manager, section):
    placed = admitted(section, days_ago=60)
    client = client_for(manager)
    assert client.get(url("exit", placed.pk)).status_code == 200

    response = client.post(
        url("exit", placed.pk),
        {"outcome": Enrolment.Outcome.COMPLETED, "left_on": today().isoformat(), "note": ""},
    )

    assert response.status_code == 302
    placed.refresh_from_db()
    assert placed.status == Enrolment.Status.LEFT and placed.outcome == "completed"
    assert placed.certificate_number and len(placed.certificate_code) == 12
    page = client.get(url("enrolment", placed.pk)).content.decode()
    assert placed.certificate_number in page
    assert url("certificate", placed.pk) in page


def test_an_exit_before_the_admission_is_refused_with_its_reason(client_for, manager, section):
    placed = admitted(section, days_ago=5)

    response = client_for(manager).post(
        url("exit", placed.pk),
        {"outcome": "dropped_out", "left_on": (placed.admitted_on - DAY).isoformat()},
    )

    assert response.status_code == 400
    assert fr("One leaves after being admitted.") in text(response)
    placed.refresh_from_db()
    assert placed.status == Enrolment.Status.ADMITTED


def test_an_exit_without_outcome_is_refused(client_for, manager, section):
    placed = admitted(section)

    response = client_for(manager).post(
        url("exit", placed.pk), {"outcome": "", "left_on": today().isoformat()}
    )

    assert response.status_code == 400
    assert "outcome" in response.context["form"].errors


# Who may do what ----------------------------------------------------------------------------


def write_requests(section, waiting, placed):
    """(method, url, data) of every write of the register."""
    return [
        ("get", url("section_new", section.centre.code), {}),
        ("post", url("section_new", section.centre.code), section_data()),
        ("get", url("section_edit", section.pk), {}),
        ("get", url("wait", section.pk), {}),
        ("post", url("admit", waiting.pk), {"reason": "x"}),
        ("get", url("priority", waiting.pk), {}),
        ("post", url("withdraw", waiting.pk), {"reason": "x"}),
        ("get", url("exit", placed.pk), {}),
        ("post", url("exit", placed.pk), {"outcome": "completed", "left_on": today().isoformat()}),
    ]


def test_the_manager_of_another_centre_reads_but_cannot_write(
    client_for, other_manager, section, queue
):
    placed = admitted(section)
    client = client_for(other_manager)

    for method, address, data in write_requests(section, queue[0], placed):
        assert getattr(client, method)(address, data).status_code == 403, address
    page = client.get(url("section", section.pk))
    assert page.status_code == 200
    assert 'data-testid="place-on-list"' not in page.content.decode()
    queue[0].refresh_from_db()
    assert queue[0].status == Enrolment.Status.WAITING


def test_a_reader_gets_403_on_writes(client_for, coordinator, section, queue):
    placed = admitted(section)
    client = client_for(coordinator)

    for method, address, data in write_requests(section, queue[0], placed):
        assert getattr(client, method)(address, data).status_code == 403, address
    assert client.get(url("enrolment", queue[0].pk)).status_code == 200


def test_a_user_of_another_delegation_gets_404_on_every_page(
    client_for, delegate_rabat, section, queue
):
    placed = admitted(section)
    left = admitted(section)
    services.exit(enrolment=left, actor=UserFactory(delegate=True), outcome="completed")
    client = client_for(delegate_rabat)
    reads = [
        url("centre", section.centre.code),
        url("section", section.pk),
        url("enrolment", queue[0].pk),
        url("enrolment", placed.pk),
        url("certificate", left.pk),
    ]

    for address in reads:
        assert client.get(address).status_code == 404, address
    for method, address, data in write_requests(section, queue[0], placed):
        assert getattr(client, method)(address, data).status_code == 404, address


# Pages ----------------------------------------------------------------------------------------


def test_the_section_page_reads_in_a_constant_number_of_queries(client_for, delegate, section):
    client = client_for(delegate)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url("section", section.pk)).status_code == 200
        return len(captured)

    admitted(section), EnrolmentFactory(section=section)
    queries()  # the first request of a session reads the session's own rows
    few = queries()
    admitted(section), EnrolmentFactory(section=section), EnrolmentFactory(section=section)
    assert queries() == few


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_every_page_of_the_register_renders_in_both_directions(
    client_for, delegate, section, queue, lang
):
    placed = admitted(section)
    absent = admitted(section)
    services.roll_call_save(section=section, day=today(), present=[placed.pk], actor=delegate)
    left = services.exit(enrolment=admitted(section), actor=delegate, outcome="completed")
    client = client_for(delegate)
    pages = [
        url("centre", section.centre.code, lang=lang),
        url("section_new", section.centre.code, lang=lang),
        url("section", section.pk, lang=lang),
        url("section_edit", section.pk, lang=lang),
        url("wait", section.pk, lang=lang),
        url("enrolment", queue[2].pk, lang=lang),
        url("enrolment", placed.pk, lang=lang),
        url("enrolment", absent.pk, lang=lang),
        url("enrolment", left.pk, lang=lang),
        url("priority", queue[2].pk, lang=lang),
        url("exit", placed.pk, lang=lang),
    ]

    for address in pages:
        response = client.get(address)
        assert response.status_code == 200, address
        direction = "rtl" if lang == "ar" else "ltr"
        assert f'<html lang="{lang}" dir="{direction}">' in response.content.decode()


def test_the_section_and_the_enrolment_show_attendance(client_for, delegate, section):
    present, absent = admitted(section), admitted(section)
    services.roll_call_save(section=section, day=today(), present=[present.pk], actor=delegate)
    client = client_for(delegate)

    placed = client.get(url("section", section.pk)).context["placed"]

    assert {e.pk: (e.present, e.called, e.rate) for e in placed} == {
        present.pk: (1, 1, 100),
        absent.pk: (0, 1, 0),
    }
    page = client.get(url("enrolment", absent.pk))
    assert page.context["months"] == [
        {"month": today().replace(day=1), "present": 0, "called": 1, "rate": 0}
    ]
    assert page.context["rate"] == 0
