"""Associations, the conventions EN signs with them, subsidies in tranches, the reports they
owe, and the inspections that control them.

Ownership, for `visible_to`: an association belongs to the delegation where it is registered;
a convention to the EN unit that signed it (its tranches, reports, commitments and amendments
follow it); an inspection to the unit that owns its subject.
"""

from decimal import Decimal

import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from centres.models import Centre, TargetGroup
from entraide.fields import CleanCharField, CleanTextField, PhoneField
from entraide.models import ReferenceModel
from entraide.roles import Role
from entraide.scoping import ScopedQuerySet
from entraide.search import fold, folded_column
from entraide.uploads import PrivatePath
from entraide.validators import DocumentValidator, written_languages
from territory.models import OrgUnit, Province

# A Moroccan bank account (RIB): 24 digits, spaces allowed when typed.
rib_validator = RegexValidator(r"^[0-9]{24}$", _("A RIB has 24 digits."))


def amount_field(verbose_name, **kwargs):
    """Dirhams and centimes, never negative."""
    return models.DecimalField(
        verbose_name,
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
        **kwargs,
    )


document_path = PrivatePath("partnerships")


class FieldOfAction(ReferenceModel):
    class Meta(ReferenceModel.Meta):
        verbose_name = _("field of action")
        verbose_name_plural = _("fields of action")


class SearchableQuerySet(ScopedQuerySet):
    def search(self, text):
        folded = fold(text)
        if not folded:
            return self
        return self.filter(search_text__contains=folded)


class AssociationQuerySet(SearchableQuerySet):
    scope_field = "delegation"

    def staffed_by(self, user):
        """The associations whose partner staff `user` is."""
        return self.filter(staff=user)


def centres_run_by_staff_of(user):
    """The centres `user` answers for as partner staff: those an association they work for
    runs under a convention signed or in force (Convention.ACTIVE)."""
    return Centre.objects.filter(
        conventions__associations__staff=user,
        conventions__status__in=Convention.ACTIVE,
    ).distinct()


class Association(models.Model):
    class LegalStatus(models.TextChoices):
        ASSOCIATION = "association", _("association")
        FOUNDATION = "foundation", _("foundation")
        COOPERATIVE = "cooperative", _("cooperative")
        FEDERATION = "federation", _("federation")

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        SUSPENDED = "suspended", _("suspended")
        DISSOLVED = "dissolved", _("dissolved")

    name = CleanCharField(_("name"), max_length=255)
    acronym = CleanCharField(_("acronym"), max_length=40, blank=True)
    registration_number = models.CharField(
        _("registration number"),
        max_length=40,
        unique=True,
        validators=[
            RegexValidator(
                r"^[A-Za-z0-9][A-Za-z0-9/.-]*$", _("Use letters, digits, / . and hyphens.")
            )
        ],
        help_text=_("The number of the receipt of the declaration (récépissé)."),
    )
    registration_date = models.DateField(_("registered on"))
    legal_status = models.CharField(
        _("legal status"),
        max_length=12,
        choices=LegalStatus.choices,
        default=LegalStatus.ASSOCIATION,
    )
    public_utility = models.BooleanField(_("recognised of public utility"), default=False)
    public_utility_date = models.DateField(_("recognised on"), null=True, blank=True)
    delegation = models.ForeignKey(
        OrgUnit,
        models.PROTECT,
        related_name="associations",
        limit_choices_to={"kind": OrgUnit.Kind.DELEGATION},
        verbose_name=_("delegation"),
    )
    province = models.ForeignKey(
        Province, models.PROTECT, related_name="associations", verbose_name=_("province")
    )
    address = CleanCharField(_("address"), max_length=255, blank=True)
    president = CleanCharField(_("president"), max_length=200)
    # The rule is PhoneField's; the column keeps its former width so that the audit's history
    # tables, which hold the numbers as once typed, need no rewrite.
    phone = PhoneField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    fields_of_action = models.ManyToManyField(
        FieldOfAction, blank=True, related_name="associations", verbose_name=_("fields of action")
    )
    target_groups = models.ManyToManyField(
        TargetGroup,
        blank=True,
        related_name="associations",
        verbose_name=_("target groups"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    status_date = models.DateField(_("status since"), default=timezone.localdate)
    bank_name = CleanCharField(_("bank"), max_length=120, blank=True)
    bank_account = models.CharField(
        _("bank account (RIB)"), max_length=24, blank=True, validators=[rib_validator]
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    search_text = folded_column("registration_number", "acronym", "name_ar", "name_fr")
    # The accounts through which the association answers the referrals sent to it and to the
    # centres it runs (beneficiaries.models.ReferralQuerySet.received_by).
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="partner_associations",
        limit_choices_to={"role": Role.PARTNER_STAFF},
        verbose_name=_("partner staff accounts"),
        help_text=_(
            "Accounts of the association's own staff (role “partner staff”): they read and "
            "answer the referrals sent to the association and to the centres it runs, and "
            "nothing else."
        ),
    )

    objects = AssociationQuerySet.as_manager()

    class Meta:
        ordering = ["name_ar", "pk"]
        verbose_name = _("association")
        verbose_name_plural = _("associations")
        permissions = [("view_bank_details", _("Can see associations' bank details"))]
        indexes = [
            GinIndex(
                fields=["search_text"], name="association_search_trgm", opclasses=["gin_trgm_ops"]
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(public_utility=True) | Q(public_utility_date__isnull=True),
                name="association_utility_date_needs_recognition",
                violation_error_message=_(
                    "A recognition date is given only for a recognised association."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partnerships:association", args=[self.pk])

    def clean_fields(self, exclude=None):
        # A RIB typed in groups, as banks print it: the spaces go before its digits are checked.
        if self.bank_account:
            self.bank_account = "".join(self.bank_account.split())
        super().clean_fields(exclude=exclude)

    def clean(self):
        if (
            self.delegation_id
            and self.province_id
            and not self.delegation.provinces.filter(pk=self.province_id).exists()
        ):
            raise ValidationError(
                {"province": _("This province is not covered by the delegation.")}
            )


class ConventionQuerySet(SearchableQuerySet):
    scope_field = "signing_unit"

    def in_force(self):
        return self.filter(status=Convention.Status.IN_FORCE)

    def in_force_during(self, start, end):
        """Conventions in force at some time in the period (`start` and `end` its first and
        last days): the one definition of "conventions in force" behind the activity report
        and the partnership figures, so that the two always give the same number.

        A convention is in force from the later of its signature and its start until its
        end: it counts when it was signed by the period's end and its term overlaps the
        period. Its status says whether it ever took effect and whether it stopped before
        its end:
        - a draft never took effect;
        - signed or in force: over its term. A signed convention binds from its start
          (tranches are paid and reports owed, as `Convention.ACTIVE` says); putting it "in
          force" is a step of the record that may lag behind;
        - expired: it ran its term, and still counts for the periods of that term;
        - suspended or terminated: until its status date, the day it stopped; it counts for
          a period that began before that day, so that a past period's figure does not
          change when a convention is later suspended or terminated;
        - closed (after its expiry or its termination): until its closing date at the
          latest. That changes nothing for an expired convention and bounds a terminated
          one, whose termination date is no longer on the row (its audit trail keeps it).
        A convention resumed after a suspension is in force again, over its whole term."""
        ran_its_term = [*Convention.ACTIVE, Convention.Status.EXPIRED]
        stopped = [
            Convention.Status.SUSPENDED,
            Convention.Status.TERMINATED,
            Convention.Status.CLOSED,
        ]
        return self.filter(signed_on__lte=end, start_date__lte=end, end_date__gte=start).filter(
            Q(status__in=ran_its_term)
            # Stopped after the period began, and after its own start: one terminated before
            # it started never was in force.
            | (
                Q(status__in=stopped, status_date__gt=start)
                & Q(status_date__gt=models.F("start_date"))
            )
        )


class Convention(models.Model):
    class Kind(models.TextChoices):
        FRAMEWORK = "framework", _("framework agreement")
        CENTRE_MANAGEMENT = "centre_management", _("centre management")
        PROJECT = "project", _("project")
        SPECIFIC = "specific", _("specific convention")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SIGNED = "signed", _("signed")
        IN_FORCE = "in_force", _("in force")
        SUSPENDED = "suspended", _("suspended")
        TERMINATED = "terminated", _("terminated")
        EXPIRED = "expired", _("expired")
        CLOSED = "closed", _("closed")

    TRANSITIONS = {
        Status.DRAFT: [Status.SIGNED],
        Status.SIGNED: [Status.IN_FORCE, Status.TERMINATED],
        Status.IN_FORCE: [Status.SUSPENDED, Status.TERMINATED, Status.EXPIRED],
        Status.SUSPENDED: [Status.IN_FORCE, Status.TERMINATED],
        Status.TERMINATED: [Status.CLOSED],
        Status.EXPIRED: [Status.CLOSED],
        Status.CLOSED: [],
    }
    # The statuses in which a tranche may be paid and reports are owed.
    ACTIVE = [Status.SIGNED, Status.IN_FORCE]

    reference = models.CharField(
        _("reference"),
        max_length=40,
        unique=True,
        validators=[
            RegexValidator(r"^[A-Za-z0-9][A-Za-z0-9/._-]*$", _("Use letters, digits, / . _ and -."))
        ],
    )
    title = CleanCharField(_("title"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    signing_unit = models.ForeignKey(
        OrgUnit, models.PROTECT, related_name="conventions", verbose_name=_("signing EN unit")
    )
    associations = models.ManyToManyField(
        Association, related_name="conventions", verbose_name=_("associations")
    )
    centres = models.ManyToManyField(
        Centre,
        blank=True,
        related_name="conventions",
        verbose_name=_("centres"),
        help_text=_("For a centre management convention, the centres the association runs."),
    )
    # In each language (object_ar, object_fr): one at least, both as the convention is signed.
    object = CleanTextField(_("object"), blank=True)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_document = models.FileField(
        _("signed document"),
        upload_to=document_path,
        blank=True,
        validators=[DocumentValidator()],
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    status_date = models.DateField(_("status since"), default=timezone.localdate)
    status_reason = CleanCharField(_("reason"), max_length=255, blank=True)
    en_contribution = amount_field(_("EN contribution"), default=Decimal("0"))
    partners_contribution = amount_field(_("partners' contribution"), default=Decimal("0"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    search_text = folded_column("reference", "title")

    objects = ConventionQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "reference"]
        verbose_name = _("convention")
        verbose_name_plural = _("conventions")
        indexes = [
            models.Index(fields=["status", "end_date"], name="convention_status_end_idx"),
            GinIndex(
                fields=["search_text"], name="convention_search_trgm", opclasses=["gin_trgm_ops"]
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="convention_ends_after_it_starts",
                violation_error_message=_("The end date comes before the start date."),
            ),
        ]
        triggers = [
            # Lowering the EN contribution (an amendment) below the tranches already planned
            # would break the budget rule enforced on tranches: refuse it too.
            pgtrigger.Trigger(
                name="contribution_covers_tranches",
                operation=pgtrigger.Update,
                when=pgtrigger.After,
                condition=pgtrigger.Condition("NEW.en_contribution < OLD.en_contribution"),
                func="""
                IF (SELECT COALESCE(SUM(planned_amount), 0) FROM partnerships_tranche
                    WHERE convention_id = NEW.id) > NEW.en_contribution THEN
                    RAISE EXCEPTION 'tranches_within_contribution (convention %)', NEW.id
                        USING ERRCODE = 'check_violation',
                              CONSTRAINT = 'tranches_within_contribution';
                END IF;
                RETURN NULL;
                """,
            ),
        ]

    def __str__(self):
        return f"{self.reference} · {self.title}"

    def get_absolute_url(self):
        return reverse("partnerships:convention", args=[self.pk])

    def next_statuses(self):
        return self.TRANSITIONS[self.status]

    @property
    def total_budget(self):
        return (self.en_contribution or 0) + (self.partners_contribution or 0)

    def clean(self):
        errors = {}
        if not written_languages(self, "object"):
            errors["object_ar"] = _("Give the object in Arabic, in French or in both.")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date comes before the start date.")
        if errors:
            raise ValidationError(errors)


class ConventionChildQuerySet(ScopedQuerySet):
    scope_field = "convention__signing_unit"


class TrancheQuerySet(ConventionChildQuerySet):
    # Behind the subsidies of the activity report and of the partnership figures; start and
    # end are a period's first and last days.
    def planned_in(self, start, end):
        """Tranches planned in the period: the subsidies committed."""
        return self.filter(planned_date__range=(start, end))

    def paid_in(self, start, end):
        """Tranches paid in the period: the subsidies paid."""
        return self.filter(paid_on__range=(start, end))


class Partner(models.Model):
    """A party to a convention other than EN and the associations."""

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("ministry or public body")
        LOCAL_AUTHORITY = "local_authority", _("local authority")
        INTERNATIONAL = "international", _("international institution")
        PRIVATE = "private", _("private company or foundation")
        OTHER = "other", _("other partner")

    convention = models.ForeignKey(
        Convention, models.CASCADE, related_name="partners", verbose_name=_("convention")
    )
    name = CleanCharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    contribution = amount_field(_("contribution"), default=Decimal("0"))

    objects = ConventionChildQuerySet.as_manager()

    class Meta:
        ordering = ["convention", "pk"]
        verbose_name = _("other partner")
        verbose_name_plural = _("other partners")

    def __str__(self):
        return self.name


class Commitment(models.Model):
    """What one party undertakes; ticked off when done, with a comment."""

    convention = models.ForeignKey(
        Convention, models.CASCADE, related_name="commitments", verbose_name=_("convention")
    )
    party = CleanCharField(_("party"), max_length=200)
    # In each language (description_ar, description_fr): one at least.
    description = CleanTextField(_("commitment"), blank=True)
    due_date = models.DateField(_("due"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    comment = CleanTextField(_("comment"), blank=True)

    objects = ConventionChildQuerySet.as_manager()

    class Meta:
        ordering = ["convention", "pk"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")

    def __str__(self):
        return self.description[:80]

    def clean(self):
        if not written_languages(self, "description"):
            raise ValidationError(
                {"description_ar": _("Give the commitment in Arabic, in French or in both.")}
            )


class OwedReport(models.Model):
    class Kind(models.TextChoices):
        ACTIVITY = "activity", _("activity report")
        FINANCIAL = "financial", _("financial report")

    class Assessment(models.TextChoices):
        SATISFACTORY = "satisfactory", _("satisfactory")
        RESERVATIONS = "reservations", _("accepted with reservations")
        UNSATISFACTORY = "unsatisfactory", _("unsatisfactory")

    convention = models.ForeignKey(
        Convention, models.CASCADE, related_name="reports", verbose_name=_("convention")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    period = CleanCharField(_("period covered"), max_length=40)
    due_date = models.DateField(_("due"), db_index=True)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    assessment = models.CharField(
        _("assessment"), max_length=14, choices=Assessment.choices, blank=True
    )
    assessment_notes = CleanTextField(_("assessment notes"), blank=True)
    document = models.FileField(
        _("document"), upload_to=document_path, blank=True, validators=[DocumentValidator()]
    )

    objects = ConventionChildQuerySet.as_manager()

    class Meta:
        ordering = ["convention", "due_date", "pk"]
        verbose_name = _("report owed")
        verbose_name_plural = _("reports owed")
        constraints = [
            models.CheckConstraint(
                condition=Q(assessment="") | Q(received_on__isnull=False),
                name="owedreport_assessed_once_received",
                violation_error_message=_("A report is assessed once it is received."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.period}"

    @property
    def is_overdue(self):
        return self.received_on is None and self.due_date < timezone.localdate()


class Tranche(models.Model):
    convention = models.ForeignKey(
        Convention, models.PROTECT, related_name="tranches", verbose_name=_("convention")
    )
    number = models.PositiveSmallIntegerField(_("tranche"))
    planned_amount = amount_field(_("planned amount"))
    planned_date = models.DateField(_("planned date"))
    condition = CleanCharField(_("condition"), max_length=255, blank=True)
    condition_report = models.ForeignKey(
        OwedReport,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("report to be received first"),
    )
    paid_amount = amount_field(_("paid amount"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    payment_reference = CleanCharField(_("payment reference"), max_length=60, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("payment recorded by"),
    )
    override_reason = CleanCharField(
        _("reason for paying despite overdue reports"), max_length=255, blank=True
    )
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("override by"),
    )

    objects = TrancheQuerySet.as_manager()

    class Meta:
        ordering = ["convention", "number"]
        verbose_name = _("subsidy tranche")
        verbose_name_plural = _("subsidy tranches")
        permissions = [
            ("pay_tranche", _("Can record the payment of a tranche")),
            ("override_tranche_block", _("Can allow a tranche despite overdue reports")),
        ]
        indexes = [models.Index(fields=["planned_date"], name="tranche_planned_date_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "number"],
                name="tranche_number_unique",
                violation_error_message=_("This convention already has a tranche numbered so."),
            ),
            models.CheckConstraint(
                condition=Q(paid_amount__isnull=True, paid_on__isnull=True)
                | Q(paid_amount__isnull=False, paid_on__isnull=False),
                name="tranche_paid_amount_and_date",
                violation_error_message=_("A payment has an amount and a date."),
            ),
            models.CheckConstraint(
                condition=Q(paid_amount__isnull=True)
                | Q(paid_amount__lte=models.F("planned_amount")),
                name="tranche_paid_within_planned",
                violation_error_message=_("The amount paid exceeds the tranche's planned amount."),
            ),
        ]
        triggers = [
            # The rule no path may break (forms, the admin, imports, raw SQL): the tranches of
            # a convention never add up to more than its EN contribution. The convention row is
            # locked first, so two tranches added at once are checked one after the other.
            pgtrigger.Trigger(
                name="tranches_within_contribution",
                operation=pgtrigger.Insert | pgtrigger.Update,
                when=pgtrigger.After,
                func="""
                -- The lock in a statement of its own: the sum below then sees the tranches
                -- that a concurrent transaction committed while this one waited.
                PERFORM 1 FROM partnerships_convention WHERE id = NEW.convention_id FOR UPDATE;
                IF (SELECT en_contribution FROM partnerships_convention
                    WHERE id = NEW.convention_id)
                   < (SELECT COALESCE(SUM(planned_amount), 0) FROM partnerships_tranche
                      WHERE convention_id = NEW.convention_id) THEN
                    RAISE EXCEPTION 'tranches_within_contribution (convention %)',
                        NEW.convention_id
                        USING ERRCODE = 'check_violation',
                              CONSTRAINT = 'tranches_within_contribution';
                END IF;
                RETURN NULL;
                """,
            ),
        ]

    def __str__(self):
        return str(_("tranche %(number)s") % {"number": self.number})

    @property
    def is_paid(self):
        return self.paid_on is not None


class Amendment(models.Model):
    """An avenant: what it changed is kept beside what was there before."""

    convention = models.ForeignKey(
        Convention, models.PROTECT, related_name="amendments", verbose_name=_("convention")
    )
    number = models.PositiveSmallIntegerField(_("amendment"))
    signed_on = models.DateField(_("signed on"))
    summary = CleanTextField(_("what it changes"))
    previous_end_date = models.DateField(_("previous end"), null=True, blank=True)
    new_end_date = models.DateField(_("new end"), null=True, blank=True)
    previous_en_contribution = amount_field(_("previous EN contribution"), null=True, blank=True)
    new_en_contribution = amount_field(_("new EN contribution"), null=True, blank=True)
    previous_partners_contribution = amount_field(
        _("previous partners' contribution"), null=True, blank=True
    )
    new_partners_contribution = amount_field(_("new partners' contribution"), null=True, blank=True)
    document = models.FileField(
        _("document"), upload_to=document_path, blank=True, validators=[DocumentValidator()]
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    objects = ConventionChildQuerySet.as_manager()

    class Meta:
        ordering = ["convention", "number"]
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "number"],
                name="amendment_number_unique",
                violation_error_message=_("This convention already has an amendment so numbered."),
            ),
        ]

    def __str__(self):
        return str(_("amendment no. %(number)s") % {"number": self.number})


class ControlCampaignQuerySet(ScopedQuerySet):
    scope_field = "unit"


class ControlCampaign(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    title = CleanCharField(_("title"), max_length=200)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    unit = models.ForeignKey(
        OrgUnit,
        models.PROTECT,
        related_name="control_campaigns",
        verbose_name=_("territory covered"),
        help_text=_("The sample is drawn among the funded associations of this unit."),
    )
    share = models.PositiveSmallIntegerField(
        _("share to control (%)"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )
    drawn_at = models.DateTimeField(_("sample drawn"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    objects = ControlCampaignQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-pk"]
        verbose_name = _("control campaign")
        verbose_name_plural = _("control campaigns")

    def __str__(self):
        return f"{self.title} ({self.year})"

    def get_absolute_url(self):
        return reverse("partnerships:campaign", args=[self.pk])


class InspectionQuerySet(ScopedQuerySet):
    scope_field = "unit"


class Inspection(models.Model):
    class Subject(models.TextChoices):
        ASSOCIATION = "association", _("an association")
        CONVENTION = "convention", _("a convention")
        CENTRE = "centre", _("a centre")

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        DONE = "done", _("carried out")
        CLOSED = "closed", _("closed")
        CANCELLED = "cancelled", _("cancelled")

    class Conclusion(models.TextChoices):
        COMPLIANT = "compliant", _("compliant")
        MINOR = "minor", _("minor findings")
        MAJOR = "major", _("major findings")
        REFERRED = "referred", _("referred to the competent authority")

    class Reason(models.TextChoices):
        """Why a campaign drew this association."""

        OVERDUE_REPORTS = "overdue_reports", _("overdue reports")
        LARGE_SUBSIDY = "large_subsidy", _("large subsidy")
        PAST_FINDINGS = "past_findings", _("past findings")
        NEVER_CONTROLLED = "never_controlled", _("never controlled")
        RANDOM = "random", _("drawn at random")

    unit = models.ForeignKey(
        OrgUnit,
        models.PROTECT,
        related_name="inspections",
        verbose_name=_("unit concerned"),
        help_text=_("The unit that owns the subject; set from the subject."),
    )
    team = models.ForeignKey(
        OrgUnit,
        models.PROTECT,
        related_name="inspections_led",
        verbose_name=_("inspecting team"),
    )
    inspectors = CleanCharField(_("inspectors"), max_length=255, blank=True)
    subject = models.CharField(_("subject"), max_length=12, choices=Subject.choices)
    association = models.ForeignKey(
        Association,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name=_("association"),
    )
    convention = models.ForeignKey(
        Convention,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name=_("convention"),
    )
    centre = models.ForeignKey(
        Centre,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name=_("centre"),
    )
    campaign = models.ForeignKey(
        ControlCampaign,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name=_("control campaign"),
    )
    risk_score = models.PositiveSmallIntegerField(_("risk score"), null=True, blank=True)
    selection_reasons = ArrayField(
        models.CharField(max_length=20, choices=Reason.choices),
        default=list,
        blank=True,
        verbose_name=_("why it was drawn"),
    )
    planned_date = models.DateField(_("planned date"))
    done_on = models.DateField(_("carried out on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    conclusion = models.CharField(
        _("conclusion"), max_length=10, choices=Conclusion.choices, blank=True
    )
    findings = CleanTextField(_("findings"), blank=True)
    report = models.FileField(
        _("inspection report"),
        upload_to=document_path,
        blank=True,
        validators=[DocumentValidator()],
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    objects = InspectionQuerySet.as_manager()

    class Meta:
        ordering = ["-planned_date", "-pk"]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        subject="association",
                        association__isnull=False,
                        convention__isnull=True,
                        centre__isnull=True,
                    )
                    | Q(
                        subject="convention",
                        association__isnull=True,
                        convention__isnull=False,
                        centre__isnull=True,
                    )
                    | Q(
                        subject="centre",
                        association__isnull=True,
                        convention__isnull=True,
                        centre__isnull=False,
                    )
                ),
                name="inspection_has_one_subject",
                violation_error_message=_("Choose the one association, convention or centre."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["planned", "cancelled"]) | Q(done_on__isnull=False),
                name="inspection_done_has_date",
                violation_error_message=_("Give the date the inspection was carried out."),
            ),
        ]

    def __str__(self):
        return str(_("inspection of %(subject)s") % {"subject": self.subject_object})

    def save(self, *args, **kwargs):
        # The owning unit always follows the subject, whatever path saves (forms, imports).
        if self.subject_object is not None:
            self.unit = self.owning_unit()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("partnerships:inspection", args=[self.pk])

    def clean_fields(self, exclude=None):
        if self.subject_object is not None and self.unit_id is None:
            self.unit = self.owning_unit()
        super().clean_fields(exclude=exclude)

    def selection_reason_labels(self):
        return [self.Reason(code).label for code in self.selection_reasons]

    @property
    def subject_object(self):
        return self.association or self.convention or self.centre

    def owning_unit(self):
        subject = self.subject_object
        if isinstance(subject, Convention):
            return subject.signing_unit
        return subject.delegation if subject is not None else None

    def clean(self):
        chosen = {
            self.Subject.ASSOCIATION: self.association_id,
            self.Subject.CONVENTION: self.convention_id,
            self.Subject.CENTRE: self.centre_id,
        }
        if self.subject and not chosen.get(self.subject):
            raise ValidationError({self.subject: _("Choose what is inspected.")})
        for kind in chosen:
            if kind != self.subject:
                setattr(self, kind, None)
        if self.subject and chosen.get(self.subject):
            self.unit = self.owning_unit()
        if self.status in (self.Status.DONE, self.Status.CLOSED) and not self.done_on:
            raise ValidationError({"done_on": _("Give the date the inspection was carried out.")})


class RecommendationQuerySet(ScopedQuerySet):
    scope_field = "inspection__unit"

    def open(self):
        return self.filter(status__in=[Recommendation.Status.OPEN, Recommendation.Status.ONGOING])


class Recommendation(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("to do")
        ONGOING = "ongoing", _("in progress")
        DONE = "done", _("implemented")
        NOT_DONE = "not_done", _("not implemented")

    inspection = models.ForeignKey(
        Inspection, models.CASCADE, related_name="recommendations", verbose_name=_("inspection")
    )
    text = CleanTextField(_("recommendation"))
    due_date = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        _("follow-up"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    follow_up = CleanTextField(_("follow-up notes"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["inspection", "pk"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")

    def __str__(self):
        return self.text[:80]

    @property
    def is_late(self):
        return (
            self.status in (self.Status.OPEN, self.Status.ONGOING)
            and self.due_date is not None
            and self.due_date < timezone.localdate()
        )
