"""Aid programmes and what they give: the requests people make, the rules that say who is
eligible, the delegation committee's decisions, the entitlements and their delivery; the
donations received, each delegation's store of items by lot; emergencies, their households and
their rounds of kits.

Two rules hold whatever path writes, kept by PostgreSQL:
- a person never receives the same entitlement twice in one cycle
  (`entitlement_once_per_cycle`), nor a household two kits in one round
  (`kit_once_per_household_and_round`);
- a store never goes below zero: each lot's quantity left is kept by a trigger on its
  movements (migration 0001) and checked (`lot_never_negative`); two deliveries from the same
  last units run one after the other (the lot's row lock), the second refused.

Audited by database triggers; reading a request, an entitlement or a household is reading the
person's file (apps.py).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from beneficiaries.models import Attachment, Beneficiary
from entraide.fields import CINField, CleanCharField, CleanTextField
from entraide.models import ReferenceModel
from entraide.scoping import ScopedQuerySet
from entraide.search import name_key_column
from entraide.uploads import PrivatePath
from entraide.validators import DocumentValidator
from territory.models import OrgUnit, Province

MONEY = {"max_digits": 12, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}


class Item(ReferenceModel):
    """An item of the catalogue: a wheelchair, a hearing aid, a food basket, a kit."""

    unit = CleanCharField(_("counted in"), max_length=40, default="", blank=True)
    unit_value = models.DecimalField(_("value of one (MAD)"), default=0, **MONEY)

    class Meta(ReferenceModel.Meta):
        verbose_name = _("catalogue item")
        verbose_name_plural = _("catalogue items")


class Programme(models.Model):
    class Kind(models.TextChoices):
        TECHNICAL_AIDS = "technical_aids", _("technical aids and devices")
        SCHOOLING = "schooling", _("schooling of disabled children")
        INCOME = "income", _("income-generating activities")
        EQUIPMENT = "equipment", _("equipment of centres")
        FOOD_AID = "food_aid", _("food aid")
        EMERGENCY = "emergency", _("emergency relief")
        OTHER = "other", pgettext_lazy("a kind of programme", "other")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = CleanCharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    description = CleanTextField(_("description"), blank=True)
    # What the applicant must bring, among the kinds of documents a file holds.
    documents_required = ArrayField(
        models.CharField(max_length=20, choices=Attachment.Kind.choices),
        default=list,
        blank=True,
        verbose_name=_("documents required"),
    )
    is_open = models.BooleanField(_("open to requests"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("programmes:programme", args=[self.code])


class EligibilityRule(models.Model):
    """One condition a person must meet, stated as data: all of a programme's rules must hold.
    `value` is read by the criterion: a target group's or province's code, a number of years
    or of dirhams, "yes"."""

    class Criterion(models.TextChoices):
        TARGET_GROUP = "target_group", _("belongs to the target group")
        DISABILITY_CARD = "disability_card", _("holds a disability card")
        AGE_MIN = "age_min", _("is at least this old (years)")
        AGE_MAX = "age_max", _("is at most this old (years)")
        PROVINCE = "province", _("lives in the province")
        SEX = "sex", _("is of the sex")
        INCOME_MAX = "income_max", _("declares a monthly household income of at most (MAD)")

    programme = models.ForeignKey(
        Programme, models.CASCADE, related_name="rules", verbose_name=_("programme")
    )
    criterion = models.CharField(_("criterion"), max_length=16, choices=Criterion.choices)
    value = CleanCharField(_("value"), max_length=40, blank=True)

    class Meta:
        ordering = ["programme", "pk"]
        verbose_name = _("eligibility rule")
        verbose_name_plural = _("eligibility rules")

    def __str__(self):
        return f"{self.get_criterion_display()} {self.value}".strip()


class BudgetQuerySet(ScopedQuerySet):
    scope_field = "unit"


class Budget(models.Model):
    """What a unit may spend on a programme in a year."""

    programme = models.ForeignKey(
        Programme, models.PROTECT, related_name="budgets", verbose_name=_("programme")
    )
    unit = models.ForeignKey(OrgUnit, models.PROTECT, related_name="+", verbose_name=_("unit"))
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("amount (MAD)"), **MONEY)

    objects = BudgetQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "programme", "unit"]
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "unit", "year"],
                name="budget_one_per_programme_unit_and_year",
                violation_error_message=_("This unit already has a budget for this year."),
            ),
        ]

    def __str__(self):
        return f"{self.programme} · {self.unit} · {self.year}"


class MeetingQuerySet(ScopedQuerySet):
    scope_field = "delegation"


class CommitteeMeeting(models.Model):
    """A sitting of a delegation's committee, whose minutes list the decisions it took."""

    delegation = models.ForeignKey(
        OrgUnit,
        models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": OrgUnit.Kind.DELEGATION},
        verbose_name=_("delegation"),
    )
    held_on = models.DateField(_("held on"), default=timezone.localdate)
    members = CleanTextField(_("members present"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("committee meeting")
        verbose_name_plural = _("committee meetings")

    def __str__(self):
        return f"{self.delegation} · {self.held_on:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("programmes:meeting", args=[self.pk])


class AidRequestQuerySet(ScopedQuerySet):
    scope_field = "delegation"

    def recorded_between(self, start: datetime.date, end: datetime.date):
        """Asked on a day of the period (the reports' requests)."""
        return self.filter(requested_on__range=(start, end))

    def decided_between(self, start: datetime.date, end: datetime.date):
        """Decided by a committee that met on a day of the period (the reports' decisions)."""
        return self.exclude(status=AidRequest.Status.RECORDED).filter(
            meeting__held_on__range=(start, end)
        )


class AidRequest(models.Model):
    """A person's request to a programme, recorded from their file: the rules say whether they
    are eligible (and why not), the delegation's committee decides."""

    class Status(models.TextChoices):
        RECORDED = "recorded", _("awaiting the committee")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", pgettext_lazy("a request", "rejected")
        WAITING_BUDGET = "waiting_budget", _("waiting for budget")

    programme = models.ForeignKey(
        Programme, models.PROTECT, related_name="requests", verbose_name=_("programme")
    )
    person = models.ForeignKey(
        Beneficiary, models.PROTECT, related_name="aid_requests", verbose_name=_("person")
    )
    # The person's delegation when the request was recorded: whose committee decides.
    delegation = models.ForeignKey(
        OrgUnit, models.PROTECT, related_name="+", verbose_name=_("delegation")
    )
    cycle = models.PositiveSmallIntegerField(_("cycle (year)"))
    requested_on = models.DateField(_("asked on"), default=timezone.localdate)
    need = CleanTextField(_("need expressed"), blank=True)
    monthly_income = models.DecimalField(
        _("declared monthly household income (MAD)"), null=True, blank=True, **MONEY
    )
    eligible = models.BooleanField(_("eligible"), default=False)
    # The rules not met when recorded, as data: [{"criterion": ..., "value": ...}].
    unmet = models.JSONField(_("rules not met"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.RECORDED
    )
    decision_reason = CleanTextField(_("reason for the decision"), blank=True)
    meeting = models.ForeignKey(
        CommitteeMeeting,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("committee meeting"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    objects = AidRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_on", "-pk"]
        verbose_name = _("aid request")
        verbose_name_plural = _("aid requests")
        # A delegation's requests by id: the store's promises join them to its entitlements
        # from the indexes alone (make bench: 11 ms to 3 ms on 100,000 requests).
        indexes = [models.Index(fields=["delegation", "id"], name="aidrequest_delegation_id")]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "person", "cycle"],
                condition=~models.Q(status="rejected"),
                name="aidrequest_one_open_per_programme_and_cycle",
                violation_error_message=_(
                    "This person already has a request to this programme this year."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(status="recorded") | models.Q(meeting__isnull=False),
                name="aidrequest_decided_in_a_meeting",
                violation_error_message=_("A decision is taken in a committee meeting."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="rejected") | ~models.Q(decision_reason=""),
                name="aidrequest_rejection_has_reason",
                violation_error_message=_("A rejection gives its reason."),
            ),
        ]

    def __str__(self):
        return f"{self.programme} · {self.person.file_number} · {self.cycle}"

    def get_absolute_url(self):
        return reverse("programmes:request", args=[self.pk])

    @property
    def audit_label(self):
        return f"{self.programme.code} · {self.person.file_number}"


class DonationQuerySet(ScopedQuerySet):
    scope_field = "delegation"


class Donation(models.Model):
    """Aid received, in kind or in money, from a donor, for a programme."""

    class Kind(models.TextChoices):
        IN_KIND = "in_kind", _("in kind")
        MONEY = "money", _("in money")

    delegation = models.ForeignKey(
        OrgUnit, models.PROTECT, related_name="+", verbose_name=_("received by")
    )
    programme = models.ForeignKey(
        Programme,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="donations",
        verbose_name=_("programme"),
    )
    donor = CleanCharField(_("donor"), max_length=200)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    amount = models.DecimalField(_("amount or value (MAD)"), **MONEY)
    received_on = models.DateField(_("received on"), default=timezone.localdate)
    note = CleanTextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )

    objects = DonationQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("donation")
        verbose_name_plural = _("donations")

    def __str__(self):
        return f"{self.donor} · {date_format(self.received_on, 'SHORT_DATE_FORMAT')}"


class LotQuerySet(ScopedQuerySet):
    scope_field = "delegation"

    def in_stock(self):
        return self.filter(left__gt=0)


class Lot(models.Model):
    """Units of an item that came into a delegation's store together: from a donation or a
    purchase. What is left is kept by PostgreSQL from the lot's movements."""

    delegation = models.ForeignKey(
        OrgUnit, models.PROTECT, related_name="+", verbose_name=_("store of")
    )
    item = models.ForeignKey(Item, models.PROTECT, related_name="lots", verbose_name=_("item"))
    donation = models.ForeignKey(
        Donation,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="lots",
        verbose_name=_("from the donation"),
    )
    purchase = CleanCharField(
        _("purchase reference"), max_length=60, blank=True, help_text=_("A market, an order.")
    )
    received_on = models.DateField(_("received on"), default=timezone.localdate)
    # Kept by PostgreSQL (migration 0001): the sum of the lot's movements.
    left = models.IntegerField(_("left"), default=0, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = LotQuerySet.as_manager()

    class Meta:
        ordering = ["received_on", "pk"]
        verbose_name = _("lot")
        verbose_name_plural = _("lots")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(left__gte=0),
                name="lot_never_negative",
                violation_error_message=_("The store does not hold that many."),
            ),
            models.CheckConstraint(
                condition=models.Q(donation__isnull=False) | ~models.Q(purchase=""),
                name="lot_comes_from_somewhere",
                violation_error_message=_("Say which donation or purchase the lot comes from."),
            ),
        ]
        indexes = [models.Index(fields=["delegation", "item"], name="lot_store_item")]

    def __str__(self):
        return f"{self.item} · {date_format(self.received_on, 'SHORT_DATE_FORMAT')}"


class MovementQuerySet(ScopedQuerySet):
    scope_field = "lot__delegation"


class Movement(models.Model):
    """Units into or out of a lot: what came in, what was delivered, what a count found."""

    class Kind(models.TextChoices):
        IN = "in", _("received")
        OUT = "out", _("delivered")
        COUNT = "count", _("adjusted by a count")

    lot = models.ForeignKey(Lot, models.PROTECT, related_name="movements", verbose_name=_("lot"))
    kind = models.CharField(_("kind"), max_length=6, choices=Kind.choices)
    quantity = models.IntegerField(_("quantity"), help_text=_("Negative for units out."))
    reason = CleanTextField(_("reason"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    # The entitlement the units were delivered for: one delivery may empty a lot and go on to
    # the next, so that a donation is traced to every person its lots served. (A kit is one
    # unit from one lot: KitDelivery.lot says it.)
    entitlement = models.ForeignKey(
        "Entitlement",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="movements",
        verbose_name=_("entitlement"),
    )

    objects = MovementQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["at", "id"], name="movement_at")]
        verbose_name = _("stock movement")
        verbose_name_plural = _("stock movements")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(kind="in") & models.Q(quantity__gt=0))
                | (models.Q(kind="out") & models.Q(quantity__lt=0))
                | (models.Q(kind="count") & ~models.Q(reason="")),
                name="movement_sign_follows_kind",
                violation_error_message=_(
                    "Units in are positive, units out negative; a count gives its reason."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.lot} · {self.quantity:+d}"


receipt_path = PrivatePath("receipts")


def day_bounds(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, ...]:
    """The moments a period of days begins and ends (the day after its last), in local time:
    moments compared as they are indexed, not cast to dates row by row."""

    def midnight(day):
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))

    return midnight(start), midnight(end + datetime.timedelta(days=1))


class EntitlementQuerySet(ScopedQuerySet):
    scope_field = "request__delegation"

    def undelivered(self):
        return self.filter(delivered_at__isnull=True)

    def delivered_between(self, start: datetime.date, end: datetime.date):
        """Handed over on a day of the period (the reports' people helped and value)."""
        since, until = day_bounds(start, end)
        return self.filter(delivered_at__gte=since, delivered_at__lt=until)


class Entitlement(models.Model):
    """What an approved request gives: items of the catalogue, or an amount; delivered once,
    with its receipt (who handed it over, when, the person's signature or thumbprint scanned)."""

    request = models.ForeignKey(
        AidRequest, models.PROTECT, related_name="entitlements", verbose_name=_("request")
    )
    # Copied from the request for the rule below, which PostgreSQL checks on the row.
    person = models.ForeignKey(
        Beneficiary, models.PROTECT, related_name="+", verbose_name=_("person")
    )
    programme = models.ForeignKey(
        Programme, models.PROTECT, related_name="+", verbose_name=_("programme")
    )
    cycle = models.PositiveSmallIntegerField(_("cycle (year)"))
    item = models.ForeignKey(
        Item, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("item")
    )
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    amount = models.DecimalField(_("amount (MAD)"), null=True, blank=True, **MONEY)
    # The lot the items came from (and so the donation or purchase), once delivered.
    # The (first) lot the items came from, once delivered; every lot through `movements`.
    lot = models.ForeignKey(
        Lot, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("lot")
    )
    # What was handed over was worth, in dirhams, at delivery: the amount, or the items at the
    # catalogue's value of the day (a later change of that value leaves the figures as given).
    value = models.DecimalField(_("value handed over (MAD)"), null=True, blank=True, **MONEY)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handed over by"),
    )
    receipt = models.FileField(
        _("signed receipt"),
        upload_to=receipt_path,
        validators=[DocumentValidator()],
        blank=True,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = EntitlementQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["item"],
                condition=models.Q(delivered_at__isnull=True),
                name="entitlement_undelivered",
            ),
            # What is promised and not handed over, by request: the store's page sums it.
            models.Index(
                fields=["request", "item", "quantity"],
                condition=models.Q(delivered_at__isnull=True),
                name="entitlement_promised",
            ),
        ]
        verbose_name = _("entitlement")
        verbose_name_plural = _("entitlements")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "programme", "item", "cycle"],
                nulls_distinct=False,
                name="entitlement_once_per_cycle",
                violation_error_message=_(
                    "This person already has this entitlement in this cycle."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(item__isnull=False) | models.Q(amount__isnull=False),
                name="entitlement_item_or_amount",
                violation_error_message=_("Give an item of the catalogue or an amount."),
            ),
            models.CheckConstraint(
                condition=models.Q(delivered_at__isnull=True)
                | (models.Q(delivered_by__isnull=False) & ~models.Q(receipt="")),
                name="entitlement_delivered_with_receipt",
                violation_error_message=_("A delivery records who handed it over and its receipt."),
            ),
        ]

    def __str__(self):
        what = self.item or self.amount
        return f"{self.request} · {what}"


class EmergencyQuerySet(ScopedQuerySet):
    scope_field = "delegation"


class Emergency(models.Model):
    """A disaster in named communes of a delegation: the households it hit, registered on the
    spot, and the rounds of kits distributed to them."""

    title = CleanCharField(_("title"), max_length=200)
    delegation = models.ForeignKey(
        OrgUnit,
        models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": OrgUnit.Kind.DELEGATION},
        verbose_name=_("delegation"),
    )
    province = models.ForeignKey(
        Province, models.PROTECT, related_name="+", verbose_name=_("province")
    )
    communes = ArrayField(CleanCharField(max_length=120), verbose_name=_("communes hit"))
    started_on = models.DateField(_("struck on"), default=timezone.localdate)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    # The highest round a kit was handed in (0 before any), kept by PostgreSQL from the kits
    # (migration 0005): the page offers the rounds begun and the next without reading them.
    last_round = models.PositiveSmallIntegerField(_("last round begun"), default=0, editable=False)
    kit = models.ForeignKey(
        Item, models.PROTECT, related_name="+", verbose_name=_("kit distributed")
    )
    programme = models.ForeignKey(
        Programme, models.PROTECT, related_name="emergencies", verbose_name=_("programme")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = EmergencyQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name = _("emergency")
        verbose_name_plural = _("emergencies")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("programmes:emergency", args=[self.pk])

    @property
    def is_open(self):
        return self.closed_on is None


class HouseholdQuerySet(ScopedQuerySet):
    scope_field = "emergency__delegation"


class Household(models.Model):
    """A household hit by an emergency, registered in a few fields on a phone; its head's
    file (beneficiaries) when one exists or is made."""

    emergency = models.ForeignKey(
        Emergency, models.PROTECT, related_name="households", verbose_name=_("emergency")
    )
    head = models.ForeignKey(
        Beneficiary,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="households",
        verbose_name=_("head of household's file"),
    )
    head_name = CleanCharField(_("head of household"), max_length=160)
    # The head's name's phonetic key, kept by PostgreSQL (entraide.search): a household met
    # again under another spelling or script, by the index below.
    head_key = name_key_column(["head_name"])
    cin = CINField(_("CIN"), max_length=10, blank=True)
    phone = CleanCharField(_("phone"), max_length=20, blank=True)
    members = models.PositiveSmallIntegerField(
        _("members"), default=1, validators=[MinValueValidator(1)]
    )
    commune = CleanCharField(_("commune"), max_length=120)
    douar = CleanCharField(_("douar or neighbourhood"), max_length=120, blank=True)
    needs = CleanTextField(_("needs"), blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("registered by")
    )
    registered_at = models.DateTimeField(_("registered"), default=timezone.now)

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        ordering = ["commune", "head_name", "pk"]
        verbose_name = _("household")
        verbose_name_plural = _("households")
        constraints = [
            models.UniqueConstraint(
                fields=["emergency", "cin"],
                condition=~models.Q(cin=""),
                name="household_one_per_cin_and_emergency",
                violation_error_message=_("A household with this CIN is already registered."),
            ),
        ]
        indexes = [
            models.Index(fields=["emergency", "commune"], name="household_commune"),
            models.Index(fields=["emergency", "head_key"], name="household_head_key"),
        ]

    def __str__(self):
        return f"{self.head_name} · {self.commune}"


class KitDeliveryQuerySet(ScopedQuerySet):
    scope_field = "household__emergency__delegation"

    def delivered_between(self, start: datetime.date, end: datetime.date):
        since, until = day_bounds(start, end)
        return self.filter(delivered_at__gte=since, delivered_at__lt=until)


class KitDelivery(models.Model):
    """A kit handed to a household in a round of an emergency: once per round."""

    household = models.ForeignKey(
        Household, models.PROTECT, related_name="kits", verbose_name=_("household")
    )
    round = models.PositiveSmallIntegerField(_("round"), validators=[MinValueValidator(1)])
    lot = models.ForeignKey(Lot, models.PROTECT, related_name="+", verbose_name=_("lot"))
    # The kit's value in the catalogue the day it was handed over, in dirhams.
    value = models.DecimalField(_("value handed over (MAD)"), default=0, **MONEY)
    delivered_at = models.DateTimeField(_("delivered"), default=timezone.now)
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("handed over by")
    )

    objects = KitDeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["-delivered_at"]
        verbose_name = _("kit delivered")
        verbose_name_plural = _("kits delivered")
        # The reports sum a period's kits (reports.figures) from this index alone.
        indexes = [
            models.Index(
                fields=["delivered_at"], include=["household", "value"], name="kit_delivered_idx"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "round"],
                name="kit_once_per_household_and_round",
                violation_error_message=_("This household already has its kit of this round."),
            ),
        ]

    def __str__(self):
        return f"{self.household} · {self.round}"


def this_cycle() -> int:
    return timezone.localdate().year


def cycle_of(day: datetime.date) -> int:
    return day.year
