"""The register's rules, whoever writes: places never overbooked (a database rule), the
waiting list's documented order and its recorded changes, exits and certificates, the
roll-call's absences in a row."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext

from enrolments import selectors, services
from enrolments.models import Enrolment, Section, WaitingListChange
from notifications.models import Kind, Notification
from tests.factories import (
    BeneficiaryFactory,
    EnrolmentFactory,
    SectionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def section():
    return SectionFactory(places=2)


def admitted(section, on=None, **kwargs):
    return EnrolmentFactory(
        section=section, status=Enrolment.Status.ADMITTED, admitted_on=on or TODAY(), **kwargs
    )


def test_places_taken_are_kept_by_the_database_on_every_write(section):
    first = admitted(section)
    section.refresh_from_db()
    assert section.taken == 1
    Enrolment.objects.filter(pk=first.pk).update(
        status=Enrolment.Status.LEFT, left_on=TODAY(), outcome="dropped_out"
    )
    section.refresh_from_db()
    assert section.taken == 0
    admitted(section), admitted(section)
    section.refresh_from_db()
    assert section.taken == 2


@pytest.mark.parametrize("path", ["create", "update", "bulk_create", "sql"])
def test_a_full_section_is_never_overbooked_whatever_the_path(section, path):
    admitted(section), admitted(section)
    waiting = EnrolmentFactory(section=section)
    with pytest.raises(IntegrityError, match="section_never_overbooked"), transaction.atomic():
        if path == "create":
            admitted(section)
        elif path == "update":
            Enrolment.objects.filter(pk=waiting.pk).update(
                status=Enrolment.Status.ADMITTED, admitted_on=TODAY()
            )
        elif path == "bulk_create":
            Enrolment.objects.bulk_create(
                [
                    Enrolment(
                        section=section,
                        person=BeneficiaryFactory(),
                        status=Enrolment.Status.ACTIVE,
                        admitted_on=TODAY(),
                    )
                ]
            )
        else:
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE enrolments_enrolment SET status = 'active', admitted_on = now() "
                    "WHERE id = %s",
                    [waiting.pk],
                )
    section.refresh_from_db()
    assert section.taken == 2


def test_admission_to_a_full_section_is_refused_with_the_reason(section, delegate):
    admitted(section), admitted(section)
    waiting = EnrolmentFactory(section=section)
    with pytest.raises(ValidationError) as refused:
        services.admit(enrolment=waiting, actor=delegate)
    assert refused.value.messages == [services.full_message(section)]
    waiting.refresh_from_db()
    assert waiting.status == Enrolment.Status.WAITING


def test_fewer_places_than_taken_is_refused(section):
    admitted(section), admitted(section)
    with pytest.raises(IntegrityError), transaction.atomic():
        Section.objects.filter(pk=section.pk).update(places=1)


def test_the_waiting_list_follows_its_documented_order(delegate):
    from centres.models import TargetGroup

    groups = list(TargetGroup.objects.all()[:2])
    section = SectionFactory()
    section.priority_groups.set([groups[0]])
    day = TODAY()
    early = services.wait(
        section=section,
        person=BeneficiaryFactory(),
        actor=delegate,
        requested_on=day - datetime.timedelta(days=30),
    )
    vulnerable = services.wait(
        section=section,
        person=BeneficiaryFactory(),
        actor=delegate,
        vulnerability=Enrolment.Vulnerability.URGENT,
        requested_on=day,
    )
    served_first = services.wait(
        section=section,
        person=BeneficiaryFactory(),
        actor=delegate,
        target_group=groups[0],
        requested_on=day,
    )
    other_group = services.wait(
        section=section, person=BeneficiaryFactory(), actor=delegate, target_group=groups[1]
    )
    order = [e.pk for e in selectors.waiting_list(section)]
    assert order == [served_first.pk, vulnerable.pk, early.pk, other_group.pk]
    assert [e.position for e in selectors.waiting_list(section)] == [1, 2, 3, 4]
    # Why the last is where it is: one served first, one more vulnerable, one asked earlier.
    standing = selectors.standing(other_group)
    assert (standing.position, standing.waiting) == (4, 4)
    assert (
        standing.before_by_group,
        standing.before_by_vulnerability,
        standing.before_by_date,
    ) == (1, 1, 1)
    assert selectors.standing(served_first).position == 1


def test_every_change_of_the_order_is_recorded_with_positions(delegate):
    section = SectionFactory()
    first = services.wait(section=section, person=BeneficiaryFactory(), actor=delegate)
    second = services.wait(section=section, person=BeneficiaryFactory(), actor=delegate)
    with pytest.raises(ValidationError) as refused:
        services.priority_change(
            enrolment=second, actor=delegate, target_group=None, vulnerability=2, reason=""
        )
    assert refused.value.messages == [gettext("Say why the priority changes.")]
    services.priority_change(
        enrolment=second,
        actor=delegate,
        target_group=None,
        vulnerability=Enrolment.Vulnerability.URGENT,
        reason="Eviction notice",
    )
    change = second.list_changes.get(kind=WaitingListChange.Kind.PRIORITY)
    assert (change.position_before, change.position_after, change.reason) == (
        2,
        1,
        "Eviction notice",
    )
    # The first now has one before: admitting them before the second takes a reason.
    with pytest.raises(ValidationError) as refused:
        services.admit(enrolment=first, actor=delegate)
    assert "1" in refused.value.messages[0]
    services.admit(enrolment=first, actor=delegate, reason="Place in the morning group only")
    admission = first.list_changes.get(kind=WaitingListChange.Kind.ADMITTED)
    assert (admission.position_before, admission.position_after) == (2, None)
    services.withdraw(enrolment=second, actor=delegate, reason="Moved to Fès")
    kinds = set(WaitingListChange.objects.values_list("kind", flat=True))
    assert kinds == {"added", "priority", "admitted", "withdrawn"}


def test_a_person_waits_once_per_section(delegate):
    section = SectionFactory()
    person = BeneficiaryFactory()
    services.wait(section=section, person=person, actor=delegate)
    with pytest.raises(ValidationError) as refused:
        services.wait(section=section, person=person, actor=delegate)
    assert refused.value.messages == [gettext("This person is already listed in this section.")]


def test_who_completes_gets_a_numbered_certificate_with_a_code(delegate):
    section = SectionFactory(delivers_certificate=True)
    trainee = admitted(section)
    dropped = admitted(section)
    services.exit(enrolment=dropped, actor=delegate, outcome=Enrolment.Outcome.DROPPED_OUT)
    done = services.exit(enrolment=trainee, actor=delegate, outcome=Enrolment.Outcome.COMPLETED)
    dropped.refresh_from_db()
    assert dropped.certificate_number is None
    assert done.certificate_number.startswith(f"EN-AT-{TODAY().year}-")
    assert len(done.certificate_code) == 12
    section.refresh_from_db()
    assert section.taken == 0
    with pytest.raises(ValidationError):
        services.exit(enrolment=done, actor=delegate, outcome=Enrolment.Outcome.COMPLETED)


def test_absences_in_a_row_are_counted_and_told_once(delegate):
    manager = UserFactory(username="t-manager", role="centre_manager")
    start = TODAY() - datetime.timedelta(days=10)
    section = SectionFactory(
        absences_before_alert=3, starts_on=start, ends_on=start + datetime.timedelta(days=300)
    )
    section.centre.managers.add(manager)
    present, absent = admitted(section, on=start), admitted(section, on=start)
    days = [start + datetime.timedelta(days=n) for n in range(5)]
    for day in days[:3]:
        services.roll_call_save(section=section, day=day, present=[present.pk], actor=delegate)
    absent.refresh_from_db(), present.refresh_from_db()
    assert (absent.absences_in_a_row, present.absences_in_a_row) == (3, 0)
    assert present.status == Enrolment.Status.ACTIVE
    assert absent.status == Enrolment.Status.ADMITTED
    told = Notification.objects.filter(recipient=manager, kind=Kind.ABSENT_TOO_LONG)
    assert told.count() == 1
    services.roll_call_save(section=section, day=days[3], present=[present.pk], actor=delegate)
    assert told.count() == 1  # a fourth absence: told already
    services.roll_call_save(section=section, day=days[4], present=[absent.pk], actor=delegate)
    absent.refresh_from_db()
    assert absent.absences_in_a_row == 0
    # A day corrected: absent on the last day after all, one absence in a row.
    services.roll_call_save(section=section, day=days[4], present=[], actor=delegate)
    absent.refresh_from_db()
    assert absent.absences_in_a_row == 5


def test_no_roll_call_for_a_day_to_come(delegate):
    section = SectionFactory()
    with pytest.raises(ValidationError):
        services.roll_call_save(
            section=section,
            day=TODAY() + datetime.timedelta(days=1),
            present=[],
            actor=delegate,
        )
