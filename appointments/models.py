"""Appointments: a person expected by a worker at a time and a place.

Audited by database triggers and read as part of the person's file (apps.py). A worker's
booked appointments never overlap: the database refuses it (`appointment_worker_no_overlap`),
whatever path writes them.
"""

import datetime

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeOperators
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from beneficiaries.models import Beneficiary, CaseFile, Consent
from centres.models import Centre
from entraide.fields import CleanCharField
from entraide.scoping import ScopedQuerySet

DEFAULT_DURATION = 30  # minutes
DURATIONS = [15, 30, 45, 60, 90, 120]  # what the forms offer
MAX_DURATION = 8 * 60


def duration_label(minutes):
    """ "45 minutes", in the active language."""
    return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}


class TsTzRange(models.Func):
    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


def minutes(expression):
    """`expression` (a number of minutes) as a PostgreSQL interval."""
    return models.Func(
        expression,
        function="make_interval",
        template="%(function)s(mins => %(expressions)s)",
        output_field=models.DurationField(),
    )


def day_bounds(first, last=None):
    """The aware moments a local day (or the days from `first` to `last`) starts and ends:
    [start, end). A day is not always 24 hours (Morocco moves its clocks around Ramadan)."""
    last = last or first
    start = timezone.make_aware(datetime.datetime.combine(first, datetime.time.min))
    end = timezone.make_aware(
        datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time.min)
    )
    return start, end


class AppointmentQuerySet(ScopedQuerySet):
    scope_field = "beneficiary__delegation"

    def booked(self):
        return self.filter(state=Appointment.State.BOOKED)

    def of_worker(self, worker):
        return self.filter(worker=worker)

    def on_days(self, first, last=None):
        """Those that start on the local days from `first` to `last` (one day without it)."""
        start, end = day_bounds(first, last)
        return self.filter(starts_at__gte=start, starts_at__lt=end)

    def to_rebook(self):
        """Missed and not booked again: they wait on the worker's list until they are."""
        return self.filter(state=Appointment.State.MISSED, rebooked_as__isnull=True)

    def with_contact_consent(self):
        """Those whose person's latest answer on being contacted is yes
        (Beneficiary.consents_to, for many rows in one query)."""
        latest = (
            Consent.objects.filter(
                beneficiary=models.OuterRef("beneficiary"), purpose=Consent.Purpose.CONTACT
            )
            .order_by("-recorded_at", "-pk")
            .values("given")[:1]
        )
        return self.annotate(contact_consent=models.Subquery(latest)).filter(contact_consent=True)


class Appointment(models.Model):
    class Place(models.TextChoices):
        OFFICE = "office", _("at the delegation's office")
        CENTRE = "centre", _("at a centre")
        HOME = "home", _("home visit")

    class State(models.TextChoices):
        BOOKED = "booked", _("booked")
        DONE = "done", _("done")
        MISSED = "missed", _("missed")
        CANCELLED = "cancelled", _("cancelled")

    beneficiary = models.ForeignKey(
        Beneficiary, models.PROTECT, related_name="appointments", verbose_name=_("person")
    )
    case = models.ForeignKey(
        CaseFile,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="appointments",
        verbose_name=_("case"),
    )
    # The one who sees it in their agenda.
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="appointments",
        verbose_name=_("social worker"),
    )
    starts_at = models.DateTimeField(_("starts at"))
    duration = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        default=DEFAULT_DURATION,
        validators=[MinValueValidator(5), MaxValueValidator(MAX_DURATION)],
    )
    # starts_at + duration, kept by save() (and checked by the database) for the constraint
    # that no two booked appointments of a worker overlap.
    ends_at = models.DateTimeField(_("ends at"), editable=False)
    place = models.CharField(_("place"), max_length=8, choices=Place.choices)
    centre = models.ForeignKey(
        Centre,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="appointments",
        verbose_name=_("centre"),
    )
    notes = CleanCharField(
        _("notes"),
        max_length=200,
        blank=True,
        help_text=_("What to bring, who comes along: no details of the case."),
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.BOOKED)
    # A missed appointment booked again: the new one points to it, and the missed one leaves
    # the list of those to rebook.
    rebooked_from = models.OneToOneField(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="rebooked_as",
        verbose_name=_("booked again after"),
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("booked by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        indexes = [
            models.Index(fields=["worker", "starts_at"], name="appointment_agenda_idx"),
            models.Index(fields=["starts_at"], name="appointment_starts_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(place="centre", centre__isnull=False)
                | (~models.Q(place="centre") & models.Q(centre__isnull=True)),
                name="appointment_centre_when_at_a_centre",
                violation_error_message=_(
                    "Choose the centre for an appointment at a centre, and only then."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at=models.F("starts_at") + minutes(models.F("duration"))),
                name="appointment_ends_after_its_duration",
                violation_error_message=_("An appointment ends after its duration."),
            ),
            ExclusionConstraint(
                name="appointment_worker_no_overlap",
                expressions=[
                    (models.F("worker"), RangeOperators.EQUAL),
                    (TsTzRange("starts_at", "ends_at"), RangeOperators.OVERLAPS),
                ],
                condition=models.Q(state="booked"),
                violation_error_message=_(
                    "The social worker already has an appointment at that time."
                ),
            ),
        ]

    def __str__(self):
        moment = date_format(timezone.localtime(self.starts_at), "SHORT_DATETIME_FORMAT")
        return f"{moment} · {self.get_place_display()}"

    def save(self, *args, **kwargs):
        self.set_end()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("appointments:detail", args=[self.pk])

    def clean(self):
        self.set_end()
        errors = {}
        if self.place == self.Place.CENTRE and not self.centre_id:
            errors["centre"] = _("Choose the centre.")
        if self.case_id and self.beneficiary_id and self.case.beneficiary_id != self.beneficiary_id:
            errors["case"] = _("The case must be one of the person's.")
        if errors:
            raise ValidationError(errors)

    def set_end(self):
        if self.starts_at is not None and self.duration is not None:
            self.ends_at = self.starts_at + datetime.timedelta(minutes=self.duration)

    @property
    def audit_label(self):
        return f"appointment #{self.pk}"

    @property
    def day(self):
        """The local day it takes place."""
        return timezone.localdate(self.starts_at)

    @property
    def has_begun(self):
        """Done or missed may be said of it: its day has come."""
        return self.day <= timezone.localdate()

    @property
    def is_to_rebook(self):
        return self.state == self.State.MISSED and not hasattr(self, "rebooked_as")

    def duration_label(self):
        return duration_label(self.duration)

    def place_label(self):
        """Where, in words: the centre's name, the delegation's office, or the home visit."""
        if self.place == self.Place.CENTRE and self.centre_id:
            return str(self.centre)
        return self.get_place_display()
