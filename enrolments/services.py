"""Writes to the register: one transaction each, audited by triggers (entraide.audit), with the
acting user carried as pghistory context. The views check who may act (perms.can_keep) and
what they may see (visible_to); these functions keep the rules that hold whoever calls them.

The waiting list's order is `Enrolment.PRIORITY` (EnrolmentQuerySet.in_priority_order); every
change of it is a WaitingListChange with the person's position before and after.
"""

from __future__ import annotations

import datetime
import secrets
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from entraide.audit import acting_as
from entraide.numbers import number
from entraide.roles import Role
from notifications.models import Kind
from notifications.services import notify

from .models import Attendance, Enrolment, RollCall, Section, WaitingListChange

if TYPE_CHECKING:
    from collections.abc import Iterable

    from beneficiaries.models import Beneficiary
    from centres.models import TargetGroup
    from entraide.models import User

    from .forms import SectionForm


def full_message(section: Section) -> str:
    return ngettext(
        "The section is full: its %(places)s place is taken. Free a place first (an exit) or "
        "give the section more places.",
        "The section is full: its %(places)s places are taken. Free a place first (an exit) "
        "or give the section more places.",
        section.places,
    ) % {"places": number(section.places)}


def _overbooked(error: IntegrityError) -> bool:
    return "section_never_overbooked" in str(error)


def positions(section_id: int) -> dict[int, int]:
    """{enrolment id: position} of a section's waiting list, 1 first (one query)."""
    ids = (
        Enrolment.objects.filter(section_id=section_id)
        .waiting()
        .in_priority_order()
        .values_list("pk", flat=True)
    )
    return {pk: n for n, pk in enumerate(ids, start=1)}


def _record(enrolment, kind, *, before, actor, reason=""):
    after = positions(enrolment.section_id).get(enrolment.pk)
    WaitingListChange.objects.create(
        enrolment=enrolment,
        kind=kind,
        position_before=before,
        position_after=after,
        reason=reason,
        by=actor,
    )


def _priority_group(section: Section, target_group: TargetGroup | None) -> bool:
    return target_group is not None and section.priority_groups.filter(pk=target_group.pk).exists()


def section_save(*, form: SectionForm, actor: User) -> Section:
    """Create or change a section from a validated form. Fewer places than those taken is
    refused by the database as by the form."""
    try:
        with transaction.atomic(), acting_as(actor):
            section = form.save()
            priority_groups_follow(section=section, actor=actor)
            return section
    except IntegrityError as error:
        if _overbooked(error):
            raise ValidationError(
                {"places": _("The section has fewer places than the people admitted to it.")}
            ) from error
        raise


def priority_groups_follow(*, section: Section, actor: User | None) -> None:
    """The served-first flag of the people waiting follows the section's groups (after they
    changed): each person whose flag changes moves on the list, and the change is recorded
    with their positions before and after, as a change of their priority (with an actor:
    a server-side command has none to name)."""
    waiting = section.enrolments.waiting()
    groups = list(section.priority_groups.values_list("pk", flat=True))
    raised = list(
        waiting.filter(target_group__in=groups, priority_group=False).values_list("pk", flat=True)
    )
    lowered = list(
        waiting.filter(priority_group=True)
        .exclude(target_group__in=groups)
        .values_list("pk", flat=True)
    )
    if not (raised or lowered):
        return
    before = positions(section.pk)
    Enrolment.objects.filter(pk__in=raised).update(priority_group=True)
    Enrolment.objects.filter(pk__in=lowered).update(priority_group=False)
    if actor is None:
        return
    after = positions(section.pk)
    reason = _("The target groups the section serves first changed.")
    WaitingListChange.objects.bulk_create(
        [
            WaitingListChange(
                enrolment_id=pk,
                kind=WaitingListChange.Kind.PRIORITY,
                position_before=before.get(pk),
                position_after=after.get(pk),
                reason=reason,
                by=actor,
            )
            for pk in [*raised, *lowered]
        ]
    )


def wait(
    *,
    section: Section,
    person: Beneficiary,
    actor: User,
    target_group: TargetGroup | None = None,
    vulnerability: int = Enrolment.Vulnerability.ORDINARY,
    requested_on: datetime.date | None = None,
    note: str = "",
) -> Enrolment:
    """Place a person on a section's waiting list."""
    if section.ends_on < timezone.localdate():
        raise ValidationError(_("This section's season is over."))
    listed = ValidationError(_("This person is already listed in this section."))
    with transaction.atomic(), acting_as(actor):
        if section.enrolments.filter(person=person, status__in=Enrolment.OPEN).exists():
            raise listed
        try:
            # Its own savepoint: the same form sent twice at once (a double tap) finds the
            # first's row only at its insert, which the unique constraint refuses.
            with transaction.atomic():
                enrolment = Enrolment.objects.create(
                    section=section,
                    person=person,
                    target_group=target_group,
                    priority_group=_priority_group(section, target_group),
                    vulnerability=vulnerability,
                    requested_on=requested_on or timezone.localdate(),
                    note=note,
                )
        except IntegrityError as error:
            if "enrolment_one_open_per_person_and_section" not in str(error):
                raise
            raise listed from error
        _record(enrolment, WaitingListChange.Kind.ADDED, before=None, actor=actor)
        return enrolment


def _locked(enrolment: Enrolment) -> Enrolment:
    return Enrolment.objects.select_for_update().select_related("section").get(pk=enrolment.pk)


def ahead_of(enrolment: Enrolment) -> int:
    """How many people wait before this one on its list."""
    return positions(enrolment.section_id).get(enrolment.pk, 1) - 1


def admit(
    *, enrolment: Enrolment, actor: User, on: datetime.date | None = None, reason: str = ""
) -> Enrolment:
    """Give a waiting person a place. The list's order is the rule: admitting someone with
    people before them takes a reason, recorded with the change. A full section refuses, here
    and in the database (Section.taken)."""
    reason = (reason or "").strip()
    try:
        with transaction.atomic(), acting_as(actor):
            current = _locked(enrolment)
            if current.status != Enrolment.Status.WAITING:
                raise ValidationError(
                    _("Only a person on the waiting list can be admitted; this one is %(status)s.")
                    % {"status": current.get_status_display()}
                )
            before = positions(current.section_id).get(current.pk)
            if before and before > 1 and not reason:
                raise ValidationError(
                    ngettext(
                        "%(count)s person comes before on the list: say why this one is "
                        "admitted first.",
                        "%(count)s people come before on the list: say why this one is "
                        "admitted first.",
                        before - 1,
                    )
                    % {"count": number(before - 1)}
                )
            admitted_on = on or timezone.localdate()
            if admitted_on > current.section.ends_on:
                raise ValidationError(_("This section's season is over."))
            current.status = Enrolment.Status.ADMITTED
            current.admitted_on = admitted_on
            current.save(update_fields=["status", "admitted_on", "updated_at"])
            _record(
                current, WaitingListChange.Kind.ADMITTED, before=before, actor=actor, reason=reason
            )
    except IntegrityError as error:
        if _overbooked(error):
            raise ValidationError(full_message(enrolment.section)) from error
        raise
    return current


def priority_change(
    *,
    enrolment: Enrolment,
    actor: User,
    target_group: TargetGroup | None,
    vulnerability: int,
    reason: str,
) -> Enrolment:
    """Change what orders a waiting person: their target group or their vulnerability, with
    the reason; the change of position is recorded."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the priority changes."))
    with transaction.atomic(), acting_as(actor):
        current = _locked(enrolment)
        if current.status != Enrolment.Status.WAITING:
            raise ValidationError(_("Only the priority of a person waiting can change."))
        before = positions(current.section_id).get(current.pk)
        current.target_group = target_group
        current.priority_group = _priority_group(current.section, target_group)
        current.vulnerability = vulnerability
        current.save(
            update_fields=["target_group", "priority_group", "vulnerability", "updated_at"]
        )
        _record(current, WaitingListChange.Kind.PRIORITY, before=before, actor=actor, reason=reason)
        return current


def withdraw(*, enrolment: Enrolment, actor: User, reason: str) -> Enrolment:
    """Take a person off the waiting list (they found a place elsewhere, moved, declined)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the person leaves the list."))
    with transaction.atomic(), acting_as(actor):
        current = _locked(enrolment)
        if current.status != Enrolment.Status.WAITING:
            raise ValidationError(_("Only a person on the waiting list can be withdrawn from it."))
        before = positions(current.section_id).get(current.pk)
        current.status = Enrolment.Status.WITHDRAWN
        current.save(update_fields=["status", "updated_at"])
        WaitingListChange.objects.create(
            enrolment=current,
            kind=WaitingListChange.Kind.WITHDRAWN,
            position_before=before,
            position_after=None,
            reason=reason,
            by=actor,
        )
        return current


def _certificate_number(year: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval('enrolments_certificate_number')")
        (serial,) = cursor.fetchone()
    return f"EN-AT-{year}-{serial:06d}"


def _verification_code() -> str:
    # 12 characters of an alphabet without look-alikes (no 0/O, 1/I/L): 60 bits, typed from
    # paper without a doubt about a letter.
    alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
    return "".join(secrets.choice(alphabet) for _i in range(12))


def exit(  # noqa: A001 - the word the register uses
    *,
    enrolment: Enrolment,
    actor: User,
    outcome: str,
    on: datetime.date | None = None,
    note: str = "",
) -> Enrolment:
    """A placed person leaves, with the outcome; the place is free again. Who completes a
    section that delivers a certificate gets its number and verification code."""
    on = on or timezone.localdate()
    with transaction.atomic(), acting_as(actor):
        current = _locked(enrolment)
        if current.status not in Enrolment.PLACED:
            raise ValidationError(_("Only a person admitted or attending can leave."))
        if on < current.admitted_on:
            raise ValidationError(_("One leaves after being admitted."))
        if on > timezone.localdate():
            raise ValidationError(_("The date of leaving cannot be in the future."))
        if on > current.section.ends_on:
            # A place is held within the season (EnrolmentQuerySet.present_during): an exit
            # recorded after it ends is dated on its last day at the latest.
            raise ValidationError(
                _("The section's season ended on %(date)s: one leaves on that day at the latest.")
                % {"date": formats.date_format(current.section.ends_on, "SHORT_DATE_FORMAT")}
            )
        current.status = Enrolment.Status.LEFT
        current.left_on = on
        current.outcome = outcome
        if note:
            current.note = f"{current.note}\n{note}".strip()
        if outcome == Enrolment.Outcome.COMPLETED and current.section.delivers_certificate:
            current.certificate_number = _certificate_number(on.year)
            current.certificate_code = _verification_code()
        current.full_clean(exclude=["person", "section", "target_group"])
        current.save()
        return current


# Roll-calls ---------------------------------------------------------------------------------


def roll_call_people(section: Section, day: datetime.date) -> QuerySet[Enrolment]:
    """Who is called on `day`: those placed in the section then (admitted on or before the
    day, not left before it), by name."""
    return (
        section.enrolments.filter(
            Q(status__in=Enrolment.PLACED) | Q(status=Enrolment.Status.LEFT, left_on__gte=day),
            admitted_on__lte=day,
        )
        .select_related("person")
        .order_by("person__last_name_lat", "person__first_name_lat", "person__last_name_ar", "pk")
    )


STREAKS = """
WITH recent AS (
    SELECT a.enrolment_id, a.present,
           row_number() OVER (PARTITION BY a.enrolment_id ORDER BY r.day DESC) AS n
    FROM enrolments_attendance a JOIN enrolments_rollcall r ON r.id = a.roll_call_id
    WHERE a.enrolment_id = ANY(%(ids)s)
), streaks AS (
    SELECT e.id, COALESCE((
        SELECT min(n) - 1 FROM recent WHERE recent.enrolment_id = e.id AND recent.present
    ), (SELECT count(*) FROM recent WHERE recent.enrolment_id = e.id)) AS absences
    FROM unnest(%(ids)s::bigint[]) AS e(id)
)
UPDATE enrolments_enrolment SET absences_in_a_row = streaks.absences
FROM streaks
WHERE enrolments_enrolment.id = streaks.id
  AND enrolments_enrolment.absences_in_a_row <> streaks.absences
RETURNING enrolments_enrolment.id, streaks.absences
"""


def roll_call_save(
    *, section: Section, day: datetime.date, present: Iterable[int], actor: User
) -> RollCall:
    """Record a section's roll on `day`: `present`, the enrolments present; everyone else
    called is absent. Called again the same day, it corrects the marks. Keeps each person's
    absences in a row; those who reach the section's limit are told to the centre's managers,
    once per run of absences. A constant number of queries, whatever the group's size."""
    if day > timezone.localdate():
        raise ValidationError(_("The roll cannot be called for a day to come."))
    if not (section.starts_on <= day <= section.ends_on):
        raise ValidationError(_("This day is outside the section's season."))
    present = set(present)
    with transaction.atomic(), acting_as(actor):
        roll_call, created = RollCall.objects.get_or_create(
            section=section, day=day, defaults={"taken_by": actor}
        )
        if not created:
            roll_call.taken_by = actor
            roll_call.taken_at = timezone.now()
            roll_call.save(update_fields=["taken_by", "taken_at"])
        called = list(roll_call_people(section, day).values_list("pk", "status"))
        ids = [pk for pk, _status in called]
        Attendance.objects.bulk_create(
            [Attendance(roll_call=roll_call, enrolment_id=pk, present=pk in present) for pk in ids],
            update_conflicts=True,
            unique_fields=["roll_call", "enrolment"],
            update_fields=["present"],
        )
        # The admitted who come for the first time now attend.
        started = [
            pk for pk, status in called if status == Enrolment.Status.ADMITTED and pk in present
        ]
        if started:
            Enrolment.objects.filter(pk__in=started).update(status=Enrolment.Status.ACTIVE)
        with connection.cursor() as cursor:
            cursor.execute(STREAKS, {"ids": ids})
            changed = dict(cursor.fetchall())
        limit = section.absences_before_alert
        # Those who left (called on a day they still held their place) are nobody to follow.
        placed = {pk for pk, status in called if status in Enrolment.PLACED}
        reached = [pk for pk, absences in changed.items() if absences == limit and pk in placed]
        if reached:
            _tell_absences(section, reached, actor, day)
        return roll_call


def _tell_absences(section: Section, reached: list[int], actor: User, day: datetime.date) -> None:
    """The centre's managers (and its delegates, when it has none) hear of each person whose
    absences reached the limit: once per run (the key names the run's length and its last
    roll-call), never by name (the notification may leave the portal by email)."""
    from django.urls import reverse

    managers = list(section.centre.managers.filter(role=Role.CENTRE_MANAGER, is_active=True))
    recipients = managers or list(
        get_user_model().objects.delegates_of(section.centre.delegation_id)
    )
    for pk in reached:
        notify(
            recipients=[user for user in recipients if user.pk != actor.pk] or recipients,
            kind=Kind.ABSENT_TOO_LONG,
            url=reverse("enrolments:enrolment", args=[pk]),
            about=f"{section.centre.code} · {section.name}",
            key=f"absent:{pk}:{day:%Y-%m-%d}",
        )
