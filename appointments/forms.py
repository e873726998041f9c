import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from beneficiaries.models import CaseFile
from centres.models import Centre
from entraide.models import User

from .models import DEFAULT_DURATION, DURATIONS, Appointment, duration_label
from .perms import may_choose_worker
from .selectors import agenda_workers, bookable_workers

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time", "step": 300, "dir": "ltr"}, format="%H:%M")


class WorkerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        # In the page's script (User.display_name), else the account's name.
        return user.display_name or user.get_username()


class MomentForm(forms.Form):
    """When and where: the date and time, the duration, the place (and the centre, for an
    appointment at a centre). `starts_at` in cleaned_data, aware, in the portal's zone."""

    date = forms.DateField(label=_("Date"), widget=DATE)
    time = forms.TimeField(label=pgettext_lazy("time of day", "Time"), widget=TIME)
    duration = forms.TypedChoiceField(
        label=_("Duration"), coerce=int, initial=DEFAULT_DURATION, choices=()
    )
    place = forms.ChoiceField(
        label=_("Place"), choices=Appointment.Place.choices, initial=Appointment.Place.OFFICE
    )
    centre = forms.ModelChoiceField(
        label=_("Centre"),
        queryset=Centre.objects.none(),
        required=False,
        help_text=_("For an appointment at a centre."),
    )

    def __init__(self, *args, delegation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["duration"].choices = [(m, duration_label(m)) for m in DURATIONS]
        self.fields["centre"].queryset = Centre.objects.open().filter(delegation=delegation)

    def clean(self):
        data = super().clean()
        day, moment = data.get("date"), data.get("time")
        if day is not None and moment is not None:
            starts_at = timezone.make_aware(datetime.datetime.combine(day, moment))
            if starts_at <= timezone.now():
                self.add_error("time", _("This time has passed: choose a time to come."))
            else:
                data["starts_at"] = starts_at
        if data.get("place") == Appointment.Place.CENTRE:
            if data.get("centre") is None and "centre" not in self.errors:
                self.add_error("centre", _("Choose the centre."))
        else:
            # Another place: a centre chosen before the place was changed is dropped.
            data["centre"] = None
        return data


class BookingForm(MomentForm):
    """An appointment booked from a person's file: with whom, about which case, and a short
    note (what to bring)."""

    worker = WorkerChoiceField(label=_("Social worker"), queryset=None)
    case = forms.ModelChoiceField(
        label=_("Case"),
        queryset=CaseFile.objects.none(),
        required=False,
        help_text=_("The case the appointment is about, if any."),
    )
    notes = forms.CharField(
        label=_("Notes"),
        max_length=Appointment._meta.get_field("notes").max_length,
        required=False,
        help_text=Appointment._meta.get_field("notes").help_text,
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )

    def __init__(self, *args, person, user, **kwargs):
        super().__init__(*args, delegation=person.delegation_id, **kwargs)
        workers = bookable_workers(person.delegation).filter(
            pk__in=User.objects.visible_to(user).values("pk")
        )
        self.fields["worker"].queryset = workers
        if workers.filter(pk=user.pk).exists():
            self.fields["worker"].initial = user.pk
        self.fields["case"].queryset = (
            CaseFile.objects.visible_to(user).filter(beneficiary=person).open().order_by("-pk")
        )


class AgendaForm(forms.Form):
    """Which day (any day of the week shown) and, for those who oversee, whose agenda."""

    date = forms.DateField(label=_("Date"), widget=DATE, required=False)
    worker = WorkerChoiceField(label=_("Social worker"), queryset=None, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if may_choose_worker(user):
            self.fields["worker"].queryset = agenda_workers(user)
        else:
            del self.fields["worker"]

    @property
    def chooses_worker(self):
        return "worker" in self.fields

    def value(self, name, default=None):
        """The value asked for if valid, else `default` (a mistyped date shows today)."""
        if not self.is_bound:
            return default
        self.is_valid()
        return self.cleaned_data.get(name) or default


class StateForm(forms.Form):
    state = forms.ChoiceField(
        choices=[
            (state.value, state.label)
            for state in (
                Appointment.State.DONE,
                Appointment.State.MISSED,
                Appointment.State.CANCELLED,
            )
        ]
    )
