"""The appointment pages: booked from a person's file, read in the worker's agenda by day and
by week, in both languages; out of scope is a 404; a delegate reads the agendas of the workers
of their delegation."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from appointments import services
from appointments.models import Appointment
from entraide.models import AccessEvent
from entraide.roles import Role
from tests.factories import BeneficiaryFactory, CaseFileFactory, CentreFactory, UserFactory

from .factories import AppointmentFactory, at, tomorrow_at

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def tomorrow():
    return timezone.localdate() + DAY


def week_url(lang="fr", **query):
    with translation.override(lang):
        url = reverse("appointments:week")
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def day_url(lang="fr", **query):
    with translation.override(lang):
        url = reverse("appointments:day")
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def book_url(person, lang="fr"):
    with translation.override(lang):
        return reverse("appointments:book", args=[person.file_number])


def booking(**overrides):
    data = {
        "date": tomorrow().isoformat(),
        "time": "10:00",
        "duration": "30",
        "place": "office",
        "centre": "",
        "case": "",
        "notes": "",
    }
    return {**data, **overrides}


# Booking ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_a_worker_books_from_the_persons_file_and_lands_on_the_week(client_for, worker, lang):
    person = BeneficiaryFactory()
    case = CaseFileFactory(beneficiary=person)
    client = client_for(worker)
    page = client.get(book_url(person, lang) + f"?case={case.number}")
    assert page.status_code == 200
    assert page.context["form"]["worker"].value() == worker.pk
    assert page.context["form"]["case"].value() == case.pk
    response = client.post(
        book_url(person, lang),
        booking(worker=worker.pk, case=case.pk, duration="45", notes="Apporter la CIN"),
    )
    appointment = Appointment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == week_url(lang, date=tomorrow().isoformat())
    assert (appointment.worker, appointment.case, appointment.duration) == (worker, case, 45)
    assert appointment.starts_at == tomorrow_at(10)
    week = client.get(response["Location"])
    assert [a.pk for day in week.context["days"] for a in day["appointments"]] == [appointment.pk]


def test_the_booking_form_says_what_is_missing(client_for, worker):
    person = BeneficiaryFactory()
    response = client_for(worker).post(book_url(person), {"place": "office"})
    assert response.status_code == 400
    form = response.context["form"]
    assert {"date", "time", "duration", "worker"} <= set(form.errors)
    content = response.content.decode()
    assert 'data-testid="error-summary"' in content
    assert "<title>Erreur" in content or "<title>Error:" in content
    assert not Appointment.objects.exists()


def test_the_booking_form_refuses_a_past_time_and_a_centre_left_out(client_for, worker):
    person = BeneficiaryFactory()
    client = client_for(worker)
    yesterday = (timezone.localdate() - DAY).isoformat()
    response = client.post(book_url(person), booking(worker=worker.pk, date=yesterday))
    assert response.status_code == 400
    assert "time" in response.context["form"].errors
    response = client.post(book_url(person), booking(worker=worker.pk, place="centre"))
    assert response.status_code == 400
    assert "centre" in response.context["form"].errors
    centre = CentreFactory()
    response = client.post(
        book_url(person), booking(worker=worker.pk, place="centre", centre=centre.pk)
    )
    assert response.status_code == 302
    assert Appointment.objects.get().centre == centre


def test_the_booking_form_tells_of_an_overlap(client_for, worker):
    AppointmentFactory(worker=worker, starts_at=tomorrow_at(10))
    response = client_for(worker).post(
        book_url(BeneficiaryFactory()), booking(worker=worker.pk, time="10:15")
    )
    assert response.status_code == 400
    assert len(response.context["form"].non_field_errors()) == 1
    with translation.override(response.headers["Content-Language"]):
        expected = gettext("The social worker already has an appointment at that time.")
    assert escape(expected) in response.content.decode()
    assert 'data-testid="form-errors"' in response.content.decode()


def test_the_booking_form_offers_only_workers_of_the_persons_delegation(
    client_for, worker, worker_rabat
):
    colleague = UserFactory()
    manager = UserFactory(role=Role.CENTRE_MANAGER)
    form = client_for(worker).get(book_url(BeneficiaryFactory())).context["form"]
    offered = set(form.fields["worker"].queryset)
    assert {worker, colleague} <= offered
    assert worker_rabat not in offered and manager not in offered
    response = client_for(worker).post(
        book_url(BeneficiaryFactory()), booking(worker=worker_rabat.pk)
    )
    assert "worker" in response.context["form"].errors


# Scope ------------------------------------------------------------------------------------------


def test_a_worker_of_another_delegation_gets_404_on_an_appointment(client_for, worker_rabat):
    appointment = AppointmentFactory()
    client = client_for(worker_rabat)
    assert client.get(reverse("appointments:detail", args=[appointment.pk])).status_code == 404
    assert client.get(reverse("appointments:reschedule", args=[appointment.pk])).status_code == 404
    state = client.post(reverse("appointments:state", args=[appointment.pk]), {"state": "done"})
    assert state.status_code == 404
    assert client.get(book_url(appointment.beneficiary)).status_code == 404
    appointment.refresh_from_db()
    assert appointment.state == Appointment.State.BOOKED


def test_a_role_without_appointments_is_refused(client_for, centre_manager):
    appointment = AppointmentFactory()
    client = client_for(centre_manager)
    assert client.get(week_url()).status_code == 403
    assert client.get(reverse("appointments:detail", args=[appointment.pk])).status_code == 403
    assert client.get(book_url(appointment.beneficiary)).status_code == 403


def test_an_overseer_reads_but_does_not_book(client_for, coordinator):
    appointment = AppointmentFactory()
    client = client_for(coordinator)
    assert client.get(reverse("appointments:detail", args=[appointment.pk])).status_code == 200
    assert client.get(book_url(appointment.beneficiary)).status_code == 403


# The agenda -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "direction", "weekday"), [("ar", "rtl", "الاثنين"), ("fr", "ltr", "lundi")]
)
def test_the_week_renders_in_both_languages(client_for, worker, lang, direction, weekday):
    appointment = AppointmentFactory(worker=worker, starts_at=tomorrow_at(9, 30))
    mine_elsewhere = AppointmentFactory(worker=UserFactory(), starts_at=tomorrow_at(9, 30))
    response = client_for(worker).get(week_url(lang, date=tomorrow().isoformat()))
    assert response.status_code == 200
    content = response.content.decode()
    assert f'<html lang="{lang}" dir="{direction}">' in content
    assert weekday in content
    assert f'data-appointment="{appointment.pk}"' in content
    assert f'data-appointment="{mine_elsewhere.pk}"' not in content
    assert "09:30–10:00" in content
    days = response.context["days"]
    assert days[0]["date"].weekday() == 0  # Monday first
    assert len(days) >= 5


@pytest.mark.parametrize(("lang", "direction"), [("ar", "rtl"), ("fr", "ltr")])
def test_the_day_renders_in_both_languages(client_for, worker, lang, direction):
    today = AppointmentFactory(worker=worker, starts_at=at(timezone.localdate(), 8))
    cancelled = AppointmentFactory(
        worker=worker, starts_at=at(timezone.localdate(), 11), state=Appointment.State.CANCELLED
    )
    response = client_for(worker).get(day_url(lang))
    assert response.status_code == 200
    content = response.content.decode()
    assert f'<html lang="{lang}" dir="{direction}">' in content
    assert [a.pk for a in response.context["appointments"]] == [today.pk, cancelled.pk]
    # Today's booked appointment may be said done or missed from the day's list.
    assert 'data-testid="mark-missed"' in content


def test_the_week_leaves_cancelled_appointments_out_and_shows_the_weekend_when_busy(
    client_for, worker
):
    monday = timezone.localdate() - datetime.timedelta(days=timezone.localdate().weekday())
    sunday = monday + datetime.timedelta(days=6)
    AppointmentFactory(worker=worker, starts_at=at(monday, 9), state=Appointment.State.CANCELLED)
    client = client_for(worker)
    days = client.get(week_url(date=monday.isoformat())).context["days"]
    assert [d["date"] for d in days] == [monday + datetime.timedelta(days=n) for n in range(5)]
    assert not any(d["appointments"] for d in days)
    AppointmentFactory(worker=worker, starts_at=at(sunday, 10))
    days = client.get(week_url(date=monday.isoformat())).context["days"]
    assert days[-1]["date"] == sunday and len(days) == 6


def test_the_week_moves_by_weeks_and_a_mistyped_date_shows_this_week(client_for, worker):
    client = client_for(worker)
    response = client.get(week_url(date="2026-03-11"))  # a Wednesday
    assert response.context["first"] == datetime.date(2026, 3, 9)
    assert response.context["previous_url"] == week_url(date="2026-03-04")
    assert response.context["next_url"] == week_url(date="2026-03-18")
    assert response.context["today_url"] == week_url()
    response = client.get(week_url(date="2026-13-45"))
    assert response.status_code == 200
    assert response.context["first"] <= timezone.localdate() <= response.context["last"]


def test_the_delegate_chooses_a_worker_of_the_delegation(
    client_for, delegate, worker, worker_rabat
):
    appointment = AppointmentFactory(worker=worker)
    client = client_for(delegate)
    page = client.get(week_url())
    offered = set(page.context["form"].fields["worker"].queryset)
    assert worker in offered and worker_rabat not in offered
    response = client.get(week_url(date=appointment.day.isoformat(), worker=worker.pk))
    assert response.context["worker"] == worker
    assert not response.context["own"]
    shown = [a.pk for day in response.context["days"] for a in day["appointments"]]
    assert shown == [appointment.pk]
    # A worker of another delegation is not a choice: the delegate's own agenda.
    response = client.get(week_url(worker=worker_rabat.pk))
    assert response.context["worker"] == delegate


def test_a_social_worker_reads_only_their_own_agenda(client_for, worker):
    colleague = UserFactory()
    AppointmentFactory(worker=colleague)
    response = client_for(worker).get(week_url(date=tomorrow().isoformat(), worker=colleague.pk))
    assert response.context["worker"] == worker
    assert not any(day["appointments"] for day in response.context["days"])


def test_the_week_runs_a_bounded_number_of_queries(
    client_for, worker, django_assert_max_num_queries
):
    client = client_for(worker)
    AppointmentFactory(worker=worker, case=CaseFileFactory())
    client.get(week_url(date=tomorrow().isoformat()))
    with django_assert_max_num_queries(12) as first:
        client.get(week_url(date=tomorrow().isoformat()))
    for hour in range(11, 17):
        AppointmentFactory(worker=worker, starts_at=tomorrow_at(hour), case=CaseFileFactory())
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = client.get(week_url(date=tomorrow().isoformat()))
    assert sum(len(day["appointments"]) for day in response.context["days"]) == 7


def test_reading_the_agenda_is_recorded_as_reading_the_persons_file(client_for, worker):
    appointment = AppointmentFactory(worker=worker)
    client_for(worker).get(week_url(date=tomorrow().isoformat()))
    event = AccessEvent.objects.get(action=AccessEvent.Action.VIEW, actor=worker)
    assert event.object_id == str(appointment.beneficiary.pk)
    assert event.object_repr == appointment.beneficiary.file_number


# Missed, done, moved ----------------------------------------------------------------------------


def test_a_missed_appointment_is_on_the_list_to_book_again_until_it_is(client_for, worker):
    appointment = AppointmentFactory(worker=worker, starts_at=at(timezone.localdate(), 8))
    client = client_for(worker)
    detail = reverse("appointments:detail", args=[appointment.pk])
    response = client.post(
        reverse("appointments:state", args=[appointment.pk]), {"state": "missed"}
    )
    assert response.status_code == 302 and response["Location"] == detail
    listed = client.get(reverse("appointments:to_rebook"))
    assert [a.pk for a in listed.context["page"]] == [appointment.pk]
    home = client.get("/fr/")
    items = {item.key: item.count for item in home.context["awaiting"]}
    assert items["appointments.to_rebook"] == 1

    reschedule = reverse("appointments:reschedule", args=[appointment.pk])
    assert client.get(reschedule).status_code == 200
    response = client.post(
        reschedule,
        {"date": tomorrow().isoformat(), "time": "11:00", "duration": "30", "place": "office"},
    )
    assert response.status_code == 302
    again = Appointment.objects.get(rebooked_from=appointment)
    assert again.starts_at == tomorrow_at(11)
    assert not client.get(reverse("appointments:to_rebook")).context["page"].object_list
    assert 'data-testid="rebooked-as"' in client.get(detail).content.decode()


def test_the_day_list_marks_an_appointment_done_and_returns_to_it(client_for, worker):
    appointment = AppointmentFactory(worker=worker, starts_at=at(timezone.localdate(), 8))
    client = client_for(worker)
    day = day_url()
    response = client.post(
        reverse("appointments:state", args=[appointment.pk]), {"state": "done", "next": day}
    )
    assert response["Location"] == day
    appointment.refresh_from_db()
    assert appointment.state == Appointment.State.DONE
    # Anywhere else: back to the appointment.
    other = AppointmentFactory(worker=worker, starts_at=at(timezone.localdate(), 9))
    response = client.post(
        reverse("appointments:state", args=[other.pk]),
        {"state": "done", "next": "https://example.com/"},
    )
    assert response["Location"] == other.get_absolute_url()


def test_an_appointment_to_come_cannot_be_said_missed(client_for, worker):
    appointment = AppointmentFactory(worker=worker)
    response = client_for(worker).post(
        reverse("appointments:state", args=[appointment.pk]), {"state": "missed"}, follow=True
    )
    with translation.override(response.headers["Content-Language"]):
        expected = str(services.NOT_YET)
    assert escape(expected) in response.content.decode()
    appointment.refresh_from_db()
    assert appointment.state == Appointment.State.BOOKED


def test_moving_onto_another_appointment_is_refused_on_the_form(client_for, worker):
    AppointmentFactory(worker=worker, starts_at=tomorrow_at(14))
    appointment = AppointmentFactory(worker=worker, starts_at=tomorrow_at(10))
    response = client_for(worker).post(
        reverse("appointments:reschedule", args=[appointment.pk]),
        {"date": tomorrow().isoformat(), "time": "14:00", "duration": "30", "place": "office"},
    )
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    appointment.refresh_from_db()
    assert appointment.starts_at == tomorrow_at(10)


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_the_appointment_page_renders_in_both_languages(client_for, worker, lang):
    appointment = AppointmentFactory(
        worker=worker, place="centre", centre=CentreFactory(), notes="Avec sa sœur"
    )
    with translation.override(lang):
        url = reverse("appointments:detail", args=[appointment.pk])
    response = client_for(worker).get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Avec sa sœur" in content
    assert 'data-testid="cancel"' in content and 'data-testid="mark-done"' not in content
