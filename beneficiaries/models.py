"""The people EN helps and their case files: the most sensitive data the portal holds.

Every model here is audited by database triggers (see apps.py), and every read of a case file
is recorded as an access event by the views.
"""

import datetime

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import Right
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from centres.models import Centre, Service, TargetGroup, response_delay
from entraide.enums import Sex
from entraide.fields import CINField, CleanCharField, CleanTextField, PhoneField
from entraide.models import Job
from entraide.roles import Role
from entraide.scoping import ScopedQuerySet
from entraide.search import Forms, Words, folded_column, name_key_column
from entraide.uploads import PrivatePath
from entraide.validators import DocumentValidator
from partnerships.models import Association, Convention, centres_run_by_staff_of
from territory.models import OrgUnit, Province


def covered_provinces(delegation):
    """The ids of the provinces a delegation covers, read once per delegation object: an
    import checks thousands of rows against the same few delegations."""
    if not hasattr(delegation, "_covered_province_ids"):
        delegation._covered_province_ids = set(delegation.provinces.values_list("pk", flat=True))
    return delegation._covered_province_ids


# What a user is told of a CIN that a file outside their scope holds: nothing more than that
# it cannot be used here, and what to do.
CIN_HELD_ELSEWHERE = _(
    "This CIN cannot be used here. If the person already has a file in another delegation, "
    "ask that delegation to transfer the file to yours."
)


# The household's identifier in the unified social register (RSU, law 72-18), given to the
# household when it registers: digits only. Its length is not published; 8 to 20 digits
# accepts what the register issues and refuses a CIN, a phone number or a typo's letters.
RSU_ID_PATTERN = r"^[0-9]{8,20}$"
RSU_ID_MAX_LENGTH = 20
rsu_id_validator = RegexValidator(
    RSU_ID_PATTERN, _("An RSU household identifier is made of 8 to 20 digits.")
)


class FileNumberCounter(models.Model):
    """The last file number given out by a delegation in a year. Numbers only go up, so a
    number is never given twice, even after a file is merged or anonymised."""

    delegation = models.ForeignKey(OrgUnit, models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["delegation", "year"], name="one_counter_per_year"),
        ]

    def __str__(self):
        return f"{self.delegation_id}/{self.year}: {self.last}"


class BeneficiaryQuerySet(ScopedQuerySet):
    scope_field = "delegation"

    def active(self):
        return self.filter(merged_into__isnull=True, anonymised_at__isnull=True)


class Beneficiary(models.Model):
    class MaritalStatus(models.TextChoices):
        SINGLE = "single", _("single")
        MARRIED = "married", _("married")
        DIVORCED = "divorced", _("divorced")
        WIDOWED = "widowed", _("widowed")
        SEPARATED = "separated", _("separated")

    class Education(models.TextChoices):
        NONE = "none", _("no schooling")
        PRESCHOOL = "preschool", _("preschool")
        PRIMARY = "primary", _("primary")
        MIDDLE = "middle", _("lower secondary")
        SECONDARY = "secondary", _("upper secondary")
        HIGHER = "higher", _("higher education")
        VOCATIONAL = "vocational", _("vocational training")

    class DisabilityType(models.TextChoices):
        MOTOR = "motor", _("motor")
        VISUAL = "visual", _("visual")
        HEARING = "hearing", _("hearing")
        MENTAL = "mental", _("mental")
        PSYCHIC = "psychic", _("psychic")
        MULTIPLE = "multiple", _("multiple")

    class DisabilityDegree(models.TextChoices):
        LIGHT = "light", _("light")
        MODERATE = "moderate", _("moderate")
        SEVERE = "severe", _("severe")
        PROFOUND = "profound", _("profound")

    file_number = models.CharField(_("file number"), max_length=24, unique=True, editable=False)
    first_name_ar = CleanCharField(_("first name (Arabic script)"), max_length=80, blank=True)
    last_name_ar = CleanCharField(_("last name (Arabic script)"), max_length=80, blank=True)
    first_name_lat = CleanCharField(_("first name (Latin script)"), max_length=80, blank=True)
    last_name_lat = CleanCharField(_("last name (Latin script)"), max_length=80, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(
        _("year of birth"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900)],
        help_text=_("When only an approximate year is known."),
    )
    # The rule is CINField's; the column keeps its former width (no rewrite of the table and
    # of its audit history).
    cin = CINField(
        _("CIN"),
        max_length=10,
        blank=True,
        help_text=_("National identity card number, when the person has one."),
    )
    # Several people of one household share it: it finds the household's files, not one file.
    rsu_id = CleanCharField(
        _("RSU household identifier"),
        max_length=RSU_ID_MAX_LENGTH,
        blank=True,
        default="",
        # The national data set and the bulk loads write rows with SQL of their own.
        db_default="",
        validators=[rsu_id_validator],
        help_text=_("The household's identifier in the unified social register (RSU), digits."),
    )
    phone = PhoneField(_("phone"), blank=True)
    # The last nine digits: 0612345678, +212612345678 and 212612345678 are the same line.
    phone_tail = models.GeneratedField(
        expression=Right("phone", 9), output_field=models.CharField(max_length=9), db_persist=True
    )
    address = CleanCharField(_("address"), max_length=255, blank=True)
    province = models.ForeignKey(
        Province, models.PROTECT, related_name="+", verbose_name=_("province")
    )
    commune = CleanCharField(_("commune"), max_length=120, blank=True)
    marital_status = models.CharField(
        _("marital status"), max_length=10, choices=MaritalStatus.choices, blank=True
    )
    education = models.CharField(
        _("education level"), max_length=12, choices=Education.choices, blank=True
    )
    target_groups = models.ManyToManyField(
        TargetGroup,
        blank=True,
        through="BeneficiaryTargetGroup",
        related_name="beneficiaries",
        verbose_name=_("target groups"),
    )
    disability_type = models.CharField(
        _("disability type"), max_length=10, choices=DisabilityType.choices, blank=True
    )
    disability_degree = models.CharField(
        _("disability degree"), max_length=10, choices=DisabilityDegree.choices, blank=True
    )
    disability_card = CleanCharField(_("disability card number"), max_length=30, blank=True)
    delegation = models.ForeignKey(
        OrgUnit,
        models.PROTECT,
        related_name="beneficiaries",
        limit_choices_to={"kind": OrgUnit.Kind.DELEGATION},
        verbose_name=_("delegation"),
    )
    centre = models.ForeignKey(
        Centre,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="beneficiaries",
        verbose_name=_("following centre"),
    )
    merged_into = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_files",
        verbose_name=_("merged into"),
    )
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    # Raised by every save of the person form (services.beneficiary_update): of two people
    # editing the file at once, the second is shown the first one's changes, not erasing them.
    # A database default too: the bulk loads write rows with SQL of their own.
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    # The names folded for search (entraide.search), kept by PostgreSQL and indexed for
    # trigram matching, so that a partial name finds a person among 580,000.
    search_name = folded_column("first_name_ar", "last_name_ar", "first_name_lat", "last_name_lat")
    # The names' phonetic keys, from either script (entraide.search.NameKey): a Latin query
    # finds an Arabic-only file, and Mohamed finds Mohammed. The Arabic names' key, then the
    # Latin names' key, joined by "|": the duplicate scan compares each form on its own.
    name_key = name_key_column(
        ("first_name_ar", "last_name_ar"), ("first_name_lat", "last_name_lat")
    )

    objects = BeneficiaryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("beneficiary")
        verbose_name_plural = _("beneficiaries")
        permissions = [
            ("merge_beneficiary", _("Can merge two files of the same person")),
            ("export_beneficiary", _("Can export a person's whole file")),
        ]
        indexes = [
            GinIndex(
                name="beneficiary_name_trgm",
                fields=["search_name"],
                opclasses=["gin_trgm_ops"],
            ),
            GinIndex(
                name="beneficiary_name_key_trgm",
                fields=["name_key"],
                opclasses=["gin_trgm_ops"],
            ),
            # Whole words as written, and whole names by their sound (a form's whole key):
            # one index lookup each, for the search's first ranks and the common names.
            GinIndex(Words("search_name"), name="beneficiary_name_words"),
            GinIndex(Forms("name_key"), name="beneficiary_name_forms"),
            models.Index(fields=["phone_tail"], name="beneficiary_phone_tail_idx"),
            # A household's files by its RSU identifier (the API's look-up): only the files
            # that have one are in the index.
            models.Index(
                fields=["rsu_id"], name="beneficiary_rsu_id_idx", condition=~models.Q(rsu_id="")
            ),
            models.Index(fields=["delegation", "-created_at"], name="beneficiary_recent_idx"),
            # Lists and searches show the newest files first: for a common name fragment the
            # planner can walk this index and stop at the first page of matches.
            models.Index(fields=["-created_at", "-id"], name="beneficiary_newest_idx"),
            # The reports count the people of a unit's cases by sex and age band: each person
            # found by its key, read from the index alone (40,000 people for a large
            # delegation's month: 140 to 100 ms, the table's pages no longer read).
            models.Index(
                fields=["id"],
                include=["sex", "birth_date", "birth_year"],
                name="beneficiary_age_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["cin"],
                condition=~models.Q(cin=""),
                name="beneficiary_cin_unique",
                # Any path that relies on the constraint says only that the CIN cannot be
                # used here, never which file holds it (forms.check_cin says more in scope).
                violation_error_message=CIN_HELD_ELSEWHERE,
            ),
            models.CheckConstraint(
                condition=models.Q(anonymised_at__isnull=False)
                | ~models.Q(first_name_ar="", first_name_lat=""),
                name="beneficiary_has_a_name",
                violation_error_message=_("Give the first name in Arabic or Latin script."),
            ),
            # On every path that writes it (forms, the admin, imports, bulk loads, SQL).
            models.CheckConstraint(
                condition=models.Q(rsu_id="") | models.Q(rsu_id__regex=RSU_ID_PATTERN),
                name="beneficiary_rsu_id_digits",
                violation_error_message=_("An RSU household identifier is made of 8 to 20 digits."),
            ),
            models.CheckConstraint(
                condition=models.Q(birth_date__isnull=True) | models.Q(birth_year__isnull=True),
                name="beneficiary_birth_date_or_year",
                violation_error_message=_("Give the date of birth or an approximate year."),
            ),
        ]

    def __str__(self):
        return f"{self.file_number} · {self.display_name}"

    def get_absolute_url(self):
        return reverse("beneficiaries:detail", args=[self.file_number])

    def clean(self):
        errors = {}
        if self.birth_date and self.birth_year:
            errors["birth_year"] = _("Give the date of birth or an approximate year.")
        if self.birth_date and self.birth_date > timezone.localdate():
            errors["birth_date"] = _("The date of birth cannot be in the future.")
        if self.birth_year and self.birth_year > timezone.localdate().year:
            errors["birth_year"] = _("The year of birth cannot be in the future.")
        if not (self.first_name_ar or self.first_name_lat):
            errors["first_name_ar"] = _("Give the first name in Arabic or Latin script.")
        if self.disability_degree and not self.disability_type:
            errors["disability_type"] = _("Give the type of disability.")
        if self.delegation_id and self.delegation.kind != OrgUnit.Kind.DELEGATION:
            errors["delegation"] = _("A file belongs to a provincial delegation.")
        elif (
            self.delegation_id
            and self.province_id
            and self.province_id not in covered_provinces(self.delegation)
        ):
            errors["province"] = _("This province is not covered by the delegation.")
        if (
            self.centre_id
            and self.delegation_id
            and self.centre.delegation_id != self.delegation_id
        ):
            errors["centre"] = _("The centre must belong to the file's delegation.")
        if errors:
            raise ValidationError(errors)

    @property
    def audit_label(self):
        return self.file_number

    def consents_to(self, purpose):
        """Whether the person's latest answer for `purpose` (a Consent.Purpose) is yes. Read
        once per object; a list sets it beforehand for its rows (`_consents`)."""
        known = self.__dict__.setdefault("_consents", {})
        if purpose not in known:
            latest = (
                self.consents.filter(purpose=purpose)
                .order_by("-recorded_at", "-pk")
                .values_list("given", flat=True)
                .first()
            )
            known[purpose] = bool(latest)
        return known[purpose]

    @property
    def names(self):
        """The name in Arabic script and in Latin script, either possibly empty: the `person_name`
        filter isolates each one for the bidirectional algorithm."""
        arabic = f"{self.first_name_ar} {self.last_name_ar}".strip()
        latin = f"{self.first_name_lat} {self.last_name_lat}".strip()
        return arabic, latin

    @property
    def display_name(self):
        arabic, latin = self.names
        if arabic and latin:
            return f"{arabic} ({latin})"
        return arabic or latin or "—"

    @property
    def age(self):
        today = timezone.localdate()
        if self.birth_date:
            before = (today.month, today.day) < (self.birth_date.month, self.birth_date.day)
            return today.year - self.birth_date.year - before
        if self.birth_year:
            return today.year - self.birth_year
        return None


class BeneficiaryTargetGroup(models.Model):
    """A person in a target group: a model of its own so that the audit triggers record
    every change of the groups, like any other change of the file."""

    beneficiary = models.ForeignKey(Beneficiary, models.CASCADE, related_name="+")
    targetgroup = models.ForeignKey(TargetGroup, models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("target group of a person")
        verbose_name_plural = _("target groups of people")
        constraints = [
            models.UniqueConstraint(
                fields=["beneficiary", "targetgroup"], name="beneficiary_target_group_once"
            ),
        ]

    def __str__(self):
        return f"{self.beneficiary_id} · {self.targetgroup_id}"


class HouseholdMember(models.Model):
    class Relation(models.TextChoices):
        SPOUSE = "spouse", _("spouse")
        CHILD = "child", _("child")
        PARENT = "parent", _("parent")
        SIBLING = "sibling", _("brother or sister")
        GRANDPARENT = "grandparent", _("grandparent")
        OTHER = "other", _("other relative")

    beneficiary = models.ForeignKey(
        Beneficiary, models.CASCADE, related_name="household", verbose_name=_("beneficiary")
    )
    name = CleanCharField(_("name"), max_length=160)
    relation = models.CharField(_("relation"), max_length=12, choices=Relation.choices)
    age = models.PositiveSmallIntegerField(
        _("age"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("household member")
        verbose_name_plural = _("household members")

    def __str__(self):
        return self.name


class ConsentQuerySet(ScopedQuerySet):
    scope_field = "beneficiary__delegation"


class Consent(models.Model):
    """A person's answer for one purpose, as recorded at one time; the latest one counts."""

    class Purpose(models.TextChoices):
        PROCESSING = "processing", _("processing of personal data")
        SHARING = "sharing", _("sharing with partners")
        REFERRAL = "referral", _("referral to other services")
        CONTACT = "contact", _("being contacted by text message (SMS)")

    beneficiary = models.ForeignKey(
        Beneficiary, models.CASCADE, related_name="consents", verbose_name=_("beneficiary")
    )
    purpose = models.CharField(_("purpose"), max_length=12, choices=Purpose.choices)
    given = models.BooleanField(_("given"))
    given_by = CleanCharField(
        _("given by"),
        max_length=160,
        blank=True,
        help_text=_("The person themselves, or their legal representative."),
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    signed_form = models.ForeignKey(
        "Attachment",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed form"),
    )

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_at"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self):
        return f"{self.get_purpose_display()}: {self.given}"


class CaseFileQuerySet(ScopedQuerySet):
    scope_field = "delegation"

    def open(self):
        return self.exclude(status=CaseFile.Status.CLOSED)

    # The rows behind the reports' figures (reports.figures counts them, and the lists
    # the figures link to show them, so a figure and its list cannot disagree); start and end
    # are a period's first and last days.
    def opened_between(self, start, end):
        return self.filter(opened_on__range=(start, end))

    def closed_between(self, start, end):
        return self.filter(closed_on__range=(start, end))

    def open_during(self, start, end):
        """Cases open at some time in the period: opened by its end, and not closed before
        its start (a case closed on the period's first day was open that day). The people
        behind the reports' "people with a case file"."""
        return self.filter(opened_on__lte=end).filter(
            models.Q(closed_on__isnull=True) | models.Q(closed_on__gte=start)
        )


class CaseFile(models.Model):
    class Channel(models.TextChoices):
        WALK_IN = "walk_in", _("walk-in")
        REFERRAL = "referral", _("referral from another service")
        OUTREACH = "outreach", _("outreach")
        HOTLINE = "hotline", _("hotline")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        ASSESSED = "assessed", _("assessed")
        PLAN = "plan", _("case plan")
        FOLLOW_UP = "follow_up", _("follow-up")
        CLOSED = "closed", _("closed")

    class Risk(models.TextChoices):
        LOW = "low", _("low")
        MEDIUM = "medium", _("medium")
        HIGH = "high", _("high")
        CRITICAL = "critical", _("critical")

    class ClosureReason(models.TextChoices):
        GOALS_MET = "goals_met", _("goals met")
        REFERRED = "referred", _("referred and taken over elsewhere")
        MOVED = "moved", _("moved away")
        WITHDREW = "withdrew", _("the person withdrew")
        NO_CONTACT = "no_contact", _("contact lost")
        DECEASED = "deceased", _("deceased")

    class Problem(models.TextChoices):
        VIOLENCE = "violence", _("violence")
        ABANDONMENT = "abandonment", _("abandonment")
        HOMELESSNESS = "homelessness", _("homelessness")
        POVERTY = "poverty", _("poverty")
        DISABILITY = "disability", _("disability")
        HEALTH = "health", _("health")
        SCHOOL_DROPOUT = "school_dropout", _("school dropout")
        FAMILY_CONFLICT = "family_conflict", _("family conflict")
        BEGGING = "begging", _("begging")
        ISOLATION = "isolation", _("isolation")
        OTHER = "other", _("other")

    # The statuses each status may move to; closing needs a reason, reopening starts over.
    TRANSITIONS = {
        Status.OPEN: [Status.ASSESSED, Status.CLOSED],
        Status.ASSESSED: [Status.PLAN, Status.CLOSED],
        Status.PLAN: [Status.FOLLOW_UP, Status.CLOSED],
        Status.FOLLOW_UP: [Status.PLAN, Status.CLOSED],
        Status.CLOSED: [Status.OPEN],
    }

    number = models.CharField(_("case number"), max_length=30, unique=True, editable=False)
    beneficiary = models.ForeignKey(
        Beneficiary, models.PROTECT, related_name="cases", verbose_name=_("beneficiary")
    )
    delegation = models.ForeignKey(
        OrgUnit, models.PROTECT, related_name="cases", verbose_name=_("delegation")
    )
    channel = models.CharField(_("arrived by"), max_length=10, choices=Channel.choices)
    problems = models.JSONField(_("problems identified"), default=list, blank=True)
    risk = models.CharField(_("risk level"), max_length=10, choices=Risk.choices, default="low")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("assigned social worker"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="open")
    closure_reason = models.CharField(
        _("closure reason"), max_length=12, choices=ClosureReason.choices, blank=True
    )
    protection_details = CleanTextField(
        _("protection details"),
        blank=True,
        help_text=_(
            "Only the assigned worker, the delegate and national roles can read this: the "
            "circumstances of a child at risk or of a woman victim of violence."
        ),
    )
    opened_on = models.DateField(_("opened on"), default=timezone.localdate)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = CaseFileQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_on", "-pk"]
        verbose_name = _("case file")
        verbose_name_plural = _("case files")
        indexes = [
            models.Index(fields=["worker", "status"], name="case_worker_status_idx"),
            # A scope's open cases, counted or joined (home pages, reports) from the index
            # alone: an index-only scan of the delegation's entries instead of its cases'
            # pages scattered over the table (home page of a delegate: 42 to 5 ms).
            models.Index(
                fields=["delegation", "status"],
                include=["id", "worker", "beneficiary", "opened_on", "closed_on"],
                name="case_scope_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="closed")
                | (~models.Q(closure_reason="") & models.Q(closed_on__isnull=False)),
                name="case_closed_has_reason_and_date",
                violation_error_message=_("A closed case needs a reason and a date."),
            ),
        ]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("beneficiaries:case", args=[self.number])

    def next_statuses(self):
        return self.TRANSITIONS[self.status]

    def problem_labels(self):
        labels = dict(self.Problem.choices)
        return [labels.get(code, code) for code in self.problems]


class CaseEntryQuerySet(ScopedQuerySet):
    scope_field = "case__delegation"

    def dated_between(self, start, end):
        """Entries of the period, by their date (the reports' "services delivered")."""
        return self.filter(date__range=(start, end))


class CaseEntry(models.Model):
    """What every timeline entry has: its case, its date, and its author's signature."""

    case = models.ForeignKey(CaseFile, models.PROTECT, verbose_name=_("case"))
    date = models.DateField(_("date"), default=timezone.localdate)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("author")
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = CaseEntryQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-date", "-created_at"]


class Note(CaseEntry):
    class Kind(models.TextChoices):
        RECEPTION = "reception", _("reception")
        LISTENING = "listening", _("listening")
        OTHER = "other", _("note")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    text = CleanTextField(_("text"))

    class Meta(CaseEntry.Meta):
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        default_related_name = "notes"

    def __str__(self):
        return self.get_kind_display()


SCORE = [MinValueValidator(0), MaxValueValidator(4)]


class Assessment(CaseEntry):
    """Needs by area, each scored from 0 (no need) to 4 (urgent need)."""

    class Level(models.IntegerChoices):
        # What each score means, shown beside the form's scores (forms.AssessmentForm).
        NONE = 0, _("no need")
        LOW = 1, _("low need: the person copes, some support helps")
        MODERATE = 2, _("moderate need: support is needed")
        HIGH = 3, _("high need: serious difficulty, act soon")
        URGENT = 4, _("urgent need: danger or crisis, act now")

    AREAS = ["housing", "health", "income", "education", "protection", "family_ties", "disability"]

    housing = models.PositiveSmallIntegerField(
        _("housing"), null=True, blank=True, validators=SCORE
    )
    health = models.PositiveSmallIntegerField(_("health"), null=True, blank=True, validators=SCORE)
    income = models.PositiveSmallIntegerField(_("income"), null=True, blank=True, validators=SCORE)
    education = models.PositiveSmallIntegerField(
        _("education"), null=True, blank=True, validators=SCORE
    )
    protection = models.PositiveSmallIntegerField(
        _("protection"), null=True, blank=True, validators=SCORE
    )
    family_ties = models.PositiveSmallIntegerField(
        _("family ties"), null=True, blank=True, validators=SCORE
    )
    disability = models.PositiveSmallIntegerField(
        _("disability"), null=True, blank=True, validators=SCORE
    )
    summary = CleanTextField(_("summary"), blank=True)

    class Meta(CaseEntry.Meta):
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        default_related_name = "assessments"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    *[
                        models.Q(**{f"{area}__isnull": True}) | models.Q(**{f"{area}__lte": 4})
                        for area in ["housing", "health", "income", "education"]
                        + ["protection", "family_ties", "disability"]
                    ]
                ),
                name="assessment_scores_0_to_4",
                violation_error_message=_("Scores go from 0 to 4."),
            ),
        ]

    def __str__(self):
        return str(_("assessment"))

    def scores(self):
        return [
            (self._meta.get_field(area).verbose_name, getattr(self, area))
            for area in self.AREAS
            if getattr(self, area) is not None
        ]

    @property
    def total(self):
        return sum(score for _label, score in self.scores())


class PlanGoal(CaseEntry):
    class State(models.TextChoices):
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("achieved")
        DROPPED = "dropped", _("dropped")

    goal = CleanCharField(_("goal"), max_length=255)
    responsible = CleanCharField(_("responsible person"), max_length=160)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default="planned")

    class Meta(CaseEntry.Meta):
        verbose_name = _("case plan goal")
        verbose_name_plural = _("case plan goals")
        default_related_name = "goals"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100),
                name="plangoal_progress_percent",
                violation_error_message=_("Progress is a percentage, from 0 to 100."),
            ),
        ]

    def __str__(self):
        return self.goal


class ServiceDelivery(CaseEntry):
    service = models.ForeignKey(
        Service, models.PROTECT, related_name="deliveries", verbose_name=_("service")
    )
    centre = models.ForeignKey(
        Centre,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name=_("centre"),
    )
    quantity = models.PositiveIntegerField(_("quantity"), null=True, blank=True)
    amount = models.DecimalField(
        _("amount (MAD)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    notes = CleanCharField(_("notes"), max_length=255, blank=True)

    class Meta(CaseEntry.Meta):
        verbose_name = _("service delivered")
        verbose_name_plural = _("services delivered")
        default_related_name = "deliveries"
        # The reports count a period's services by their date (reports.figures): the month's
        # few rows joined to the unit's cases, not every case of the unit probed for them.
        indexes = [
            models.Index(fields=["date"], include=["case", "service"], name="service_date_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True) | models.Q(amount__gte=0),
                name="servicedelivery_amount_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            ),
        ]

    def __str__(self):
        return str(self.service)


class ReferralQuerySet(CaseEntryQuerySet):
    # Behind the reports' figures, as CaseFileQuerySet.opened_between.
    def made_between(self, start, end):
        return self.filter(date__range=(start, end))

    def completed_between(self, start, end):
        return self.filter(completed_on__range=(start, end))

    def overdue(self, now=None):
        """Referrals still waiting for their answer past their deadline (`due_at`, set when
        they were sent from the service and urgency asked for)."""
        now = now or timezone.now()
        return self.filter(state=Referral.State.SENT, due_at__lt=now)

    def received_by(self, user):
        """The referrals `user` answers: those sent to the centres they manage (the
        administrator: to any centre). Whoever sent them, from whatever delegation: the
        receiving side's scope is its centres, not the referring delegation.

        The staff of a partner association (role "partner staff") receive those sent to
        the association and to the centres it runs under a convention signed or in force.

        The one place that says who receives what: a new kind of receiver is one more
        condition here and its permission."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if not user.has_perm("beneficiaries.answer_referral"):
            return self.none()
        to_centres = models.Q(target_kind=Referral.TargetKind.CENTRE)
        if user.is_superuser:
            return self.filter(
                to_centres
                | models.Q(target_kind=Referral.TargetKind.ASSOCIATION, association__isnull=False)
            )
        if user.role == Role.PARTNER_STAFF:
            return self.filter(
                to_centres & models.Q(centre__in=centres_run_by_staff_of(user).values("pk"))
                | models.Q(
                    target_kind=Referral.TargetKind.ASSOCIATION,
                    association__in=Association.objects.staffed_by(user).values("pk"),
                )
            )
        managed = Centre.objects.filter(managers=user).values("pk")
        return self.filter(to_centres & models.Q(centre__in=managed))

    def with_receiver(self):
        """Each referral with `has_receiver`: whether someone may answer it from an inbox (a
        centre with an active manager's account, or run by an association with an active
        partner staff account; an association with one). Elsewhere, the referring side
        records the answer it is told."""
        managers = Centre.managers.through.objects.filter(
            centre=models.OuterRef("centre"),
            user__role=Role.CENTRE_MANAGER,
            user__is_active=True,
        )
        staff = Association.staff.through.objects.filter(
            user__role=Role.PARTNER_STAFF, user__is_active=True
        )
        running = staff.filter(
            association__conventions__centres=models.OuterRef("centre"),
            association__conventions__status__in=Convention.ACTIVE,
        )
        return self.annotate(
            has_receiver=models.Exists(managers)
            | models.Exists(running)
            | models.Exists(staff.filter(association=models.OuterRef("association")))
        )

    # Response times (reports.figures): from sending to the first answer, accepted or refused.
    def timed(self):
        """Referrals whose clock ran: sent with a deadline, and not withdrawn (a withdrawn
        referral was owed no answer). Rows loaded by SQL without one are left out."""
        return self.filter(sent_at__isnull=False, due_at__isnull=False).exclude(
            state=Referral.State.WITHDRAWN
        )

    def with_response_time(self, now=None):
        """Each referral with `response_time`, from sending to its first answer (None while
        unanswered); `answered_in_time`, whether that answer came by the deadline; and, as
        of `now`, `outcome_known`, whether it was answered or its deadline passed (one still
        within its time may yet be answered in time), and `late`, unanswered past it."""
        now = now or timezone.now()
        answered = models.Q(answered_at__isnull=False)
        past_due = models.Q(due_at__lt=now)
        return self.annotate(
            response_time=models.ExpressionWrapper(
                models.F("answered_at") - models.F("sent_at"),
                output_field=models.DurationField(),
            ),
            answered_in_time=models.ExpressionWrapper(
                answered & models.Q(answered_at__lte=models.F("due_at")),
                output_field=models.BooleanField(),
            ),
            outcome_known=models.ExpressionWrapper(
                answered | past_due, output_field=models.BooleanField()
            ),
            late=models.ExpressionWrapper(~answered & past_due, output_field=models.BooleanField()),
        )


class Referral(CaseEntry):
    class TargetKind(models.TextChoices):
        CENTRE = "centre", _("a centre")
        ASSOCIATION = "association", _("a partner association")
        INSTITUTION = "institution", _("an outside institution")

    class State(models.TextChoices):
        SENT = "sent", _("sent")
        ACCEPTED = "accepted", _("accepted")
        REFUSED = "refused", _("refused")
        COMPLETED = "completed", _("completed")
        WITHDRAWN = "withdrawn", _("withdrawn")

    class Urgency(models.TextChoices):
        NORMAL = "normal", _("normal")
        URGENT = "urgent", _("urgent")

    class RefusalReason(models.TextChoices):
        NO_PLACE = "no_place", _("no place available")
        OUTSIDE_TARGET_GROUP = "outside_target_group", _("outside the centre's target group")
        PERSON_DECLINED = "person_declined", _("the person declined")
        SERVICE_NOT_OFFERED = "service_not_offered", _("service not offered")
        OTHER = "other", _("other reason")

    # The answers, by whoever gives them: the receiving centre's manager for a referral to a
    # centre (services.referral_accept, _refuse, _complete); for an association or an outside
    # institution, which have no account, the referring side records what it was told
    # (services.referral_set_state). The referring side may withdraw a referral still unanswered.
    TRANSITIONS = {
        State.SENT: [State.ACCEPTED, State.REFUSED],
        State.ACCEPTED: [State.COMPLETED],
        State.REFUSED: [],
        State.COMPLETED: [],
        State.WITHDRAWN: [],
    }

    target_kind = models.CharField(_("referred to"), max_length=12, choices=TargetKind.choices)
    centre = models.ForeignKey(
        Centre,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("centre"),
    )
    # A partner association with accounts in the portal answers from its inbox; one without,
    # or an outside institution, is named in `organisation` and its answer recorded by the
    # referring side.
    association = models.ForeignKey(
        Association,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("partner association"),
    )
    organisation = CleanCharField(_("association or institution"), max_length=200, blank=True)
    service = models.ForeignKey(
        Service,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("service asked for"),
        help_text=_("Its answer is due within the delay the service catalogue sets."),
    )
    urgency = models.CharField(
        _("urgency"),
        max_length=8,
        choices=Urgency.choices,
        default=Urgency.NORMAL,
        db_default=Urgency.NORMAL,
    )
    reason = CleanTextField(_("reason"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default="sent")
    # When the clock started and when it runs out (start_clock); both empty only on rows
    # loaded by SQL.
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True, editable=False)
    due_at = models.DateTimeField(_("answer due by"), null=True, blank=True, db_index=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True, editable=False)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("answered by"),
    )
    refusal_reason = models.CharField(
        _("reason for refusing"), max_length=24, choices=RefusalReason.choices, blank=True
    )
    # Required with "other" when the refusal is given (services.referral_refuse), not by the
    # database: an anonymised file's notes are blanked, whatever they explained.
    refusal_note = CleanTextField(_("note on the refusal"), blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    objects = ReferralQuerySet.as_manager()

    class Meta(CaseEntry.Meta):
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        default_related_name = "referrals"
        # The reports count a period's referrals made and completed (reports.figures).
        indexes = [
            models.Index(fields=["date"], include=["case"], name="referral_date_idx"),
            models.Index(fields=["completed_on"], include=["case"], name="referral_completed_idx"),
        ]
        permissions = [
            (
                "answer_referral",
                _("Can read and answer the referrals sent to the centres one manages"),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(target_kind="centre") | models.Q(centre__isnull=False),
                name="referral_to_centre_names_it",
                violation_error_message=_("Choose the centre."),
            ),
            models.CheckConstraint(
                condition=models.Q(target_kind="centre")
                | ~models.Q(organisation="")
                | models.Q(target_kind="association", association__isnull=False),
                name="referral_elsewhere_names_it",
                violation_error_message=_("Name the association or institution."),
            ),
            models.CheckConstraint(
                condition=models.Q(association__isnull=True) | models.Q(target_kind="association"),
                name="referral_association_only_to_one",
                violation_error_message=_("Only a referral to an association names one."),
            ),
            models.CheckConstraint(
                condition=models.Q(refusal_reason="") | models.Q(state="refused"),
                name="referral_refusal_reason_only_when_refused",
                violation_error_message=_("Only a refused referral has a reason for refusing."),
            ),
        ]

    def __str__(self):
        return str(self.centre or self.association or self.organisation)

    def save(self, *args, **kwargs):
        # Whatever path records a referral (the portal's services, the admin, an import, the
        # demo), its clock starts as it is saved.
        if self._state.adding:
            self.start_clock()
        super().save(*args, **kwargs)

    def start_clock(self, now=None):
        """Set when the referral was sent, on its date at the hour it is recorded (a
        referral recorded on its own day: now), and when its answer is due, from the
        service and urgency asked for (centres.models.response_delay). Left as given."""
        now = now or timezone.now()
        if self.sent_at is None:
            date = self.date or timezone.localdate(now)
            moment = datetime.datetime.combine(date, timezone.localtime(now).time())
            self.sent_at = min(timezone.make_aware(moment), now)
        if self.due_at is None:
            urgent = self.urgency == self.Urgency.URGENT
            self.due_at = self.sent_at + response_delay(self.service, urgent)

    @property
    def answered_in_portal(self):
        """Whether its receiver answers it from an inbox: a centre (its manager, or the staff
        of the association that runs it) or a partner association named from the registry.
        An outside institution, or an association only named, is answered by the referring
        side, as it was told."""
        return self.target_kind == self.TargetKind.CENTRE or self.association_id is not None

    def next_states(self):
        """The states the referring side may set: the answers of a receiver without an
        inbox as it was told them, and a withdrawal while unanswered. A receiver with an
        inbox answers for itself (answers())."""
        states = [] if self.answered_in_portal else self.TRANSITIONS[self.state]
        if self.state == self.State.SENT:
            states = [*states, self.State.WITHDRAWN]
        return states

    def answers(self):
        """The answers the receiving side may give now, from its inbox."""
        if not self.answered_in_portal:
            return []
        return self.TRANSITIONS[self.state]

    @property
    def is_overdue(self):
        return (
            self.state == self.State.SENT
            and self.due_at is not None
            and self.due_at < timezone.now()
        )


class FollowUpQuerySet(CaseEntryQuerySet):
    def overdue(self, start, end, today):
        """Behind the reports' figure, as CaseFileQuerySet.opened_between: follow-ups recorded
        by the period's end whose next visit was due before that end (or before today, while
        the period runs) and never took place, on cases not closed."""
        return self.pending().filter(self.overdue_by(end, today))

    def pending(self):
        """The follow-ups whose next visit has not taken place, on cases not closed: those
        that are overdue, by the end of any period (overdue_by), are among them."""
        return self.filter(done=False).exclude(case__status=CaseFile.Status.CLOSED)

    @staticmethod
    def overdue_by(end, today):
        """Of the pending follow-ups, those overdue at the end of a period (see overdue): a
        condition, for counting several periods' in one pass."""
        return models.Q(next_date__lt=min(end, today), date__lte=end)


class FollowUp(CaseEntry):
    notes = CleanTextField(_("notes"))
    next_date = models.DateField(_("next follow-up"), null=True, blank=True, db_index=True)
    done = models.BooleanField(
        _("superseded"), default=False, help_text=_("A later follow-up took place.")
    )

    objects = FollowUpQuerySet.as_manager()

    class Meta(CaseEntry.Meta):
        verbose_name = _("follow-up visit")
        verbose_name_plural = _("follow-up visits")
        default_related_name = "follow_ups"
        indexes = [
            # The visits still to come or overdue (FollowUpQuerySet.overdue), by case, read
            # from the index alone.
            models.Index(
                fields=["case"],
                include=["date", "next_date"],
                condition=models.Q(done=False),
                name="followup_pending_idx",
            ),
        ]

    def __str__(self):
        return str(_("follow-up visit"))


class Mediation(CaseEntry):
    class Outcome(models.TextChoices):
        AGREEMENT = "agreement", _("agreement reached")
        PARTIAL = "partial", _("partial agreement")
        NO_AGREEMENT = "no_agreement", _("no agreement")
        POSTPONED = "postponed", _("postponed")

    parties = CleanCharField(_("parties"), max_length=255)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    notes = CleanTextField(_("notes"), blank=True)

    class Meta(CaseEntry.Meta):
        verbose_name = _("family mediation session")
        verbose_name_plural = _("family mediation sessions")
        default_related_name = "mediations"

    def __str__(self):
        return self.get_outcome_display()


class AttachmentQuerySet(ScopedQuerySet):
    scope_field = "beneficiary__delegation"


# Random names in a private tree: nothing in the path tells whose document it is. (The name
# stays: migration 0001 refers to it.)
attachment_path = PrivatePath("attachments")


class Attachment(models.Model):
    """A scanned document, stored outside the static tree, served only by a scoped view."""

    class Kind(models.TextChoices):
        ID = "id", _("identity document")
        CONSENT = "consent", _("signed consent form")
        MEDICAL = "medical", _("medical certificate")
        DISABILITY = "disability", _("disability card")
        JUDGMENT = "judgment", _("court decision")
        OTHER = "other", _("other document")

    beneficiary = models.ForeignKey(
        Beneficiary, models.PROTECT, related_name="attachments", verbose_name=_("beneficiary")
    )
    case = models.ForeignKey(
        CaseFile,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("case"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to=attachment_path, validators=[DocumentValidator()])
    original_name = CleanCharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField(_("size"))
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("beneficiaries:attachment", args=[self.pk])

    @property
    def audit_label(self):
        # The uploaded file's name may name the person: the access log keeps the number.
        return f"{self.get_kind_display()} #{self.pk}"


# The words of the people's names ----------------------------------------------------------------


class NameWord(models.Model):
    """A word of the people's folded names (Beneficiary.search_name), as a search's lexicon: a
    part of a name typed in a search (zian) is first looked up here, among the few thousand
    words of the country's names (ziani, zianou), and the files holding one of those words are
    then found by the whole-words index (beneficiary_name_words): one lookup of a few index
    entries instead of the intersection of every trigram of the fragment across 580,000 names.

    Kept by PostgreSQL (migration 0025): every insert, imports included, and every change of a
    name adds the words not yet here. A word may appear twice (two transactions adding it at
    once: no unique index, so that they never wait on each other); the search reads distinct
    words. The words that no file holds any more go when a file is anonymised (services), and
    every night (`name_words_reconcile`), which also adds back any word missing."""

    word = models.TextField(_("word"))

    class Meta:
        verbose_name = _("name word")
        verbose_name_plural = _("name words")
        indexes = [
            models.Index(fields=["word"], name="name_word_idx"),
            GinIndex(name="name_word_trgm", fields=["word"], opclasses=["gin_trgm_ops"]),
        ]

    def __str__(self):
        return self.word


# Files that move between delegations ------------------------------------------------------------


class NumberAlias(models.Model):
    """A number a file or a case was known by before a transfer: it still leads to it (the
    pages look the number up here when no file or case holds it now)."""

    number = models.CharField(_("former number"), max_length=30, unique=True)
    beneficiary = models.ForeignKey(
        Beneficiary,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="number_aliases",
        verbose_name=_("person"),
    )
    case = models.ForeignKey(
        CaseFile,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="number_aliases",
        verbose_name=_("case"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("former number")
        verbose_name_plural = _("former numbers")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(beneficiary__isnull=True) ^ models.Q(case__isnull=True),
                name="number_alias_names_one_record",
            ),
        ]

    def __str__(self):
        return self.number


class FileRequestQuerySet(ScopedQuerySet):
    """A request concerns two delegations, the file's owner and the other: both sides see it
    in their lists (what of the person each may read is the page's business)."""

    scope_fields = ("owner", "other")

    def open(self):
        return self.filter(state=FileRequest.State.REQUESTED)

    def to_decide_by(self, user):
        """The open requests `user` decides: as the delegate of the side that did not ask
        (the administrator: any)."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        requests = self.open()
        if user.is_superuser:
            return requests
        if user.role != Role.DELEGATE or user.unit_id is None:
            return self.none()
        return requests.filter(
            models.Q(asked_by_owner=True, other=user.unit_id)
            | models.Q(asked_by_owner=False, owner=user.unit_id)
        )


class FileRequest(models.Model):
    """A request between two delegations about one person's file: to transfer it (with its
    cases and their history) from its owner to the other delegation, or to let the other
    delegation read it for a time. Asked by one side, decided by the other side's delegate.

    Asked by the owner (a family moved away: "take over this file"), or by the other side,
    which found that a file exists elsewhere and may not see it ("give us this file", "let us
    read it"): then nothing of the file is shown to it before the owner agrees."""

    class Kind(models.TextChoices):
        TRANSFER = "transfer", _("transfer of the file")
        READ = "read", _("read access")

    class State(models.TextChoices):
        REQUESTED = "requested", _("awaiting a decision")
        ACCEPTED = "accepted", _("accepted")
        REFUSED = "refused", _("refused")
        CANCELLED = "cancelled", _("cancelled")

    # How long a read access lasts once granted.
    READ_DAYS = 30

    kind = models.CharField(_("request"), max_length=10, choices=Kind.choices)
    beneficiary = models.ForeignKey(
        Beneficiary, models.PROTECT, related_name="file_requests", verbose_name=_("person")
    )
    owner = models.ForeignKey(
        OrgUnit,
        models.PROTECT,
        related_name="+",
        verbose_name=_("owning delegation"),
        help_text=_("The delegation that held the file when the request was made."),
    )
    other = models.ForeignKey(
        OrgUnit,
        models.PROTECT,
        related_name="+",
        verbose_name=_("receiving delegation"),
    )
    asked_by_owner = models.BooleanField(_("asked by the owning delegation"))
    # Where the person now lives, for a transfer: a province the receiving delegation covers.
    province = models.ForeignKey(
        Province,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("new province"),
    )
    # What the asking side typed to find the file (a CIN, a name), when it may not see it.
    asked_about = CleanCharField(_("found by"), max_length=200, blank=True)
    reason = CleanTextField(_("reason"))
    # Given by the owning side when the person has not consented to sharing.
    override_reason = CleanTextField(_("reason for sharing without consent"), blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("asked by")
    )
    requested_at = models.DateTimeField(_("asked"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    refusal_note = CleanTextField(_("reason for refusing"), blank=True)
    read_until = models.DateTimeField(_("read access until"), null=True, blank=True)
    old_number = models.CharField(_("former file number"), max_length=24, blank=True)
    new_number = models.CharField(_("new file number"), max_length=24, blank=True)

    objects = FileRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("request about a file")
        verbose_name_plural = _("requests about files")
        constraints = [
            models.UniqueConstraint(
                fields=["beneficiary", "kind", "other"],
                condition=models.Q(state="requested"),
                name="file_request_one_open_per_side",
                violation_error_message=_("Such a request is already awaiting a decision."),
            ),
            models.CheckConstraint(
                condition=~models.Q(owner=models.F("other")),
                name="file_request_between_two_delegations",
                violation_error_message=_("The file is already held by that delegation."),
            ),
            models.CheckConstraint(
                condition=models.Q(kind="read") | models.Q(province__isnull=False),
                name="file_request_transfer_names_the_province",
                violation_error_message=_("Choose the province where the person now lives."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def deciding_unit_id(self):
        return self.other_id if self.asked_by_owner else self.owner_id

    @property
    def read_granted(self):
        return (
            self.kind == self.Kind.READ
            and self.state == self.State.ACCEPTED
            and self.read_until is not None
            and self.read_until > timezone.now()
        )


# Likely duplicates across the country ------------------------------------------------------------


class DuplicateScan(Job):
    """A search of the country's files for likely duplicates (duplicates.scan), run every
    night as a task: how far it is, and what it found."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting")
        RUNNING = "running", _("running")
        SUCCEEDED = "succeeded", _("finished")
        FAILED = "failed", _("failed")

    status = Job.status_field(Status)
    parts_total = models.PositiveSmallIntegerField(_("parts"), default=0)
    parts_done = models.PositiveSmallIntegerField(_("parts done"), default=0)
    people = models.PositiveIntegerField(_("files read"), default=0)
    pairs_found = models.PositiveIntegerField(_("pairs found"), default=0)
    pairs_new = models.PositiveIntegerField(_("new pairs"), default=0)
    failure = CleanTextField(_("reason for the failure"), blank=True)

    files_folder = "scans"
    interrupted = _("The search for duplicates was interrupted with its worker.")

    class Meta(Job.Meta):
        verbose_name = _("search for duplicates")
        verbose_name_plural = _("searches for duplicates")

    def __str__(self):
        return f"{self._meta.verbose_name} #{self.pk}"

    def record_failure(self, reason):
        self.failure = reason


class DuplicatePairQuerySet(ScopedQuerySet):
    """A pair of files may lie in two delegations: each side's scope sees it (what of the
    other file it may read is the page's business: nothing, out of its scope)."""

    scope_fields = ("first_delegation", "second_delegation")

    def open(self):
        """Pairs awaiting a decision whose two files are both still live."""
        return self.filter(
            status=DuplicatePair.Status.OPEN,
            first__merged_into__isnull=True,
            first__anonymised_at__isnull=True,
            second__merged_into__isnull=True,
            second__anonymised_at__isnull=True,
        )


class DuplicatePair(models.Model):
    """Two files that may be one person, found by the duplicate scan, with its evidence and a
    score, until one who owns them decides: merged, or not the same person (remembered: the
    scan never proposes the pair again). `first` is the older file (the lower id)."""

    class Status(models.TextChoices):
        OPEN = "open", _("to review")
        MERGED = "merged", _("merged")
        DISTINCT = "distinct", _("not the same person")

    class Evidence(models.TextChoices):
        SOUND = "sound", _("names that sound the same")
        BIRTH_DATE = "birth_date", _("same date of birth")
        BIRTH_YEAR = "birth_year", _("same year of birth")
        NEAR_YEAR = "near_year", _("born within two years")
        PHONE = "phone", _("same phone line")
        COMMON = "common", _("a common name")

    first = models.ForeignKey(
        Beneficiary, models.CASCADE, related_name="+", verbose_name=_("first file")
    )
    second = models.ForeignKey(
        Beneficiary, models.CASCADE, related_name="+", verbose_name=_("second file")
    )
    # The delegations holding the two files, kept by PostgreSQL (a trigger on the pair's
    # insert, another on a file's change of delegation): a delegation's queue is read by
    # their indexes, not by reading every open pair of the country with its two files.
    first_delegation = models.ForeignKey(
        OrgUnit, models.PROTECT, null=True, blank=True, editable=False, related_name="+"
    )
    second_delegation = models.ForeignKey(
        OrgUnit, models.PROTECT, null=True, blank=True, editable=False, related_name="+"
    )
    score = models.PositiveSmallIntegerField(_("score"), validators=[MaxValueValidator(100)])
    evidence = ArrayField(
        models.CharField(max_length=12, choices=Evidence.choices), verbose_name=_("evidence")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    found_at = models.DateTimeField(_("found"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    objects = DuplicatePairQuerySet.as_manager()

    class Meta:
        ordering = ["-score", "-found_at", "pk"]
        verbose_name = _("likely duplicate")
        verbose_name_plural = _("likely duplicates")
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="duplicate_pair_once"),
            models.CheckConstraint(
                condition=models.Q(first__lt=models.F("second")),
                name="duplicate_pair_ordered",
            ),
        ]
        indexes = [
            models.Index(fields=["second"], name="duplicate_pair_second_idx"),
            models.Index(
                fields=["first_delegation"],
                name="duplicate_pair_first_deleg",
                condition=models.Q(status="open"),
            ),
            models.Index(
                fields=["second_delegation"],
                name="duplicate_pair_second_deleg",
                condition=models.Q(status="open"),
            ),
            models.Index(
                fields=["-score"],
                name="duplicate_pair_open_idx",
                condition=models.Q(status="open"),
            ),
        ]

    def __str__(self):
        return f"{self._meta.verbose_name} #{self.pk}"

    def get_absolute_url(self):
        return reverse("beneficiaries:duplicate", args=[self.pk])

    def evidence_labels(self):
        labels = dict(self.Evidence.choices)
        return [labels.get(code, code) for code in self.evidence]
