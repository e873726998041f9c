"""Public competitions (concours): the notice and its posts, deadlines and their extensions,
the applications candidates send without an account, screening, marks, ranking and results.

Ownership, for `visible_to`: a competition belongs to the unit that organises it (usually the
human resources sub-directorate); its posts, extensions and applications follow it.
"""

import datetime
import hashlib
import secrets

import pgtrigger
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from entraide.fields import CINField, CleanCharField, CleanTextField, PhoneField
from entraide.models import ReferenceModel
from entraide.scoping import ScopedQuerySet
from entraide.uploads import PrivatePath
from entraide.validators import (
    DocumentValidator,
    arabic_name,
    latin_name,
    written_languages,
)
from territory.models import OrgUnit, Province


def mark_field(verbose_name):
    return models.DecimalField(
        verbose_name,
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(20)],
    )


class Grade(ReferenceModel):
    scale = models.PositiveSmallIntegerField(
        _("salary scale (échelle)"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )

    class Meta(ReferenceModel.Meta):
        verbose_name = _("grade")
        verbose_name_plural = _("grades")


class Specialty(ReferenceModel):
    class Meta(ReferenceModel.Meta):
        verbose_name = _("specialty")
        verbose_name_plural = _("specialties")


class CompetitionQuerySet(ScopedQuerySet):
    scope_field = "unit"

    def public(self):
        """What the public side shows: published notices and those whose results are out."""
        return self.exclude(status__in=[Competition.Status.DRAFT])

    def open_for_applications(self):
        now = timezone.now()
        return self.filter(status=Competition.Status.PUBLISHED, opens_at__lte=now, deadline__gt=now)


@pgtrigger.register(
    # Published results are the record: no path (a page, the admin, the shell, raw SQL) takes a
    # competition back to an earlier stage, where its marks and applications could change.
    pgtrigger.Trigger(
        name="results_stay_published",
        operation=pgtrigger.Update,
        when=pgtrigger.Before,
        condition=pgtrigger.Condition(
            "OLD.status IN ('results', 'archived') AND NEW.status IS DISTINCT FROM OLD.status "
            "AND NOT (OLD.status = 'results' AND NEW.status = 'archived')"
        ),
        func="""
            RAISE EXCEPTION 'results_stay_published: competition % is %; it cannot become %',
                OLD.id, OLD.status, NEW.status
                USING ERRCODE = 'integrity_constraint_violation';
        """,
    ),
)
class Competition(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        CLOSED = "closed", _("applications closed")
        WRITTEN = "written", _("written exam")
        ORAL = "oral", _("oral exam")
        RESULTS = "results", _("results published")
        ARCHIVED = "archived", _("archived")

    TRANSITIONS = {
        Status.DRAFT: [Status.PUBLISHED],
        Status.PUBLISHED: [Status.CLOSED],
        Status.CLOSED: [Status.WRITTEN],
        Status.WRITTEN: [Status.ORAL],
        Status.ORAL: [Status.RESULTS],
        Status.RESULTS: [Status.ARCHIVED],
        Status.ARCHIVED: [],
    }

    reference = models.CharField(
        _("reference"),
        max_length=40,
        unique=True,
        validators=[
            RegexValidator(r"^[A-Z0-9][A-Z0-9-]*$", _("Use capital letters, digits and hyphens."))
        ],
    )
    title = CleanCharField(_("title"), max_length=255)
    # The notice's text, its conditions, in each language (notice_ar, notice_fr): one is
    # enough for a draft, publishing takes both (services.competition_change_status).
    notice = CleanTextField(_("notice"), blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    unit = models.ForeignKey(
        OrgUnit, models.PROTECT, related_name="competitions", verbose_name=_("organising unit")
    )
    publication_date = models.DateField(_("published on"), null=True, blank=True)
    opens_at = models.DateTimeField(_("applications open"))
    deadline = models.DateTimeField(_("application deadline"))
    exam_date = models.DateField(_("written exam date"), null=True, blank=True)
    exam_place = CleanCharField(_("exam place"), max_length=255, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    written_coefficient = models.PositiveSmallIntegerField(_("written coefficient"), default=1)
    oral_coefficient = models.PositiveSmallIntegerField(_("oral coefficient"), default=1)
    oral_minimum = models.DecimalField(
        _("minimum written mark for the oral"),
        max_digits=5,
        decimal_places=2,
        default=10,
        validators=[MinValueValidator(0), MaxValueValidator(20)],
    )
    pass_mark = models.DecimalField(
        _("minimum final mark to be admitted"),
        max_digits=5,
        decimal_places=2,
        default=10,
        validators=[MinValueValidator(0), MaxValueValidator(20)],
    )
    written_call_ratio = models.PositiveSmallIntegerField(
        _("candidates called to the oral per post"),
        default=3,
        help_text=_("The best written marks are called to the oral, up to this many per post."),
    )
    waiting_list_ratio = models.PositiveSmallIntegerField(_("waiting list per post"), default=1)
    public_list_shows_birth_date = models.BooleanField(
        _("published lists show the birth date"), default=False
    )
    public_list_masks_cin = models.BooleanField(_("published lists mask the CIN"), default=True)
    max_upload_mb = models.PositiveSmallIntegerField(
        _("largest document (MB)"), default=5, validators=[MaxValueValidator(20)]
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    objects = CompetitionQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-deadline"]
        verbose_name = _("competition")
        verbose_name_plural = _("competitions")
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gt=models.F("opens_at")),
                name="competition_deadline_after_opening",
                violation_error_message=_("The deadline comes after the opening."),
            ),
        ]

    def __str__(self):
        return f"{self.reference} · {self.title}"

    def get_absolute_url(self):
        return reverse("recruitment:competition", args=[self.reference])

    def get_public_url(self):
        return reverse("recruitment:notice", args=[self.reference])

    def clean(self):
        errors = {}
        if not written_languages(self, "notice"):
            errors["notice_ar"] = _("Give the notice in Arabic, in French or in both.")
        if self.exam_date and self.deadline:
            last_day = timezone.localtime(self.deadline).date()
            if self.exam_date <= last_day:
                errors["exam_date"] = ValidationError(
                    _(
                        "The written exam must come after the application deadline "
                        "(%(deadline)s): choose a later date."
                    ),
                    code="exam_before_deadline",
                    params={"deadline": date_format(last_day, "DATE_FORMAT")},
                )
        if errors:
            raise ValidationError(errors)

    def next_statuses(self):
        return self.TRANSITIONS[self.status]

    def is_open(self, at=None):
        at = at or timezone.now()
        return self.status == self.Status.PUBLISHED and self.opens_at <= at < self.deadline

    @property
    def total_posts(self):
        return self.lines.aggregate(n=Sum("posts"))["n"] or 0


class CompetitionChildQuerySet(ScopedQuerySet):
    scope_field = "competition__unit"


def catalogue_entry(entry, **extra):
    """What a post line keeps of a grade or a specialty: its code and its name in each
    language of the portal."""
    names = {
        code: getattr(entry, f"name_{code}", "") or entry.name for code, _n in settings.LANGUAGES
    }
    return {"code": entry.code, **names, **extra}


def in_language(entry):
    """The name of a kept catalogue entry in the active language (else the default one)."""
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return entry.get(language) or entry.get(settings.LANGUAGE_CODE) or entry.get("code", "")


class PostLine(models.Model):
    competition = models.ForeignKey(
        Competition, models.CASCADE, related_name="lines", verbose_name=_("competition")
    )
    grade = models.ForeignKey(Grade, models.PROTECT, related_name="+", verbose_name=_("grade"))
    specialties = models.ManyToManyField(
        Specialty, related_name="post_lines", verbose_name=_("specialties")
    )
    posts = models.PositiveSmallIntegerField(_("posts"), validators=[MinValueValidator(1)])
    # In each language (diplomas_ar, diplomas_fr): one is enough for a draft, publishing the
    # notice takes both (services.competition_change_status).
    diplomas = CleanCharField(_("diplomas required"), max_length=255, blank=True)
    min_age = models.PositiveSmallIntegerField(_("minimum age"), default=18)
    max_age = models.PositiveSmallIntegerField(_("maximum age"), default=45)
    # The grade (names and scale) and the specialties (names) as the notice published them,
    # kept by services.competition_change_status when the competition is published: a later
    # correction of the catalogue changes the drafts, never a published notice, its lists or
    # its PDFs. Empty while the competition is a draft, which reads the catalogue as it is.
    published_grade = models.JSONField(
        _("grade as published"), default=dict, blank=True, editable=False
    )
    published_specialties = models.JSONField(
        _("specialties as published"), default=list, blank=True, editable=False
    )

    objects = CompetitionChildQuerySet.as_manager()

    class Meta:
        ordering = ["competition", "pk"]
        verbose_name = _("post line")
        verbose_name_plural = _("post lines")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_age__gte=models.F("min_age")),
                name="postline_age_limits_in_order",
                violation_error_message=_("The maximum age is below the minimum age."),
            ),
        ]

    def __str__(self):
        return f"{self.grade_name} ({self.posts})"

    def clean(self):
        if not written_languages(self, "diplomas"):
            raise ValidationError(
                {"diplomas_ar": _("Give the diplomas required in Arabic, in French or in both.")}
            )

    def keep_as_published(self):
        """Keep the catalogue's names and scale of the line's grade and specialties (the caller
        saves the two fields)."""
        self.published_grade = catalogue_entry(self.grade, scale=self.grade.scale)
        self.published_specialties = [catalogue_entry(s) for s in self.specialties.all()]

    @property
    def grade_name(self):
        return in_language(self.published_grade) if self.published_grade else str(self.grade)

    @property
    def scale(self):
        return self.published_grade["scale"] if self.published_grade else self.grade.scale

    @property
    def specialty_names(self):
        if self.published_grade:
            return [in_language(entry) for entry in self.published_specialties]
        return [str(specialty) for specialty in self.specialties.all()]


class DeadlineExtension(models.Model):
    competition = models.ForeignKey(
        Competition, models.CASCADE, related_name="extensions", verbose_name=_("competition")
    )
    previous_deadline = models.DateTimeField(_("previous deadline"))
    new_deadline = models.DateTimeField(_("new deadline"))
    decided_on = models.DateField(_("decided on"))
    reason = CleanCharField(_("reason"), max_length=255)
    # Set by services.deadline_extend from the acting user; never typed or imported.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    objects = CompetitionChildQuerySet.as_manager()

    class Meta:
        ordering = ["competition", "new_deadline"]
        verbose_name = _("deadline extension")
        verbose_name_plural = _("deadline extensions")
        constraints = [
            models.CheckConstraint(
                condition=Q(new_deadline__gt=models.F("previous_deadline")),
                name="extension_moves_the_deadline_later",
                violation_error_message=_("The new deadline comes after the previous one."),
            ),
        ]

    def __str__(self):
        return f"{self.previous_deadline:%Y-%m-%d %H:%M} → {self.new_deadline:%Y-%m-%d %H:%M}"


class Category(models.TextChoices):
    """The categories for which the law reserves a share of the posts."""

    DISABILITY = "disability", _("persons with disabilities holding the card")
    FORMER_MILITARY = "former_military", _("former members of the armed forces")
    RESISTANCE = "resistance", _("résistants and their families")


class ReservedShare(models.Model):
    competition = models.ForeignKey(
        Competition, models.CASCADE, related_name="reserved_shares", verbose_name=_("competition")
    )
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    percent = models.PositiveSmallIntegerField(
        _("share of the posts (%)"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )

    objects = CompetitionChildQuerySet.as_manager()

    class Meta:
        ordering = ["competition", "category"]
        verbose_name = _("reserved share")
        verbose_name_plural = _("reserved shares")
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "category"],
                name="reservedshare_one_per_category",
                violation_error_message=_("This category already has its share."),
            ),
        ]

    def __str__(self):
        return f"{self.get_category_display()}: {self.percent}%"


# Letters and digits no one misreads on paper or on the phone (no 0/O, 1/I, 5/S...).
RECEIPT_ALPHABET = "ACDEFGHJKLMNPQRTUVWXY3479"
RECEIPT_LENGTH = 10


def new_receipt_number():
    # Unguessable: with the CIN, it is what lets a candidate read their application.
    return "".join(secrets.choice(RECEIPT_ALPHABET) for _i in range(RECEIPT_LENGTH))


def confirmation_digest(token):
    """What the database keeps of a confirmation link's token: its SHA-256, so that a copy of
    the table confirms nothing."""
    return hashlib.sha256(token.encode()).hexdigest()


# The columns that carry the exams and their outcome: frozen once the results are published.
MARK_COLUMNS = [
    "written_present",
    "written_mark",
    "called_to_oral",
    "oral_present",
    "oral_mark",
    "final_mark",
    "rank",
    "result",
    "seat_category",
]


class ApplicationQuerySet(CompetitionChildQuerySet):
    def confirmed(self):
        """Applications the candidate has confirmed (or staff received): the only ones counted,
        screened, marked or listed. An online application waits for its email confirmation."""
        return self.filter(confirmed_at__isnull=False)

    def expired(self, at=None):
        return self.filter(
            confirmed_at__isnull=True, confirmation_deadline__lte=at or timezone.now()
        )

    def holding_cin(self):
        """Those that keep the CIN from another application to the same competition."""
        return self.confirmed().filter(status=Application.Status.SUBMITTED)


@pgtrigger.register(
    # Once the results are published the marks and ranking are the record: the database
    # refuses to change them whatever path tries (a page, an import, the shell, raw SQL).
    pgtrigger.Trigger(
        name="marks_frozen_after_results",
        operation=pgtrigger.Update,
        when=pgtrigger.Before,
        condition=pgtrigger.AnyChange(*MARK_COLUMNS),
        func="""
            IF EXISTS (
                SELECT 1 FROM recruitment_competition
                WHERE id = OLD.competition_id AND status IN ('results', 'archived')
            ) THEN
                RAISE EXCEPTION 'marks_frozen_after_results: the results of competition % are '
                    'published; marks and ranking can no longer change', OLD.competition_id
                    USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            RETURN NEW;
        """,
    ),
    # Nor does an application received leave the competition's record: it is not deleted,
    # moved to another competition or made unconfirmed. Those never confirmed were never
    # received: the purge of expired ones (services.applications_purge_expired) still runs.
    pgtrigger.Trigger(
        name="applications_kept_after_results",
        operation=pgtrigger.Delete,
        when=pgtrigger.Before,
        condition=pgtrigger.Condition("OLD.confirmed_at IS NOT NULL"),
        func="""
            IF EXISTS (
                SELECT 1 FROM recruitment_competition
                WHERE id = OLD.competition_id AND status IN ('results', 'archived')
            ) THEN
                RAISE EXCEPTION 'applications_kept_after_results: the results of competition '
                    '% are published; its applications can no longer be deleted',
                    OLD.competition_id
                    USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            RETURN OLD;
        """,
    ),
    pgtrigger.Trigger(
        name="applications_stay_received_after_results",
        operation=pgtrigger.Update,
        when=pgtrigger.Before,
        condition=pgtrigger.Condition(
            "OLD.confirmed_at IS NOT NULL AND (NEW.confirmed_at IS NULL "
            "OR NEW.competition_id IS DISTINCT FROM OLD.competition_id)"
        ),
        func="""
            IF EXISTS (
                SELECT 1 FROM recruitment_competition
                WHERE id = OLD.competition_id AND status IN ('results', 'archived')
            ) THEN
                RAISE EXCEPTION 'applications_kept_after_results: the results of competition '
                    '% are published; its applications stay in its record', OLD.competition_id
                    USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            RETURN NEW;
        """,
    ),
)
class Application(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("received")
        WITHDRAWN = "withdrawn", _("withdrawn")
        VOIDED = "voided", _("voided")

    class Eligibility(models.TextChoices):
        PENDING = "pending", _("being examined")
        ELIGIBLE = "eligible", _("eligible")
        REJECTED = "rejected", _("not eligible")

    class RejectionReason(models.TextChoices):
        DIPLOMA = "diploma", _("diploma not required for the post")
        SPECIALTY = "specialty", _("specialty not required for the post")
        AGE = "age", _("outside the age limits")
        DOCUMENTS = "documents", _("documents missing or unreadable")
        NATIONALITY = "nationality", _("nationality condition not met")
        LATE = "late", _("received after the deadline")
        OTHER = "other", _("other reason")

    class VoidReason(models.TextChoices):
        IDENTITY = "identity", _("sent with someone else's CIN")
        DUPLICATE = "duplicate", _("duplicate of another application")
        REQUEST = "request", _("at the candidate's written request")
        ERROR = "error", _("recorded in error")
        OTHER = "other", _("other reason")

    class Result(models.TextChoices):
        ADMITTED = "admitted", _("admitted")
        WAITING = "waiting", _("waiting list")
        NOT_ADMITTED = "not_admitted", _("not admitted")

    class Sex(models.TextChoices):
        FEMALE = "F", _("female")
        MALE = "M", _("male")

    # How long a candidate has to open the link sent to their email address.
    CONFIRMATION_DELAY = datetime.timedelta(hours=24)

    competition = models.ForeignKey(
        Competition, models.PROTECT, related_name="applications", verbose_name=_("competition")
    )
    post_line = models.ForeignKey(
        PostLine, models.PROTECT, related_name="applications", verbose_name=_("post applied for")
    )
    receipt_number = models.CharField(
        _("receipt number"), max_length=12, unique=True, default=new_receipt_number
    )
    cin = CINField(_("CIN"))
    first_name_ar = CleanCharField(
        _("first name (Arabic)"), max_length=80, validators=[arabic_name]
    )
    last_name_ar = CleanCharField(_("last name (Arabic)"), max_length=80, validators=[arabic_name])
    first_name_lat = CleanCharField(_("first name (Latin)"), max_length=80, validators=[latin_name])
    last_name_lat = CleanCharField(_("last name (Latin)"), max_length=80, validators=[latin_name])
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("birth date"))
    email = models.EmailField(_("email"))
    # 20 as before: numbers stored before the kernel rule may keep their spaces until edited.
    phone = PhoneField(_("phone"), max_length=20)
    province = models.ForeignKey(
        Province, models.PROTECT, related_name="+", verbose_name=_("province of residence")
    )
    diploma = CleanCharField(_("diploma"), max_length=200)
    specialty = models.ForeignKey(
        Specialty, models.PROTECT, related_name="+", verbose_name=_("specialty")
    )
    category = models.CharField(
        _("reserved category claimed"), max_length=16, choices=Category.choices, blank=True
    )
    accommodation_requested = models.BooleanField(
        _("accommodations requested for a disability"), default=False
    )
    accommodation_details = CleanTextField(_("accommodations needed"), blank=True)
    submitted_at = models.DateTimeField(_("received"), default=timezone.now)
    channel = models.CharField(
        _("received by"),
        max_length=8,
        choices=[("online", _("online")), ("paper", _("on paper"))],
        default="online",
    )
    # An application sent online holds its CIN only once the candidate has opened the link
    # sent to their email address: anyone can type someone else's CIN, not read their mail.
    # Those that staff record (paper files, imports) are confirmed as they are recorded, hence
    # the default; services.application_submit empties it for the public form.
    confirmed_at = models.DateTimeField(
        _("email confirmed"), null=True, blank=True, default=timezone.now
    )
    confirmation_deadline = models.DateTimeField(_("to be confirmed before"), null=True, blank=True)
    confirmation_key = models.CharField(
        _("confirmation key"), max_length=64, blank=True, editable=False
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    voided_at = models.DateTimeField(_("voided"), null=True, blank=True)
    void_reason = models.CharField(
        _("reason for voiding"), max_length=12, choices=VoidReason.choices, blank=True
    )
    void_note = CleanCharField(_("note on the voiding"), max_length=255, blank=True)
    # Set by services.application_void from the acting user; never typed or imported.
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("voided by"),
        editable=False,
    )
    eligibility = models.CharField(
        _("eligibility"), max_length=10, choices=Eligibility.choices, default=Eligibility.PENDING
    )
    rejection_reason = models.CharField(
        _("reason for rejection"), max_length=12, choices=RejectionReason.choices, blank=True
    )
    rejection_note = CleanCharField(_("note"), max_length=255, blank=True)
    written_present = models.BooleanField(_("present at the written exam"), null=True, blank=True)
    written_mark = mark_field(_("written mark"))
    called_to_oral = models.BooleanField(_("called to the oral"), default=False)
    oral_present = models.BooleanField(_("present at the oral"), null=True, blank=True)
    oral_mark = mark_field(_("oral mark"))
    final_mark = models.DecimalField(
        _("final mark"), max_digits=6, decimal_places=3, null=True, blank=True
    )
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    result = models.CharField(_("result"), max_length=12, choices=Result.choices, blank=True)
    seat_category = models.CharField(
        _("admitted on the share of"), max_length=16, choices=Category.choices, blank=True
    )

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["competition", "last_name_lat", "first_name_lat", "pk"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            # One live application per CIN and competition. Unconfirmed, withdrawn and voided
            # applications hold nothing: applying first with someone's CIN blocks no one.
            models.UniqueConstraint(
                fields=["competition", "cin"],
                condition=Q(confirmed_at__isnull=False, status="submitted"),
                name="application_one_per_cin",
                violation_error_message=_(
                    "An application with this CIN has already been received for this competition."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(eligibility="rejected") | ~Q(rejection_reason=""),
                name="application_rejection_has_reason",
                violation_error_message=_("Give the reason for the rejection."),
            ),
            models.CheckConstraint(
                condition=Q(confirmed_at__isnull=False) | Q(confirmation_deadline__isnull=False),
                name="application_unconfirmed_expires",
                violation_error_message=_("An unconfirmed application needs its deadline."),
            ),
            models.CheckConstraint(
                condition=~Q(status="voided") | (~Q(void_reason="") & Q(voided_at__isnull=False)),
                name="application_void_has_reason",
                violation_error_message=_("Give the reason for voiding the application."),
            ),
        ]
        indexes = [
            models.Index(fields=["competition", "eligibility"], name="application_elig_idx"),
            models.Index(
                fields=["confirmation_key"],
                name="application_confirm_key_idx",
                condition=Q(confirmed_at__isnull=True),
            ),
        ]
        permissions = [("enter_marks", _("Can enter exam marks and compute results"))]

    def __str__(self):
        return f"{self.receipt_number} · {self.last_name_lat} {self.first_name_lat}"

    @property
    def audit_label(self):
        return self.receipt_number

    def age_on(self, day):
        years = day.year - self.birth_date.year
        if (day.month, day.day) < (self.birth_date.month, self.birth_date.day):
            years -= 1
        return years

    def masked_cin(self):
        cin = self.cin
        if len(cin) <= 4:
            return cin[:1] + "*" * (len(cin) - 1)
        return cin[:2] + "*" * (len(cin) - 4) + cin[-2:]

    def clean(self):
        if (
            self.post_line_id
            and self.competition_id
            and self.post_line.competition_id != self.competition_id
        ):
            raise ValidationError({"post_line": _("This post is not one of the competition's.")})


class DocumentQuerySet(ScopedQuerySet):
    scope_field = "application__competition__unit"


class ApplicationDocument(models.Model):
    class Kind(models.TextChoices):
        CIN = "cin", _("copy of the CIN")
        DIPLOMA = "diploma", _("diploma")
        CV = "cv", _("curriculum vitae")
        CARD = "card", _("disability card or category certificate")
        OTHER = "other", _("other document")

    application = models.ForeignKey(
        Application, models.CASCADE, related_name="documents", verbose_name=_("application")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    file = models.FileField(
        _("file"), upload_to=PrivatePath("recruitment"), validators=[DocumentValidator()]
    )
    # A file name is typed by the candidate: "cv\u202Efdp.exe" must not show as "cv.pdf".
    original_name = CleanCharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=60)
    size = models.PositiveIntegerField(_("size"))

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["application", "kind"]
        verbose_name = _("candidate's document")
        verbose_name_plural = _("candidates' documents")

    def __str__(self):
        return self.get_kind_display()

    @property
    def audit_label(self):
        return f"{self.get_kind_display()} #{self.pk}"
