import datetime
from urllib.parse import urlencode, urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beneficiaries.models import Beneficiary, CaseFile
from entraide.scoping import get_visible_or_404

from . import forms, services
from .models import Appointment
from .perms import may_choose_worker

PAGE_SIZE = 25
# The days of a week shown even when empty: the working days. Saturday and Sunday appear when
# they hold an appointment.
WORKING_DAYS = 5


def _person(request, file_number):
    return get_visible_or_404(
        Beneficiary.objects.select_related("delegation"), request.user, file_number=file_number
    )


def _appointment(request, pk):
    return get_visible_or_404(
        Appointment.objects.select_related(
            "beneficiary__delegation", "case", "worker", "centre", "booked_by", "rebooked_from"
        ),
        request.user,
        pk=pk,
    )


def _add_errors(form, error):
    """A service's refusal, on the form's fields where it names one of them (the moment on
    its time), above the form otherwise."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        field = "time" if name == "starts_at" else name
        if field not in form.fields or field == NON_FIELD_ERRORS:
            field = None
        form.add_error(field, errors)


def agenda_url(name, *, day=None, worker=None, user=None):
    """The URL of an agenda page (`name`: "week" or "day") on `day`, of `worker` when it is
    not the reader's own."""
    query = {}
    if day is not None:
        query["date"] = day.isoformat()
    if worker is not None and user is not None and worker.pk != user.pk:
        query["worker"] = worker.pk
    url = reverse(f"appointments:{name}")
    return f"{url}?{urlencode(query)}" if query else url


def _after_booking(request, appointment):
    """The week the appointment was booked in, in the agenda it went to when the user reads
    that agenda; its own page otherwise (booked for a colleague)."""
    user = request.user
    if appointment.worker_id == user.pk or may_choose_worker(user):
        return agenda_url("week", day=appointment.day, worker=appointment.worker, user=user)
    return appointment.get_absolute_url()


def _back(request, appointment):
    """Where an action on an appointment returns: the agenda page it was taken from, or the
    appointment's page."""
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        path = urlsplit(back).path
        try:
            with translation.override(translation.get_language_from_path(path)):
                match = resolve(path)
        except Resolver404:
            match = None
        if match is not None and match.namespace == "appointments":
            return back
    return appointment.get_absolute_url()


# Booking ----------------------------------------------------------------------------------------


@permission_required("appointments.add_appointment", raise_exception=True)
def book(request, file_number):
    """Book an appointment from a person's file: `?case=<number>` preselects a case,
    `?date=YYYY-MM-DD` a day."""
    person = _person(request, file_number)
    if person.merged_into_id:
        return redirect("appointments:book", file_number=person.merged_into.file_number)
    initial = {}
    if request.method == "GET":
        agenda = forms.AgendaForm(request.GET, user=request.user)
        if day := agenda.value("date"):
            initial["date"] = day
        if number := request.GET.get("case"):
            initial["case"] = CaseFile.objects.filter(beneficiary=person, number=number).first()
    form = forms.BookingForm(
        request.POST or None, person=person, user=request.user, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            appointment = services.appointment_book(
                beneficiary=person,
                worker=data["worker"],
                starts_at=data["starts_at"],
                duration=data["duration"],
                place=data["place"],
                centre=data["centre"],
                case=data["case"],
                notes=data["notes"],
                actor=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The appointment has been booked."))
            return redirect(_after_booking(request, appointment))
    context = {"person": person, "form": form}
    status = 400 if request.method == "POST" else 200
    return render(request, "appointments/book.html", context, status=status)


# The agenda -------------------------------------------------------------------------------------


def _agenda(request):
    """The agenda form, the day asked for (today by default), and whose agenda it is."""
    form = forms.AgendaForm(request.GET or None, user=request.user)
    day = form.value("date", timezone.localdate())
    worker = form.value("worker", request.user) if form.chooses_worker else request.user
    return form, day, worker


def _agenda_context(request, form, worker, name, day, step):
    user = request.user
    today = timezone.localdate()
    return {
        "form": form,
        "worker": worker,
        "own": worker.pk == user.pk,
        "today": today,
        "previous_url": agenda_url(name, day=day - step, worker=worker, user=user),
        "next_url": agenda_url(name, day=day + step, worker=worker, user=user),
        "today_url": agenda_url(name, worker=worker, user=user),
        "week_url": agenda_url("week", day=day, worker=worker, user=user),
        "day_url": agenda_url("day", day=day, worker=worker, user=user),
        "can_change": user.has_perm("appointments.change_appointment"),
    }


def _rows(user, worker):
    return (
        Appointment.objects.visible_to(user)
        .of_worker(worker)
        .select_related("beneficiary", "case", "centre")
        .order_by("starts_at", "pk")
    )


@permission_required("appointments.view_appointment", raise_exception=True)
def week(request):
    """A worker's week, Monday first: a column per day on a wide screen, a list by day on a
    phone. Cancelled appointments are left out (the day's page shows them)."""
    form, day, worker = _agenda(request)
    first = day - datetime.timedelta(days=day.weekday())
    last = first + datetime.timedelta(days=6)
    by_day = {first + datetime.timedelta(days=n): [] for n in range(7)}
    rows = _rows(request.user, worker).on_days(first, last)
    for appointment in rows.exclude(state=Appointment.State.CANCELLED):
        by_day[appointment.day].append(appointment)
    context = _agenda_context(request, form, worker, "week", day, datetime.timedelta(days=7))
    context.update(
        first=first,
        last=last,
        days=[
            {
                "date": date,
                "appointments": appointments,
                "url": agenda_url("day", day=date, worker=worker, user=request.user),
            }
            for date, appointments in by_day.items()
            if date.weekday() < WORKING_DAYS or appointments
        ],
        is_this_week=first <= context["today"] <= last,
    )
    return render(request, "appointments/week.html", context)


@permission_required("appointments.view_appointment", raise_exception=True)
def day(request):
    form, day, worker = _agenda(request)
    context = _agenda_context(request, form, worker, "day", day, datetime.timedelta(days=1))
    context.update(
        day=day,
        appointments=list(_rows(request.user, worker).on_days(day)),
        is_today=day == context["today"],
    )
    return render(request, "appointments/day.html", context)


@permission_required("appointments.view_appointment", raise_exception=True)
def to_rebook(request):
    """The missed appointments not booked again: a worker's own; those who oversee, every
    worker's of their scope."""
    user = request.user
    rows = (
        Appointment.objects.visible_to(user)
        .to_rebook()
        .select_related("beneficiary", "case", "worker", "centre")
        .order_by("-starts_at", "-pk")
    )
    oversees = may_choose_worker(user)
    if not oversees:
        rows = rows.of_worker(user)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "oversees": oversees,
        "can_change": user.has_perm("appointments.change_appointment"),
    }
    return render(request, "appointments/to_rebook.html", context)


# One appointment --------------------------------------------------------------------------------


@permission_required("appointments.view_appointment", raise_exception=True)
def detail(request, pk):
    appointment = _appointment(request, pk)
    user = request.user
    context = {
        "appointment": appointment,
        "person": appointment.beneficiary,
        "rebooked_as": Appointment.objects.filter(rebooked_from=appointment).first(),
        "can_change": user.has_perm("appointments.change_appointment"),
        "week_url": agenda_url("week", day=appointment.day, worker=appointment.worker, user=user)
        if appointment.worker_id == user.pk or may_choose_worker(user)
        else None,
    }
    return render(request, "appointments/detail.html", context)


@require_POST
@permission_required("appointments.change_appointment", raise_exception=True)
def state(request, pk):
    """Done, missed or cancelled."""
    appointment = _appointment(request, pk)
    form = forms.StateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say what became of the appointment."))
        return redirect(_back(request, appointment))
    change, done = {
        Appointment.State.DONE: (
            services.appointment_mark_done,
            _("The appointment is recorded as done."),
        ),
        Appointment.State.MISSED: (
            services.appointment_mark_missed,
            _("The appointment is recorded as missed: it waits on the list to book again."),
        ),
        Appointment.State.CANCELLED: (
            services.appointment_cancel,
            _("The appointment has been cancelled."),
        ),
    }[form.cleaned_data["state"]]
    try:
        change(appointment=appointment, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect(_back(request, appointment))


@permission_required("appointments.change_appointment", raise_exception=True)
def reschedule(request, pk):
    """Move a booked appointment, or book again a missed one."""
    appointment = _appointment(request, pk)
    if not (
        appointment.state == Appointment.State.BOOKED
        or (appointment.state == Appointment.State.MISSED and appointment.is_to_rebook)
    ):
        messages.error(request, _("This appointment cannot be moved: book a new one."))
        return redirect(appointment)
    person = appointment.beneficiary
    initial = {
        "duration": appointment.duration,
        "place": appointment.place,
        "centre": appointment.centre_id,
    }
    if appointment.state == Appointment.State.BOOKED:
        moment = timezone.localtime(appointment.starts_at)
        initial.update(date=moment.date(), time=moment.time())
    form = forms.MomentForm(request.POST or None, delegation=person.delegation_id, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            booked = services.appointment_reschedule(
                appointment=appointment,
                starts_at=data["starts_at"],
                duration=data["duration"],
                place=data["place"],
                centre=data["centre"],
                actor=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if booked.pk == appointment.pk:
                messages.success(request, _("The appointment has been moved."))
            else:
                messages.success(request, _("The appointment has been booked again."))
            return redirect(_after_booking(request, booked))
    context = {"appointment": appointment, "person": person, "form": form}
    status = 400 if request.method == "POST" else 200
    return render(request, "appointments/reschedule.html", context, status=status)
