"""The register of the people a centre serves: its sections for a season, each with its places;
the people waiting for a place, admitted, attending, then gone with an outcome; the roll-calls
of each section. The centre's monthly activity is computed from it (enrolments.activity).

Places are never overbooked, whatever path writes: PostgreSQL keeps each section's count of
the places taken (`Section.taken`, by the trigger of migration 0001) and refuses a count above
the places (`section_never_overbooked`). Two admissions to the last place at once: the second
waits for the first's row lock on the section, then is refused.

Audited by database triggers; reading an enrolment is reading the person's file (apps.py).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Max
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from beneficiaries.models import Beneficiary
from centres.models import AgeBand, Centre, MonthlyActivity, TargetGroup
from entraide.enums import Sex
from entraide.fields import CleanCharField, CleanTextField
from entraide.scoping import ScopedQuerySet

# Absences in a row after which the centre's managers are told, unless the section says
# otherwise.
ABSENCES_BEFORE_ALERT = 3


def season_of(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The school and training season a day falls in: September to the end of August."""
    start_year = day.year if day.month >= 9 else day.year - 1
    return datetime.date(start_year, 9, 1), datetime.date(start_year + 1, 8, 31)


class SectionQuerySet(ScopedQuerySet):
    scope_field = "centre__delegation"

    def of_season(self, day: datetime.date):
        """The sections running on `day`."""
        return self.filter(starts_on__lte=day, ends_on__gte=day)


class Section(models.Model):
    """A group of a centre for a season: a training section by trade, a kindergarten class, a
    residential unit, a day-care group; with its places."""

    class Kind(models.TextChoices):
        TRAINING = "training", _("training section")
        CLASS = "class", _("kindergarten or school class")
        RESIDENTIAL = "residential", _("residential unit")
        DAY_CARE = "day_care", _("day-care group")
        ACTIVITY = "activity", _("activity group")

    centre = models.ForeignKey(
        Centre, models.PROTECT, related_name="sections", verbose_name=_("centre")
    )
    name = CleanCharField(_("name"), max_length=120, help_text=_("A trade, a class, a unit."))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    starts_on = models.DateField(_("season starts"))
    ends_on = models.DateField(_("season ends"))
    places = models.PositiveSmallIntegerField(_("places"), validators=[MaxValueValidator(2000)])
    # Kept by PostgreSQL (migration 0001): the people admitted or attending.
    taken = models.PositiveSmallIntegerField(_("places taken"), default=0, editable=False)
    priority_groups = models.ManyToManyField(
        TargetGroup,
        blank=True,
        related_name="priority_sections",
        verbose_name=_("target groups served first"),
        help_text=_("People of these groups come first on the waiting list."),
    )
    absences_before_alert = models.PositiveSmallIntegerField(
        _("absences in a row before the manager is told"),
        default=ABSENCES_BEFORE_ALERT,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    delivers_certificate = models.BooleanField(
        _("delivers a certificate"),
        default=False,
        help_text=_("A training certificate for those who complete it."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    objects = SectionQuerySet.as_manager()

    class Meta:
        ordering = ["centre", "-starts_on", "name"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "name", "starts_on"],
                name="section_one_name_per_centre_and_season",
                violation_error_message=_("The centre already has a section of this name."),
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")),
                name="section_season_ends_after_it_starts",
                violation_error_message=_("The season must end after it starts."),
            ),
            models.CheckConstraint(
                condition=models.Q(taken__lte=models.F("places")),
                name="section_never_overbooked",
                violation_error_message=_(
                    "The section has fewer places than the people admitted to it."
                ),
            ),
        ]

    def __str__(self):
        if not (self.starts_on and self.ends_on):
            return self.name
        return f"{self.name} ({self.starts_on:%Y}-{self.ends_on:%Y})"

    def save(self, *args, **kwargs):
        # `taken` is PostgreSQL's (migration 0001): a section read before an admission (a form,
        # the admin, an import) must not write back the count it read, or the place admitted
        # meanwhile would be free again for the CHECK.
        if (
            not self._state.adding
            and not args
            and kwargs.get("update_fields") is None
            and not kwargs.get("force_insert")
        ):
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name != "taken"
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("enrolments:section", args=[self.pk])

    @property
    def free(self):
        return max(self.places - self.taken, 0)

    def clean(self):
        errors = {}
        if self.pk and self.places is not None and self.places < self.taken:
            errors["places"] = _(
                "%(taken)s places are taken: admit fewer people first, or keep at "
                "least as many places."
            ) % {"taken": self.taken}
        if self.pk and self.ends_on:
            # A place is held within the season (EnrolmentQuerySet.present_during) and one
            # leaves by its last day (services.exit): a season does not end before an admission
            # or an exit already recorded, or that person could never leave.
            last = self.enrolments.aggregate(admitted=Max("admitted_on"), left=Max("left_on"))
            latest = max((day for day in last.values() if day), default=None)
            if latest and self.ends_on < latest:
                errors["ends_on"] = _(
                    "People were admitted or left until %(date)s: the season cannot end before."
                ) % {"date": formats.date_format(latest, "SHORT_DATE_FORMAT")}
        if errors:
            raise ValidationError(errors)


class EnrolmentQuerySet(ScopedQuerySet):
    scope_field = "section__centre__delegation"

    def waiting(self):
        return self.filter(status=Enrolment.Status.WAITING)

    def placed(self):
        """Those who hold a place: admitted or attending."""
        return self.filter(status__in=Enrolment.PLACED)

    def in_priority_order(self):
        """The waiting list's order, the one `Enrolment.PRIORITY` documents."""
        return self.order_by("-priority_group", "-vulnerability", "requested_on", "pk")

    def present_during(self, first: datetime.date, last: datetime.date):
        """Those who held a place on some day from `first` to `last`: a place is held within
        its section's season, even when the exit was not recorded when it ended (or the
        admission was made before it began)."""
        return self.filter(
            admitted_on__lte=last,
            section__starts_on__lte=last,
            section__ends_on__gte=first,
        ).exclude(left_on__lt=first)


class Enrolment(models.Model):
    """A person's place in a section: asked for (the waiting list), admitted, attending, then
    left with an outcome; or withdrawn from the list before any place."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("on the waiting list")
        ADMITTED = "admitted", pgettext_lazy("a place in a section", "admitted")
        ACTIVE = "active", _("attending")
        LEFT = "left", _("left")
        WITHDRAWN = "withdrawn", _("withdrawn from the list")

    PLACED = (Status.ADMITTED, Status.ACTIVE)
    OPEN = (Status.WAITING, Status.ADMITTED, Status.ACTIVE)

    class Vulnerability(models.IntegerChoices):
        ORDINARY = 0, _("ordinary")
        HIGH = 1, pgettext_lazy("a vulnerability", "high")
        URGENT = 2, _("urgent")

    class Outcome(models.TextChoices):
        COMPLETED = "completed", pgettext_lazy("an outcome", "completed")
        DROPPED_OUT = "dropped_out", _("dropped out")
        TRANSFERRED = "transferred", _("transferred to another centre")
        SCHOOL = "school", _("returned to school")
        WORK = "work", _("found work")
        OTHER = "other", pgettext_lazy("an outcome", "other")

    # The waiting list's order, as a manager explains it: first those of the target groups the
    # section serves first, then by vulnerability, then the earliest request.
    PRIORITY = (
        _("a target group the section serves first"),
        _("vulnerability"),
        _("date of the request"),
    )

    section = models.ForeignKey(
        Section, models.PROTECT, related_name="enrolments", verbose_name=_("section")
    )
    person = models.ForeignKey(
        Beneficiary, models.PROTECT, related_name="enrolments", verbose_name=_("person")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    requested_on = models.DateField(_("asked on"), default=timezone.localdate)
    target_group = models.ForeignKey(
        TargetGroup,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("target group"),
    )
    # Set from the target group when the person is placed on the list or the group changes:
    # whether it is one the section serves first.
    priority_group = models.BooleanField(_("served first"), default=False)
    vulnerability = models.PositiveSmallIntegerField(
        _("vulnerability"), choices=Vulnerability.choices, default=Vulnerability.ORDINARY
    )
    admitted_on = models.DateField(_("admitted on"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, blank=True)
    note = CleanTextField(_("note"), blank=True)
    # Absences in a row at the last roll-calls, kept by each roll-call (services).
    absences_in_a_row = models.PositiveSmallIntegerField(_("absences in a row"), default=0)
    certificate_number = models.CharField(
        _("certificate number"), max_length=30, unique=True, null=True, blank=True
    )
    certificate_code = models.CharField(
        _("verification code"), max_length=20, unique=True, null=True, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["section", "status", "pk"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        permissions = [("admit_enrolment", _("Can admit, exit and certify people"))]
        indexes = [
            models.Index(
                fields=["section", "-priority_group", "-vulnerability", "requested_on", "id"],
                condition=models.Q(status="waiting"),
                name="enrolment_waiting_list",
            ),
            models.Index(
                fields=["section", "status"],
                name="enrolment_section_status",
            ),
            # The people placed and absent at the last roll-calls, by section, with how many
            # times in a row (enrolments.awaiting.absent_too_long, on every home page of those
            # who keep a register): a twentieth of the placed, read from the index alone.
            models.Index(
                fields=["section"],
                include=["absences_in_a_row"],
                condition=models.Q(status__in=["admitted", "active"], absences_in_a_row__gt=0),
                name="enrolment_absent_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "person"],
                condition=models.Q(status__in=["waiting", "admitted", "active"]),
                name="enrolment_one_open_per_person_and_section",
                violation_error_message=_("This person is already listed in this section."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["admitted", "active", "left"])
                | models.Q(admitted_on__isnull=False),
                name="enrolment_placed_has_admission_date",
                violation_error_message=_("An admission has its date."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="left")
                | (models.Q(left_on__isnull=False) & ~models.Q(outcome="")),
                name="enrolment_left_has_date_and_outcome",
                violation_error_message=_("A person who leaves has a date and an outcome."),
            ),
            models.CheckConstraint(
                condition=models.Q(left_on__isnull=True)
                | models.Q(left_on__gte=models.F("admitted_on")),
                name="enrolment_leaves_after_admission",
                violation_error_message=_("One leaves after being admitted."),
            ),
            models.CheckConstraint(
                condition=models.Q(certificate_number__isnull=True) | models.Q(outcome="completed"),
                name="enrolment_certificate_only_when_completed",
                violation_error_message=_("A certificate is delivered to those who complete."),
            ),
        ]

    def __str__(self):
        return f"{self.person.file_number} · {self.section}"

    def get_absolute_url(self):
        return reverse("enrolments:enrolment", args=[self.pk])

    @property
    def audit_label(self):
        return f"{self.person.file_number} · {self.section_id}"

    @property
    def is_open(self):
        return self.status in self.OPEN

    @property
    def is_placed(self):
        return self.status in self.PLACED


class WaitingListChangeQuerySet(ScopedQuerySet):
    scope_field = "enrolment__section__centre__delegation"


class WaitingListChange(models.Model):
    """Every change of a waiting list's order, with the positions before and after: a person
    placed on it, their priority changed, admitted, withdrawn. Append-only."""

    class Kind(models.TextChoices):
        ADDED = "added", _("placed on the list")
        PRIORITY = "priority", _("priority changed")
        ADMITTED = "admitted", pgettext_lazy("a place in a section", "admitted")
        WITHDRAWN = "withdrawn", _("withdrawn")

    enrolment = models.ForeignKey(
        Enrolment, models.CASCADE, related_name="list_changes", verbose_name=_("enrolment")
    )
    kind = models.CharField(_("change"), max_length=10, choices=Kind.choices)
    position_before = models.PositiveIntegerField(_("position before"), null=True, blank=True)
    position_after = models.PositiveIntegerField(_("position after"), null=True, blank=True)
    reason = CleanTextField(_("reason"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("when"), default=timezone.now)

    objects = WaitingListChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("change of the waiting list")
        verbose_name_plural = _("changes of the waiting list")

    def __str__(self):
        return f"{self.enrolment_id} · {self.get_kind_display()}"


class RollCallQuerySet(ScopedQuerySet):
    scope_field = "section__centre__delegation"


class RollCall(models.Model):
    """A section's roll-call on one day."""

    section = models.ForeignKey(
        Section, models.PROTECT, related_name="roll_calls", verbose_name=_("section")
    )
    day = models.DateField(_("day"))
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("taken by")
    )
    taken_at = models.DateTimeField(_("taken at"), default=timezone.now)

    objects = RollCallQuerySet.as_manager()

    class Meta:
        ordering = ["-day"]
        verbose_name = _("roll-call")
        verbose_name_plural = _("roll-calls")
        constraints = [
            models.UniqueConstraint(
                fields=["section", "day"],
                name="rollcall_one_per_section_and_day",
                violation_error_message=_("The roll of this section was already called today."),
            ),
        ]

    def __str__(self):
        return f"{self.section} · {self.day:%Y-%m-%d}"


class AttendanceQuerySet(ScopedQuerySet):
    scope_field = "roll_call__section__centre__delegation"


class Attendance(models.Model):
    # Indexed by the unique (roll_call, enrolment) and by attendance_person (enrolment,
    # roll_call): a single-column index on each would only weigh on the biggest table.
    roll_call = models.ForeignKey(
        RollCall,
        models.CASCADE,
        related_name="marks",
        verbose_name=_("roll-call"),
        db_index=False,
    )
    enrolment = models.ForeignKey(
        Enrolment,
        models.CASCADE,
        related_name="marks",
        verbose_name=_("enrolment"),
        db_index=False,
    )
    present = models.BooleanField(_("present"))

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(
                fields=["roll_call", "enrolment"],
                name="attendance_one_per_person_and_roll_call",
                violation_error_message=_("This person is already marked."),
            ),
        ]
        indexes = [models.Index(fields=["enrolment", "roll_call"], name="attendance_person")]

    def __str__(self):
        return f"{self.roll_call} · {self.enrolment_id} · {self.present}"


class MonthCorrectionQuerySet(ScopedQuerySet):
    scope_field = "activity__centre__delegation"

    def in_force(self):
        """The last correction of each figure of each month: the one that stands."""
        key = ("activity_id", "figure", "target_group_id", "sex", "age_band")
        return self.order_by(*key, "-at", "-pk").distinct(*key)


class MonthCorrection(models.Model):
    """A figure of a centre's month, computed from its register (enrolments.activity), that the
    centre corrected: the value computed then, the value given, the reason, who and when.
    Append-only: a later correction of the same figure stands in its place, and one back to
    the computed value lets the register's count stand again."""

    class Figure(models.TextChoices):
        PEOPLE_SERVED = "people_served", _("people served")
        NEW_ENTRIES = "new_entries", _("new entries")
        EXITS = "exits", _("exits")
        SESSIONS_HELD = "sessions_held", _("sessions held")
        CELL = "cell", _("people served of a target group, sex and age band")

    TOTALS = (Figure.PEOPLE_SERVED, Figure.NEW_ENTRIES, Figure.EXITS, Figure.SESSIONS_HELD)

    activity = models.ForeignKey(
        MonthlyActivity,
        models.PROTECT,
        related_name="corrections",
        verbose_name=_("month"),
    )
    figure = models.CharField(_("figure"), max_length=14, choices=Figure.choices)
    # For a cell of the table: its target group (none: people placed under no group), sex and
    # age band (empty: age unknown).
    target_group = models.ForeignKey(
        TargetGroup,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("target group"),
    )
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    age_band = models.CharField(_("age band"), max_length=5, choices=AgeBand.choices, blank=True)
    computed = models.PositiveIntegerField(_("computed from the register"))
    corrected = models.PositiveIntegerField(_("corrected to"))
    reason = CleanTextField(_("reason"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("when"), default=timezone.now)

    objects = MonthCorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("correction of a computed month")
        verbose_name_plural = _("corrections of computed months")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(reason=""),
                name="monthcorrection_has_a_reason",
                violation_error_message=_("Say why the figure is corrected."),
            ),
            models.CheckConstraint(
                condition=models.Q(figure="cell")
                | models.Q(target_group__isnull=True, sex="", age_band=""),
                name="monthcorrection_cell_only_for_cells",
                violation_error_message=_("Only a cell of the table has a group, sex and band."),
            ),
        ]

    def __str__(self):
        return f"{self.activity} · {self.get_figure_display()} · {self.computed} → {self.corrected}"

    @property
    def key(self):
        """What figure it corrects, as enrolments.activity names them."""
        if self.figure == self.Figure.CELL:
            return (self.target_group_id, self.sex, self.age_band)
        return self.figure
