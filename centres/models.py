import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from entraide.audit import audited
from entraide.enums import Sex
from entraide.fields import CleanCharField, CleanTextField, PhoneField
from entraide.models import ReferenceModel
from entraide.numbers import number
from entraide.scoping import ScopedQuerySet
from entraide.search import fold, folded_column
from territory.models import OrgUnit, Province


class TargetGroup(ReferenceModel):
    """Who a centre serves, and who a beneficiary is: shared with the beneficiaries app."""

    class Meta(ReferenceModel.Meta):
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")


# How long a centre may take to answer a referral for a service, unless the catalogue says
# otherwise (beneficiaries.Referral.due_at): a referral asked for no service in particular
# waits as long as a normal one.
RESPONSE_DAYS = 7
URGENT_RESPONSE_HOURS = 24


class Service(ReferenceModel):
    # The deadlines of the referrals that ask for the service, set by the catalogue: a child
    # at risk cannot wait a week.
    urgent_response_hours = models.PositiveSmallIntegerField(
        _("answer to an urgent referral within (hours)"),
        default=URGENT_RESPONSE_HOURS,
        db_default=URGENT_RESPONSE_HOURS,
        validators=[MinValueValidator(1)],
    )
    response_days = models.PositiveSmallIntegerField(
        _("answer to a referral within (days)"),
        default=RESPONSE_DAYS,
        db_default=RESPONSE_DAYS,
        validators=[MinValueValidator(1)],
    )

    class Meta(ReferenceModel.Meta):
        verbose_name = _("service")
        verbose_name_plural = _("services")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(urgent_response_hours__gte=1, response_days__gte=1),
                name="service_response_delays_positive",
                violation_error_message=_("A response delay is at least one hour or one day."),
            ),
        ]


def response_delay(service, urgent):
    """How long a referral may wait for its answer: the service's delay by urgency, or the
    defaults when it asks for no service in particular."""
    if urgent:
        hours = service.urgent_response_hours if service else URGENT_RESPONSE_HOURS
        return datetime.timedelta(hours=hours)
    return datetime.timedelta(days=service.response_days if service else RESPONSE_DAYS)


class CapacityUnit(models.TextChoices):
    PLACES = "places", _("places")
    BEDS = "beds", _("beds")
    TRAINEES = "trainees", _("trainees")
    CHILDREN = "children", _("children")


def capacity_text(capacity, unit):
    """A capacity and what it counts, in the plural form its number takes ("120 places"): a
    number and a plural label side by side read wrong in Arabic, which has six forms."""
    if unit == CapacityUnit.BEDS:
        text = ngettext("%(count)s bed", "%(count)s beds", capacity)
    elif unit == CapacityUnit.TRAINEES:
        text = ngettext("%(count)s trainee", "%(count)s trainees", capacity)
    elif unit == CapacityUnit.CHILDREN:
        text = ngettext("%(count)s child", "%(count)s children", capacity)
    else:
        text = ngettext("%(count)s place", "%(count)s places", capacity)
    return text % {"count": number(capacity)}


class CentreType(ReferenceModel):
    class Family(models.TextChoices):
        SOCIAL_ASSISTANCE = "social_assistance", _("social assistance")
        SOCIAL_INSERTION = "social_insertion", _("social insertion")
        SOCIAL_ANIMATION = "social_animation", _("social animation")

    family = models.CharField(_("family"), max_length=20, choices=Family.choices)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="kinds",
        verbose_name=_("kind of"),
        help_text=_("For a sub-kind, the type it belongs to."),
    )
    capacity_unit = models.CharField(
        _("capacity counted in"),
        max_length=10,
        choices=CapacityUnit.choices,
        default=CapacityUnit.PLACES,
    )

    class Meta(ReferenceModel.Meta):
        verbose_name = _("centre type")
        verbose_name_plural = _("centre types")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")),
                name="centretype_not_its_own_parent",
                violation_error_message=_("A centre type cannot be a kind of itself."),
            ),
        ]


class CentreQuerySet(ScopedQuerySet):
    scope_field = "delegation"

    def search(self, text):
        """Code, Arabic or Latin name, whatever the diacritics, alef forms, case or accents."""
        folded = fold(text)
        if not folded:
            return self
        return self.filter(search_text__contains=folded)

    def open(self):
        return self.filter(status=Centre.Status.OPEN)


class Centre(models.Model):
    class ManagementMode(models.TextChoices):
        EN = "en", _("run by Entraide Nationale")
        ASSOCIATION = "association", _("run by a partner association")
        JOINT = "joint", _("run jointly")

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        UNDER_CONSTRUCTION = "under_construction", _("under construction")
        OPEN = "open", _("open")
        TEMPORARILY_CLOSED = "temporarily_closed", _("temporarily closed")
        CLOSED = "closed", _("closed")

    code = models.CharField(
        _("code"),
        max_length=30,
        unique=True,
        validators=[
            RegexValidator(r"^[A-Z0-9][A-Z0-9-]*$", _("Use capital letters, digits and hyphens."))
        ],
    )
    name = CleanCharField(_("name"), max_length=200)
    type = models.ForeignKey(
        CentreType, models.PROTECT, related_name="centres", verbose_name=_("type")
    )
    delegation = models.ForeignKey(
        OrgUnit,
        models.PROTECT,
        related_name="centres",
        limit_choices_to={"kind": OrgUnit.Kind.DELEGATION},
        verbose_name=_("delegation"),
    )
    province = models.ForeignKey(
        Province, models.PROTECT, related_name="centres", verbose_name=_("province")
    )
    commune = CleanCharField(_("commune"), max_length=120, blank=True)
    address = CleanCharField(_("address"), max_length=255, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    # The rule is PhoneField's; the column keeps its former width so that the audit's history
    # tables, which hold the numbers as once typed, need no rewrite.
    phone = PhoneField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    management_mode = models.CharField(
        _("management"),
        max_length=12,
        choices=ManagementMode.choices,
        default=ManagementMode.EN,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    status_date = models.DateField(
        _("status since"), default=timezone.localdate, help_text=_("The date of this status.")
    )
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    capacity_unit = models.CharField(
        _("capacity counted in"), max_length=10, choices=CapacityUnit.choices, blank=True
    )
    staff_count = models.PositiveSmallIntegerField(_("staff"), default=0)
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="centres", verbose_name=_("target groups")
    )
    services = models.ManyToManyField(
        Service, blank=True, related_name="centres", verbose_name=_("services offered")
    )
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="managed_centres",
        verbose_name=_("centre managers"),
        help_text=_("The accounts that enter this centre's monthly activity."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    # The folded code and names, for search (entraide.search); kept by PostgreSQL itself, so
    # imports and bulk writes cannot leave it stale.
    search_text = folded_column("code", "name_ar", "name_fr")

    objects = CentreQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("centre")
        verbose_name_plural = _("centres")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(
                    latitude__gte=20,
                    latitude__lte=36.5,
                    longitude__gte=-17.5,
                    longitude__lte=-0.5,
                ),
                name="centre_gps_in_morocco",
                violation_error_message=_(
                    "Give both latitude and longitude, inside Morocco, or neither."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__isnull=True) | ~models.Q(capacity_unit=""),
                name="centre_capacity_has_unit",
                violation_error_message=_("Say what the capacity counts (places, beds...)."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("centres:detail", args=[self.code])

    def capacity_text(self):
        return "" if self.capacity is None else capacity_text(self.capacity, self.capacity_unit)

    def clean(self):
        errors = {}
        if self.delegation_id and self.delegation.kind != OrgUnit.Kind.DELEGATION:
            errors["delegation"] = _("A centre belongs to a provincial delegation.")
        elif (
            self.delegation_id
            and self.province_id
            and not self.delegation.provinces.filter(pk=self.province_id).exists()
        ):
            errors["province"] = _("This province is not covered by the delegation.")
        if self.capacity is not None and not self.capacity_unit and self.type_id:
            self.capacity_unit = self.type.capacity_unit
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude"] = _("Give both latitude and longitude, or neither.")
        if errors:
            raise ValidationError(errors)


class AgeBand(models.TextChoices):
    UNDER_6 = "0-5", _("under 6")
    FROM_6_TO_17 = "6-17", _("6 to 17")
    FROM_18_TO_59 = "18-59", _("18 to 59")
    FROM_60 = "60+", _("60 and over")


class MonthlyActivityQuerySet(ScopedQuerySet):
    scope_field = "centre__delegation"

    def validated(self):
        return self.filter(status=MonthlyActivity.Status.VALIDATED)

    def validated_in(self, start, end):
        """The validated (locked) months of the period, the only ones the reports count: a
        month still open to changes could move a figure already published."""
        return self.validated().filter(month__range=(start, end))


class MonthlyActivity(models.Model):
    """A centre's figures for one month: entered, submitted by the centre, validated (and
    thereby locked) by the delegation, which alone may reopen it."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        VALIDATED = "validated", _("validated")

    centre = models.ForeignKey(
        Centre, models.PROTECT, related_name="activities", verbose_name=_("centre")
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    people_served = models.PositiveIntegerField(
        _("people served"), default=0, help_text=_("Distinct people served during the month.")
    )
    new_entries = models.PositiveIntegerField(_("new entries"), default=0)
    exits = models.PositiveIntegerField(_("exits"), default=0)
    sessions_held = models.PositiveIntegerField(_("sessions held"), default=0)
    over_capacity_note = CleanTextField(_("explanation of figures above capacity"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    validated_at = models.DateTimeField(_("validated"), null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("validated by"),
    )
    reopen_reason = CleanTextField(_("reason for reopening"), blank=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    objects = MonthlyActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-month", "centre"]
        verbose_name = _("monthly activity")
        verbose_name_plural = _("monthly activities")
        permissions = [("validate_monthlyactivity", _("Can validate and reopen a month"))]
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "month"],
                name="activity_one_per_centre_and_month",
                violation_error_message=_("This centre already has figures for this month."),
            ),
            models.CheckConstraint(
                condition=models.Q(month__day=1),
                name="activity_month_is_first_day",
                violation_error_message=_("A month is recorded on its first day."),
            ),
            models.CheckConstraint(
                condition=models.Q(new_entries__lte=models.F("people_served"))
                & models.Q(exits__lte=models.F("people_served")),
                name="activity_entries_and_exits_within_people_served",
                violation_error_message=_(
                    "New entries and exits cannot exceed the number of people served."
                ),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="validated")
                | models.Q(validated_at__isnull=False, validated_by__isnull=False),
                name="activity_validated_has_validator",
                violation_error_message=_("A validated month records who validated it."),
            ),
        ]

    def __str__(self):
        return f"{self.centre} · {self.month:%Y-%m}"

    def get_absolute_url(self):
        return reverse(
            "centres:activity", args=[self.centre.code, self.month.year, self.month.month]
        )

    def clean(self):
        errors = {}
        if self.month and self.month > timezone.localdate().replace(day=1):
            errors["month"] = _("A month can be reported only once it has begun.")
        if self.centre_id and self.over_capacity and not self.over_capacity_note.strip():
            errors["over_capacity_note"] = ngettext(
                "%(people)s person served is above the centre's capacity of %(capacity)s: "
                "check the figure or explain it.",
                "%(people)s people served is above the centre's capacity of %(capacity)s: "
                "check the figure or explain it.",
                self.people_served,
            ) % {"people": number(self.people_served), "capacity": self.centre.capacity_text()}
        if errors:
            raise ValidationError(errors)

    @property
    def is_locked(self):
        return self.status == self.Status.VALIDATED

    @property
    def over_capacity(self):
        capacity = self.centre.capacity
        return capacity is not None and self.people_served > capacity


class ActivityLineQuerySet(ScopedQuerySet):
    scope_field = "activity__centre__delegation"


class ActivityLine(models.Model):
    """People served by one service, for one sex and age band, in one month."""

    activity = models.ForeignKey(
        MonthlyActivity, models.CASCADE, related_name="lines", verbose_name=_("month")
    )
    service = models.ForeignKey(
        Service, models.PROTECT, related_name="activity_lines", verbose_name=_("service")
    )
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    age_band = models.CharField(_("age band"), max_length=5, choices=AgeBand.choices)
    people = models.PositiveIntegerField(_("people"))

    objects = ActivityLineQuerySet.as_manager()

    class Meta:
        ordering = ["service", "sex", "age_band"]
        verbose_name = _("activity line")
        verbose_name_plural = _("activity lines")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "service", "sex", "age_band"],
                name="activityline_one_per_cell",
                violation_error_message=_("This service, sex and age band is already counted."),
            ),
        ]

    def __str__(self):
        return f"{self.service} · {self.get_sex_display()} · {self.get_age_band_display()}"


class ActivityGroupLineQuerySet(ScopedQuerySet):
    scope_field = "activity__centre__delegation"


# Audited here rather than in apps.py, where the others wait for modeltranslation: it has no
# translated field.
@audited()
class ActivityGroupLine(models.Model):
    """People served of one target group (or of none), sex and age band, in one month: the
    breakdown of a month computed from the centre's register (enrolments.activity), kept with
    the month for the reports. Each person once in the month, in one group: the lines of a
    month add up to its people served, unless the centre corrected a figure."""

    activity = models.ForeignKey(
        MonthlyActivity, models.CASCADE, related_name="group_lines", verbose_name=_("month")
    )
    target_group = models.ForeignKey(
        TargetGroup,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("target group"),
        help_text=_("Empty: people placed under no target group."),
    )
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    # Empty: people whose file gives neither a date nor a year of birth.
    age_band = models.CharField(_("age band"), max_length=5, choices=AgeBand.choices, blank=True)
    people = models.PositiveIntegerField(_("people"))

    objects = ActivityGroupLineQuerySet.as_manager()

    class Meta:
        ordering = ["target_group", "sex", "age_band"]
        verbose_name = _("activity line by target group")
        verbose_name_plural = _("activity lines by target group")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "target_group", "sex", "age_band"],
                nulls_distinct=False,
                name="activitygroupline_one_per_cell",
                violation_error_message=_(
                    "This target group, sex and age band is already counted."
                ),
            ),
        ]

    def __str__(self):
        group = self.target_group or _("no target group")
        band = self.get_age_band_display() or _("age unknown")
        return f"{group} · {self.get_sex_display()} · {band}"
