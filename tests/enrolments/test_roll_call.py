"""The roll-call pages: a section's roll on a day, a toggle a person, saved by those who keep
the centre's register and read by the others; the same queries for ten people as for forty;
the absences in a row that tell the centre's manager; attendance rates by month and season;
the people absent too long, each user in their own scope."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from enrolments import services
from enrolments.models import Attendance, Enrolment, RollCall
from entraide.periods import Period
from entraide.roles import Role
from notifications.models import Kind, Notification
from tests.factories import CentreFactory, EnrolmentFactory, SectionFactory, UserFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def today():
    return timezone.localdate()


@pytest.fixture
def centre(centre_manager):
    centre = CentreFactory(code="C-T-ROLL")
    centre.managers.add(centre_manager)
    return centre


def section_of(centre, **fields):
    """A section whose season began four months ago and runs on for half a year: any day of
    the last hundred is in it, whatever today is."""
    return SectionFactory(
        centre=centre,
        starts_on=today() - 120 * DAY,
        ends_on=today() + 200 * DAY,
        places=fields.pop("places", 60),
        **fields,
    )


@pytest.fixture
def section(centre):
    return section_of(centre)


def attending(section, n=1, **fields):
    people = [
        EnrolmentFactory(
            section=section,
            status=fields.get("status", Enrolment.Status.ACTIVE),
            admitted_on=fields.get("admitted_on", today() - 100 * DAY),
        )
        for _n in range(n)
    ]
    return people if n > 1 else people[0]


def url(section, day=None, lang="fr"):
    with translation.override(lang):
        path = reverse("enrolments:roll_call", args=[section.pk])
    return f"{path}?day={day.isoformat()}" if day else path


def checked(page):
    return {row["enrolment"].pk for row in page.context["rows"] if row["checked"]}


# The page's queries -----------------------------------------------------------------------------


@pytest.mark.parametrize("called", [False, True], ids=["new roll", "roll called"])
def test_the_page_runs_the_same_queries_for_ten_people_as_for_forty(
    client_for, centre_manager, centre, called
):
    small, large = section_of(centre), section_of(centre)
    groups = {small: attending(small, 10), large: attending(large, 40)}
    if called:
        for section, people in groups.items():
            services.roll_call_save(
                section=section,
                day=today(),
                present=[e.pk for e in people[::2]],
                actor=centre_manager,
            )
    client = client_for(centre_manager)
    counts = {}
    for section in groups:
        client.get(url(section))  # the session and the content types, read once
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url(section))
        assert page.status_code == 200
        assert len(page.context["rows"]) == len(groups[section])
        counts[section] = len(queries)
    assert counts[small] == counts[large]


# Saving ------------------------------------------------------------------------------------------


def test_a_new_roll_shows_everyone_present_and_saves_the_boxes_ticked(
    client_for, centre_manager, section
):
    a, b, c = attending(section, 3)
    client = client_for(centre_manager)
    page = client.get(url(section))
    assert page.status_code == 200
    assert checked(page) == {a.pk, b.pk, c.pk}
    assert page.context["can_save"]
    assert 'data-testid="save-roll"' in page.content.decode()
    assert page.content.decode().count('name="present"') == 3

    response = client.post(url(section, today()), {"present": [a.pk, b.pk]})

    assert response.status_code == 302
    assert response["Location"] == url(section, today())
    roll_call = RollCall.objects.get(section=section, day=today())
    assert roll_call.taken_by == centre_manager
    marks = dict(Attendance.objects.filter(roll_call=roll_call).values_list("enrolment", "present"))
    assert marks == {a.pk: True, b.pk: True, c.pk: False}
    page = client.get(response["Location"])
    assert checked(page) == {a.pk, b.pk}
    with translation.override("fr"):
        saved = translation.ngettext(
            "%(present)s present out of %(called)s person called",
            "%(present)s present out of %(called)s people called",
            3,
        ) % {"present": 2, "called": 3}
    assert saved in page.content.decode()
    c.refresh_from_db()
    assert c.absences_in_a_row == 1


def test_the_roll_of_the_same_day_is_corrected_not_doubled(client_for, centre_manager, section):
    a, b = attending(section, 2)
    client = client_for(centre_manager)
    client.post(url(section, today()), {"present": [a.pk]})
    b.refresh_from_db()
    assert b.absences_in_a_row == 1

    response = client.post(url(section, today()), {"present": [a.pk, b.pk]})

    assert response.status_code == 302
    assert RollCall.objects.filter(section=section).count() == 1
    assert Attendance.objects.filter(enrolment=b).get().present is True
    b.refresh_from_db()
    assert b.absences_in_a_row == 0
    page = client.get(url(section, today()))
    assert page.context["called"] is not None
    assert checked(page) == {a.pk, b.pk}


def test_an_earlier_day_is_called_from_its_own_page(client_for, centre_manager, section):
    a = attending(section)
    yesterday = today() - DAY
    client = client_for(centre_manager)
    page = client.get(url(section, yesterday))
    assert page.context["next_url"] == url(section, today())
    assert page.context["previous_url"] == url(section, yesterday - DAY)

    client.post(url(section, yesterday), {})

    assert RollCall.objects.get(section=section).day == yesterday
    assert Attendance.objects.get(enrolment=a).present is False


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_a_day_to_come_is_refused(client_for, centre_manager, section, lang):
    a = attending(section)
    tomorrow = today() + DAY
    client = client_for(centre_manager)
    page = client.get(url(section, tomorrow, lang))
    assert page.status_code == 200
    assert not page.context["can_save"]
    assert 'data-testid="roll-to-come"' in page.content.decode()

    response = client.post(url(section, tomorrow, lang), {"present": [a.pk]})

    assert response.status_code == 400
    with translation.override(lang):
        refusal = translation.gettext("The roll cannot be called for a day to come.")
    assert 'data-testid="error-summary"' in response.content.decode()
    assert refusal in response.content.decode()
    assert not RollCall.objects.exists()


def test_a_day_outside_the_season_cannot_be_called(client_for, centre_manager, centre):
    section = section_of(centre)
    section.starts_on = today() - 10 * DAY
    section.save()
    attending(section, admitted_on=today() - 10 * DAY)
    before = today() - 20 * DAY
    client = client_for(centre_manager)
    assert client.get(url(section, before)).context["in_season"] is False
    response = client.post(url(section, before), {})
    assert response.status_code == 400
    assert not RollCall.objects.exists()


def test_a_day_that_is_no_date_is_a_bad_request(client_for, centre_manager, section):
    client = client_for(centre_manager)
    assert client.get(url(section) + "?day=demain").status_code == 400


def test_a_person_never_called_is_refused(client_for, centre_manager, section):
    a = attending(section)
    other = attending(section_of(section.centre))
    response = client_for(centre_manager).post(url(section), {"present": [a.pk, other.pk]})
    assert response.status_code == 400
    assert not RollCall.objects.exists()


def test_an_admitted_person_marked_present_now_attends(client_for, centre_manager, section):
    first_day = attending(section, status=Enrolment.Status.ADMITTED, admitted_on=today())
    not_come = attending(section, status=Enrolment.Status.ADMITTED, admitted_on=today())
    client = client_for(centre_manager)
    page = client.get(url(section))
    assert {first_day.pk, not_come.pk} <= checked(page)

    client.post(url(section), {"present": [first_day.pk]})

    first_day.refresh_from_db(), not_come.refresh_from_db()
    assert first_day.status == Enrolment.Status.ACTIVE
    assert not_come.status == Enrolment.Status.ADMITTED


def test_people_not_yet_admitted_or_gone_before_the_day_are_not_called(
    client_for, centre_manager, section
):
    present = attending(section)
    EnrolmentFactory(section=section)  # waiting
    later = attending(section, admitted_on=today())
    gone = attending(section)
    Enrolment.objects.filter(pk=gone.pk).update(
        status=Enrolment.Status.LEFT, left_on=today() - 3 * DAY, outcome="dropped_out"
    )
    page = client_for(centre_manager).get(url(section, today() - DAY))
    assert {row["enrolment"].pk for row in page.context["rows"]} == {present.pk}
    assert later.pk not in checked(page)


# Absences in a row and the manager's notification -----------------------------------------------


def test_three_absences_in_a_row_tell_the_centre_manager_once_and_a_presence_ends_the_run(
    client_for, delegate, centre_manager, section
):
    person, other = attending(section, 2)
    client = client_for(delegate)
    first = today() - 4 * DAY

    def call(day, present):
        response = client.post(url(section, day), {"present": [other.pk, *present]})
        assert response.status_code == 302
        person.refresh_from_db()
        return Notification.objects.filter(kind=Kind.ABSENT_TOO_LONG)

    assert not call(first, []).exists()
    assert not call(first + DAY, []).exists()
    assert person.absences_in_a_row == 2

    told = call(first + 2 * DAY, [])

    assert person.absences_in_a_row == 3
    notification = told.get()
    assert notification.recipient == centre_manager
    assert notification.url == reverse("enrolments:enrolment", args=[person.pk])
    # The name never leaves the portal by email: the centre and the section only.
    assert person.person.last_name_lat not in notification.about
    assert section.name in notification.about

    assert call(first + 3 * DAY, []).count() == 1  # a fourth absence: told already
    assert person.absences_in_a_row == 4
    assert call(first + 4 * DAY, [person.pk]).count() == 1
    assert person.absences_in_a_row == 0


def test_the_absent_too_long_are_marked_on_the_grid(client_for, centre_manager, section):
    person = attending(section)
    Enrolment.objects.filter(pk=person.pk).update(absences_in_a_row=3)
    page = client_for(centre_manager).get(url(section))
    assert page.content.decode().count('data-testid="roll-absent-too-long"') == 1


# Who saves, who reads ---------------------------------------------------------------------------


def test_readers_see_the_marks_but_cannot_save(client_for, worker, centre_manager, section):
    a, b = attending(section, 2)
    services.roll_call_save(section=section, day=today(), present=[a.pk], actor=centre_manager)
    client = client_for(worker)

    page = client.get(url(section))

    assert page.status_code == 200
    assert not page.context["keeper"]
    body = page.content.decode()
    assert 'name="present"' not in body and 'data-testid="save-roll"' not in body
    marks = {row["enrolment"].pk: row["mark"] for row in page.context["rows"]}
    assert marks == {a.pk: True, b.pk: False}
    assert client.post(url(section), {"present": [a.pk, b.pk]}).status_code == 403
    assert Attendance.objects.get(enrolment=b).present is False


def test_the_manager_of_another_centre_reads_but_cannot_save(client_for, section):
    other_manager = UserFactory(role=Role.CENTRE_MANAGER)
    CentreFactory().managers.add(other_manager)
    a = attending(section)
    client = client_for(other_manager)
    assert client.get(url(section)).context["keeper"] is False
    assert client.post(url(section), {"present": [a.pk]}).status_code == 403
    assert not RollCall.objects.exists()


def test_another_delegation_gets_404(client_for, section):
    attending(section)
    delegate_rabat = UserFactory(delegate=True, rabat=True)
    client = client_for(delegate_rabat)
    assert client.get(url(section)).status_code == 404
    assert client.post(url(section), {}).status_code == 404
    assert not RollCall.objects.exists()


def test_a_role_that_reads_no_register_gets_403(client_for, partnership_officer, section):
    assert client_for(partnership_officer).get(url(section)).status_code == 403


# Attendance --------------------------------------------------------------------------------------


def attendance_url(section, month=None):
    path = reverse("enrolments:attendance", args=[section.pk])
    return f"{path}?month={month}" if month else path


def test_attendance_rates_by_month_and_season(client_for, centre_manager, section):
    x, y, z = attending(section, 3)
    last_month_end = today().replace(day=1) - DAY
    days = [last_month_end - DAY, last_month_end, today()]
    # x: present, absent | present; y: present, present | absent; z: absent three times.
    for day, present in zip(days, [[x, y], [y], [x]], strict=True):
        services.roll_call_save(
            section=section, day=day, present=[e.pk for e in present], actor=centre_manager
        )
    client = client_for(centre_manager)
    last_month = Period("month", last_month_end.year, last_month_end.month)

    page = client.get(attendance_url(section, last_month))

    assert page.status_code == 200
    rows = {row["enrolment"].pk: row for row in page.context["rows"]}
    assert rows[x.pk]["month"] == {"present": 1, "called": 2, "rate": 50}
    assert rows[y.pk]["month"] == {"present": 2, "called": 2, "rate": 100}
    assert rows[z.pk]["month"] == {"present": 0, "called": 2, "rate": 0}
    assert rows[x.pk]["season"] == {"present": 2, "called": 3, "rate": 67}
    assert page.context["section_month"] == {"present": 3, "called": 6, "rate": 50}
    assert page.context["section_season"] == {"present": 4, "called": 9, "rate": 44}
    assert page.context["roll_calls"] == 2
    assert [pk for pk, row in rows.items() if row["flagged"]] == [z.pk]
    assert page.content.decode().count('data-testid="flagged"') == 1

    this_month = client.get(attendance_url(section))
    assert this_month.context["month"] == Period.current("month", today())
    rows = {row["enrolment"].pk: row for row in this_month.context["rows"]}
    assert rows[x.pk]["month"]["rate"] == 100 and rows[y.pk]["month"]["rate"] == 0


def test_attendance_is_read_in_both_languages(client_for, worker, section):
    attending(section, 2)
    for lang in ("ar", "fr"):
        with translation.override(lang):
            path = reverse("enrolments:attendance", args=[section.pk])
        assert client_for(worker).get(path).status_code == 200


def test_attendance_of_a_month_that_is_no_month_is_a_bad_request(client_for, worker, section):
    assert client_for(worker).get(attendance_url(section, "2026-Q1")).status_code == 400


# The people absent too long ----------------------------------------------------------------------


def absent_for(client):
    page = client.get(reverse("enrolments:absent"))
    assert page.status_code == 200
    return {enrolment.pk for enrolment in page.context["page"]}


def too_long(section):
    person = attending(section)
    Enrolment.objects.filter(pk=person.pk).update(absences_in_a_row=section.absences_before_alert)
    return person


def test_the_absent_list_keeps_to_each_users_scope(client_for, delegate, centre_manager, centre):
    here = too_long(section_of(centre))
    attending(section_of(centre))  # present: not listed
    same_delegation = too_long(section_of(CentreFactory()))
    other_delegation = too_long(section_of(CentreFactory(rabat=True)))
    other_manager = UserFactory(role=Role.CENTRE_MANAGER)
    same_delegation.section.centre.managers.add(other_manager)

    assert absent_for(client_for(delegate)) == {here.pk, same_delegation.pk}
    assert absent_for(client_for(centre_manager)) == {here.pk}
    assert absent_for(client_for(other_manager)) == {same_delegation.pk}
    assert absent_for(client_for(UserFactory(delegate=True, rabat=True))) == {other_delegation.pk}


def test_the_absent_list_links_each_person_to_their_enrolment(client_for, delegate, section):
    person = too_long(section)
    Enrolment.objects.filter(pk=person.pk).update(absences_in_a_row=7)
    page = client_for(delegate).get(reverse("enrolments:absent") + f"?section={section.pk}")
    body = page.content.decode()
    assert reverse("enrolments:enrolment", args=[person.pk]) in body
    assert page.context["section"] == section


def test_one_absence_below_the_sections_limit_is_not_too_long(client_for, delegate, centre):
    section = section_of(centre, absences_before_alert=5)
    person = attending(section)
    Enrolment.objects.filter(pk=person.pk).update(absences_in_a_row=4)
    assert absent_for(client_for(delegate)) == set()
    Enrolment.objects.filter(pk=person.pk).update(absences_in_a_row=5)
    assert absent_for(client_for(delegate)) == {person.pk}
