"""Booking, moving and following appointments: a worker's booked appointments never overlap, a
missed one waits on their list until it is booked again, and the person is reminded the day
before by a text message, only when they consented to being contacted, once."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone
from pghistory.models import Events

from appointments import services
from appointments.models import Appointment
from appointments.schedule import DAILY
from beneficiaries.models import Consent
from notifications.models import TextMessage
from tests.factories import BeneficiaryFactory, CaseFileFactory, CentreFactory, UserFactory

from .factories import AppointmentFactory, at, tomorrow_at

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def book(worker, starts_at=None, **kwargs):
    kwargs.setdefault("beneficiary", BeneficiaryFactory())
    kwargs.setdefault("place", Appointment.Place.OFFICE)
    return services.appointment_book(
        worker=worker, starts_at=starts_at or tomorrow_at(), actor=worker, **kwargs
    )


def messages_of(error):
    return " ".join(error.value.messages)


# Booking ----------------------------------------------------------------------------------------


def test_a_worker_books_an_appointment_and_the_audit_trail_names_them(worker):
    appointment = book(worker, duration=45)
    appointment.refresh_from_db()
    assert appointment.state == Appointment.State.BOOKED
    assert appointment.ends_at - appointment.starts_at == datetime.timedelta(minutes=45)
    assert appointment.booked_by == worker
    event = Events.objects.get(pgh_obj_model="appointments.Appointment", pgh_label="insert")
    assert event.pgh_obj_id == str(appointment.pk)
    assert event.pgh_context["user"] == worker.pk


def test_two_booked_appointments_of_a_worker_may_not_overlap(worker):
    book(worker, tomorrow_at(10))
    with pytest.raises(ValidationError) as refused:
        book(worker, tomorrow_at(10, 15))
    assert messages_of(refused) == str(services.OVERLAP)
    assert Appointment.objects.count() == 1


def test_back_to_back_appointments_and_another_workers_are_fine(worker):
    book(worker, tomorrow_at(10))
    book(worker, tomorrow_at(10, 30))
    book(UserFactory(), tomorrow_at(10))
    assert Appointment.objects.count() == 3


def test_the_database_refuses_an_overlap_whatever_path_writes_it(worker):
    AppointmentFactory(worker=worker, starts_at=tomorrow_at(10), duration=60)
    with pytest.raises(IntegrityError), transaction.atomic():
        AppointmentFactory(worker=worker, starts_at=tomorrow_at(10, 45))


def test_a_cancelled_appointment_frees_its_time(worker):
    first = book(worker, tomorrow_at(10))
    services.appointment_cancel(appointment=first, actor=worker)
    book(worker, tomorrow_at(10))
    assert Appointment.objects.booked().count() == 1


def test_an_appointment_is_booked_for_a_time_to_come(worker):
    with pytest.raises(ValidationError) as refused:
        book(worker, timezone.now() - datetime.timedelta(minutes=5))
    assert refused.value.message_dict == {"starts_at": [str(services.IN_THE_PAST)]}


def test_the_worker_is_one_of_the_persons_delegation(worker, worker_rabat):
    with pytest.raises(ValidationError) as refused:
        book(worker_rabat, beneficiary=BeneficiaryFactory())
    assert list(refused.value.message_dict) == ["worker"]
    inactive = UserFactory(is_active=False)
    with pytest.raises(ValidationError):
        book(inactive)


def test_an_appointment_at_a_centre_names_a_centre_of_the_persons_delegation(worker):
    with pytest.raises(ValidationError) as refused:
        book(worker, place=Appointment.Place.CENTRE)
    assert "centre" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        book(worker, place=Appointment.Place.CENTRE, centre=CentreFactory(rabat=True))
    assert "centre" in refused.value.message_dict
    centre = CentreFactory()
    assert book(worker, place=Appointment.Place.CENTRE, centre=centre).centre == centre
    # Another place: the centre is dropped, as the database requires.
    home = book(worker, tomorrow_at(15), place=Appointment.Place.HOME, centre=centre)
    assert home.centre is None


def test_the_case_is_one_of_the_persons(worker):
    person = BeneficiaryFactory()
    with pytest.raises(ValidationError) as refused:
        book(worker, beneficiary=person, case=CaseFileFactory())
    assert "case" in refused.value.message_dict
    case = CaseFileFactory(beneficiary=person)
    assert book(worker, beneficiary=person, case=case).case == case


def test_no_appointment_on_a_merged_or_anonymised_file(worker):
    keep = BeneficiaryFactory()
    merged = BeneficiaryFactory(merged_into=keep)
    with pytest.raises(ValidationError):
        book(worker, beneficiary=merged)


def test_a_merged_duplicates_appointments_follow_it_to_the_file_kept(worker, delegate):
    from beneficiaries.services import beneficiary_merge

    keep, duplicate = BeneficiaryFactory(), BeneficiaryFactory()
    appointment = book(worker, beneficiary=duplicate)
    beneficiary_merge(keep=keep, duplicate=duplicate, actor=delegate)
    appointment.refresh_from_db()
    assert appointment.beneficiary == keep


# Done, missed, cancelled ------------------------------------------------------------------------


def test_done_or_missed_only_once_its_day_has_come(worker):
    appointment = book(worker)
    with pytest.raises(ValidationError) as refused:
        services.appointment_mark_done(appointment=appointment, actor=worker)
    assert messages_of(refused) == str(services.NOT_YET)
    today = AppointmentFactory(worker=worker, starts_at=at(timezone.localdate(), 8))
    services.appointment_mark_done(appointment=today, actor=worker)
    today.refresh_from_db()
    assert today.state == Appointment.State.DONE


def test_only_a_booked_appointment_changes_state(worker):
    appointment = AppointmentFactory(worker=worker, missed=True)
    for change in (
        services.appointment_mark_done,
        services.appointment_mark_missed,
        services.appointment_cancel,
    ):
        with pytest.raises(ValidationError):
            change(appointment=appointment, actor=worker)


def test_a_missed_appointment_reappears_on_the_workers_list_until_booked_again(worker):
    past = AppointmentFactory(
        worker=worker, starts_at=at(timezone.localdate() - DAY, 9), case=None, notes="Carte"
    )
    assert not Appointment.objects.to_rebook().exists()
    services.appointment_mark_missed(appointment=past, actor=worker)
    assert list(Appointment.objects.to_rebook().of_worker(worker)) == [past]

    again = services.appointment_reschedule(
        appointment=past, starts_at=tomorrow_at(11), actor=worker
    )
    assert again.pk != past.pk
    assert (again.state, again.rebooked_from, again.worker) == ("booked", past, worker)
    assert (again.beneficiary, again.notes, again.place) == (past.beneficiary, "Carte", past.place)
    past.refresh_from_db()
    assert past.state == Appointment.State.MISSED  # what happened stays recorded
    assert not Appointment.objects.to_rebook().exists()
    with pytest.raises(ValidationError):
        services.appointment_reschedule(appointment=past, starts_at=tomorrow_at(14), actor=worker)


def test_a_booked_appointment_is_moved_in_place(worker):
    appointment = book(worker, tomorrow_at(10))
    other = book(worker, tomorrow_at(14))
    moved = services.appointment_reschedule(
        appointment=appointment, starts_at=tomorrow_at(11), duration=60, actor=worker
    )
    assert moved.pk == appointment.pk
    appointment.refresh_from_db()
    assert (appointment.starts_at, appointment.duration) == (tomorrow_at(11), 60)
    with pytest.raises(ValidationError) as refused:
        services.appointment_reschedule(
            appointment=appointment, starts_at=tomorrow_at(13, 45), actor=worker
        )
    assert messages_of(refused) == str(services.OVERLAP)
    # Moving it onto its own time is no overlap with itself.
    services.appointment_reschedule(appointment=other, starts_at=tomorrow_at(14, 15), actor=worker)


def test_a_done_or_cancelled_appointment_is_not_moved(worker):
    appointment = book(worker)
    services.appointment_cancel(appointment=appointment, actor=worker)
    with pytest.raises(ValidationError):
        services.appointment_reschedule(
            appointment=appointment, starts_at=tomorrow_at(16), actor=worker
        )


# Reminders --------------------------------------------------------------------------------------


def consent(person, given, recorded_by, minutes_ago=0):
    return Consent.objects.create(
        beneficiary=person,
        purpose=Consent.Purpose.CONTACT,
        given=given,
        recorded_by=recorded_by,
        recorded_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
    )


def test_a_reminder_goes_the_day_before_to_a_person_who_consented(worker):
    # Names of our own: a random one may be part of a word of the text (ديسم in ديسمبر).
    person = BeneficiaryFactory(
        phone="0661234567", first_name_ar="زينب", last_name_ar="الحسني", first_name_lat="Zineb"
    )
    consent(person, True, worker)
    appointment = book(worker, tomorrow_at(9, 30), beneficiary=person, notes="Violence")
    assert services.appointments_send_reminders() == 1
    message = TextMessage.objects.get()
    assert message.to == "+212661234567"
    assert message.key == f"appointment-reminder:{appointment.pk}:{appointment.day.isoformat()}"
    assert message.language == "ar"
    assert "09:30" in message.text
    assert person.delegation.name_ar in message.text
    # The date, the time and the place: nothing of the case, nor the person's name.
    assert "Violence" not in message.text
    assert person.first_name_ar not in message.text


def test_no_reminder_without_consent_to_being_contacted(worker):
    silent = BeneficiaryFactory(phone="0661234567")
    book(worker, tomorrow_at(9), beneficiary=silent)
    other_purpose = BeneficiaryFactory(phone="0662234567")
    Consent.objects.create(
        beneficiary=other_purpose,
        purpose=Consent.Purpose.SHARING,
        given=True,
        recorded_by=worker,
    )
    book(worker, tomorrow_at(10), beneficiary=other_purpose)
    withdrawn = BeneficiaryFactory(phone="0663234567")
    consent(withdrawn, True, worker, minutes_ago=60)
    consent(withdrawn, False, worker)  # the latest answer counts
    book(worker, tomorrow_at(11), beneficiary=withdrawn)
    assert services.appointments_send_reminders() == 0
    assert not TextMessage.objects.exists()


def test_a_reminder_goes_once_per_appointment_and_day(worker):
    person = BeneficiaryFactory(phone="0661234567")
    consent(person, True, worker)
    book(worker, tomorrow_at(9), beneficiary=person)
    assert services.appointments_send_reminders() == 1
    assert services.appointments_send_reminders() == 0
    out = io.StringIO()
    call_command("send_appointment_reminders", stdout=out)
    assert out.getvalue().strip() == "appointment reminders: 0 queued"
    assert TextMessage.objects.count() == 1


def test_only_tomorrows_booked_appointments_with_a_phone_are_reminded(worker):
    person = BeneficiaryFactory(phone="0661234567")
    consent(person, True, worker)
    no_phone = BeneficiaryFactory(phone="")
    consent(no_phone, True, worker)
    later = book(worker, tomorrow_at(9) + DAY, beneficiary=person)
    cancelled = book(worker, tomorrow_at(10), beneficiary=person)
    services.appointment_cancel(appointment=cancelled, actor=worker)
    book(worker, tomorrow_at(11), beneficiary=no_phone)
    assert services.appointments_send_reminders() == 0
    # The day before the later one, it is.
    assert services.appointments_send_reminders(today=timezone.localdate() + DAY) == 1
    assert TextMessage.objects.get().key.startswith(f"appointment-reminder:{later.pk}:")


def test_the_reminder_names_the_centre_or_the_home_visit(worker):
    person = BeneficiaryFactory(phone="0661234567")
    consent(person, True, worker)
    centre = CentreFactory()
    book(worker, tomorrow_at(9), beneficiary=person, place="centre", centre=centre)
    book(worker, tomorrow_at(15), beneficiary=person, place="home")
    assert services.appointments_send_reminders() == 2
    at_centre, at_home = TextMessage.objects.order_by("pk")
    assert centre.name_ar in at_centre.text
    assert centre.name_ar not in at_home.text


def test_the_daily_run_sends_the_reminders():
    assert DAILY == [services.appointments_send_reminders]


def test_the_command_takes_the_day_before(worker):
    person = BeneficiaryFactory(phone="0661234567")
    consent(person, True, worker)
    book(worker, tomorrow_at(9) + DAY, beneficiary=person)
    out = io.StringIO()
    day = (timezone.localdate() + DAY).isoformat()
    call_command("send_appointment_reminders", "--today", day, stdout=out)
    assert out.getvalue().strip() == "appointment reminders: 1 queued"
