"""Writes of appointments. Each runs in one transaction; the audit triggers record what changed,
with the acting user as pghistory context. The reminders the day before go by text message
(notifications.sms), once per appointment and day, to those who consented to being contacted."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from entraide.audit import acting_as
from notifications.models import TextMessage
from notifications.sms import sms_send

from .models import DEFAULT_DURATION, Appointment
from .selectors import bookable_workers

if TYPE_CHECKING:
    from beneficiaries.models import Beneficiary, CaseFile
    from centres.models import Centre
    from entraide.models import User

OVERLAP = gettext_lazy("The social worker already has an appointment at that time.")
IN_THE_PAST = gettext_lazy("This time has passed: choose a time to come.")
NOT_YET = gettext_lazy("An appointment is done or missed once its day has come.")
NOT_BOOKED = gettext_lazy("Only a booked appointment can change so.")


def _check_person(beneficiary: Beneficiary) -> None:
    if beneficiary.merged_into_id:
        raise ValidationError(_("Book the appointment on the file this one was merged into."))
    if beneficiary.anonymised_at:
        raise ValidationError(_("This file is anonymised: no appointment can be booked."))


def _check_moment(starts_at: datetime.datetime) -> None:
    if starts_at <= timezone.now():
        raise ValidationError({"starts_at": IN_THE_PAST})


def _check_place(appointment: Appointment) -> None:
    """The centre is one of the person's delegation; only an appointment at a centre has one."""
    if appointment.place != Appointment.Place.CENTRE:
        appointment.centre = None
    elif (
        appointment.centre is not None
        and appointment.centre.delegation_id != appointment.beneficiary.delegation_id
    ):
        raise ValidationError({"centre": _("The centre must be one of the person's delegation.")})


def _save(appointment: Appointment, **options) -> None:
    """Validate (the constraints included, so that an overlap is told in words) and save;
    an overlap written meanwhile by someone else is refused by the database all the same."""
    appointment.full_clean()
    try:
        with transaction.atomic():
            appointment.save(**options)
    except IntegrityError as error:
        if "appointment_worker_no_overlap" in str(error):
            raise ValidationError({NON_FIELD_ERRORS: [OVERLAP]}) from None
        raise


def appointment_book(
    *,
    beneficiary: Beneficiary,
    worker: User,
    starts_at: datetime.datetime,
    place: str,
    actor: User,
    duration: int = DEFAULT_DURATION,
    centre: Centre | None = None,
    case: CaseFile | None = None,
    notes: str = "",
    rebooked_from: Appointment | None = None,
) -> Appointment:
    """Book an appointment of `beneficiary` with `worker` (a social worker or the delegate of
    the person's delegation or of a centre under it), at a time to come. Refused when the
    worker already has one at that time."""
    _check_person(beneficiary)
    _check_moment(starts_at)
    if not bookable_workers(beneficiary.delegation).filter(pk=worker.pk).exists():
        raise ValidationError({"worker": _("Choose a social worker of the person's delegation.")})
    appointment = Appointment(
        beneficiary=beneficiary,
        case=case,
        worker=worker,
        starts_at=starts_at,
        duration=duration,
        place=place,
        centre=centre,
        notes=notes,
        rebooked_from=rebooked_from,
        booked_by=actor,
    )
    _check_place(appointment)
    with transaction.atomic(), acting_as(actor):
        _save(appointment)
    return appointment


def _locked(appointment: Appointment) -> Appointment:
    """The appointment as it now stands, locked until the transaction ends: of two people
    changing it at once, the second finds what the first did."""
    return Appointment.objects.select_for_update(of=("self",)).get(pk=appointment.pk)


def _set_state(appointment: Appointment, state: str, actor: User, *, begun: bool) -> Appointment:
    with transaction.atomic(), acting_as(actor):
        locked = _locked(appointment)
        if locked.state != Appointment.State.BOOKED:
            raise ValidationError(NOT_BOOKED)
        if begun and not locked.has_begun:
            raise ValidationError(NOT_YET)
        locked.state = state
        locked.save(update_fields=["state", "updated_at"])
    appointment.state, appointment.updated_at = locked.state, locked.updated_at
    return appointment


def appointment_mark_done(*, appointment: Appointment, actor: User) -> Appointment:
    """The person came."""
    return _set_state(appointment, Appointment.State.DONE, actor, begun=True)


def appointment_mark_missed(*, appointment: Appointment, actor: User) -> Appointment:
    """The person did not come: the appointment waits on the worker's list of appointments to
    book again (Appointment.objects.to_rebook) until it is (appointment_reschedule)."""
    return _set_state(appointment, Appointment.State.MISSED, actor, begun=True)


def appointment_cancel(*, appointment: Appointment, actor: User) -> Appointment:
    """Called off beforehand, by the person or the worker: nothing to book again."""
    return _set_state(appointment, Appointment.State.CANCELLED, actor, begun=False)


def appointment_reschedule(
    *,
    appointment: Appointment,
    starts_at: datetime.datetime,
    actor: User,
    duration: int | None = None,
    place: str | None = None,
    centre: Centre | None = None,
) -> Appointment:
    """Move a booked appointment to another time (and place); or book again a missed one: a
    new appointment with the same person, worker and case, which takes the missed one off the
    list of those to rebook. Returns the appointment now booked."""
    _check_moment(starts_at)
    with transaction.atomic(), acting_as(actor):
        locked = _locked(appointment)
        if locked.state == Appointment.State.MISSED:
            if Appointment.objects.filter(rebooked_from=locked).exists():
                raise ValidationError(_("This missed appointment has already been booked again."))
            return appointment_book(
                beneficiary=locked.beneficiary,
                worker=locked.worker,
                starts_at=starts_at,
                duration=locked.duration if duration is None else duration,
                place=locked.place if place is None else place,
                centre=locked.centre if place is None else centre,
                case=locked.case,
                notes=locked.notes,
                rebooked_from=locked,
                actor=actor,
            )
        if locked.state != Appointment.State.BOOKED:
            raise ValidationError(
                _("A done or cancelled appointment is not moved: book a new one.")
            )
        locked.starts_at = starts_at
        if duration is not None:
            locked.duration = duration
        if place is not None:
            locked.place, locked.centre = place, centre
        _check_place(locked)
        _save(locked)
        return locked


# Reminders --------------------------------------------------------------------------------------


def reminder_key(appointment: Appointment) -> str:
    """One reminder per appointment and day: moved to another day, it is reminded again."""
    return f"appointment-reminder:{appointment.pk}:{appointment.day.isoformat()}"


def reminder_text(appointment: Appointment) -> str:
    """What the person reads on their phone, in the active language: the date, the time and
    the place, nothing of the case (the phone may be shared)."""
    moment = timezone.localtime(appointment.starts_at)
    values = {
        "date": date_format(moment.date(), "DATE_FORMAT"),
        "time": time_format(moment.time(), "TIME_FORMAT"),
    }
    if appointment.place == Appointment.Place.HOME:
        return (
            _("Entraide Nationale: a social worker will visit you at home on %(date)s at %(time)s.")
            % values
        )
    if appointment.place == Appointment.Place.CENTRE and appointment.centre is not None:
        return _(
            "Entraide Nationale: reminder of your appointment on %(date)s at %(time)s, "
            "at %(centre)s."
        ) % {**values, "centre": appointment.centre}
    return _(
        "Entraide Nationale: reminder of your appointment on %(date)s at %(time)s, at the "
        "office of %(delegation)s."
    ) % {**values, "delegation": appointment.beneficiary.delegation}


def appointments_send_reminders(*, today: datetime.date | None = None) -> int:
    """Text each person who has an appointment tomorrow (booked, with a phone) and whose
    latest answer on being contacted is yes. In Arabic, the portal's first language (a person
    has no language of their own on file). Safe to run as often as wanted, on every worker at
    once: a reminder goes once per appointment and day (sms_send's key). Returns how many
    reminders were queued."""
    tomorrow = (today or timezone.localdate()) + datetime.timedelta(days=1)
    due = (
        Appointment.objects.booked()
        .on_days(tomorrow)
        .with_contact_consent()
        .filter(beneficiary__anonymised_at__isnull=True)
        .exclude(beneficiary__phone="")
        .select_related("beneficiary__delegation", "centre")
        .order_by("starts_at", "pk")
    )
    queued = 0
    with translation.override(settings.LANGUAGE_CODE):
        for appointment in due.iterator(chunk_size=500):
            message = sms_send(
                to=appointment.beneficiary.phone,
                text=reminder_text(appointment),
                key=reminder_key(appointment),
            )
            queued += message is not None and message.state == TextMessage.State.QUEUED
    return queued
