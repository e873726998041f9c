"""Writes to associations, conventions, their money and their control. Each runs in one
transaction; the audit triggers record what changed, with the acting user (and, where it
matters, why) as pghistory context."""

from __future__ import annotations

import datetime
import math
import random
from decimal import Decimal
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import CharField, Count, Exists, Max, OuterRef, Q, Sum, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import gettext as _

from entraide.audit import acting_as
from entraide.numbers import dirhams
from entraide.roles import Role
from entraide.validators import check_upload
from notifications.models import Kind, Notification
from notifications.services import notify
from territory.models import OrgUnit

from .models import (
    Association,
    ControlCampaign,
    Convention,
    Inspection,
    OwedReport,
    Recommendation,
    Tranche,
)

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import date

    from django.core.files.uploadedfile import UploadedFile
    from django.db.models import QuerySet

    from entraide.models import User

    from .forms import AssociationForm, ConventionForm
    from .models import Amendment, Commitment, Partner

BUDGET_RULE = "tranches_within_contribution"


def _budget_error(convention, planned):
    return ValidationError(
        _(
            "The tranches would add up to %(planned)s, more than the EN contribution of "
            "%(contribution)s. Lower the amount, or record an amendment raising the contribution."
        )
        % {"planned": dirhams(planned), "contribution": dirhams(convention.en_contribution)}
    )


def _is_budget_violation(error):
    return BUDGET_RULE in str(error)


def _locked(convention):
    return Convention.objects.select_for_update().get(pk=convention.pk)


def _check_document(upload):
    if upload:
        check_upload(upload)


def association_save(*, form: AssociationForm, actor: User) -> Association:
    with transaction.atomic(), acting_as(actor):
        return form.save()


def convention_save(*, form: ConventionForm, actor: User) -> Convention:
    """Create or change a convention from a validated ConventionForm."""
    _check_document(form.cleaned_data.get("signed_document"))
    convention = form.instance
    try:
        with transaction.atomic(), acting_as(actor):
            if convention.pk is None:
                convention.created_by = actor
            return form.save()
    except IntegrityError as error:
        if _is_budget_violation(error):
            planned = convention.tranches.aggregate(s=Sum("planned_amount"))["s"]
            raise _budget_error(convention, planned) from None
        raise


def convention_change_status(
    *,
    convention: Convention,
    status: str,
    actor: User,
    reason: str = "",
    signed_on: date | None = None,
) -> Convention:
    """Move a convention along its life: draft, signed, in force, then suspended, terminated or
    expired, then closed. Suspending or terminating says why."""
    reason = (reason or "").strip()
    with transaction.atomic(), acting_as(actor, reason=reason):
        current = _locked(convention)
        if status not in current.next_statuses():
            raise ValidationError(
                _("A convention %(from)s cannot become %(to)s.")
                % {
                    "from": current.get_status_display(),
                    "to": Convention.Status(status).label,
                }
            )
        if status == Convention.Status.SIGNED:
            current.signed_on = signed_on or current.signed_on
            if current.signed_on is None:
                raise ValidationError(_("Give the date the convention was signed."))
            if not current.associations.exists():
                raise ValidationError(_("Name at least one association party to the convention."))
        if status in (Convention.Status.SUSPENDED, Convention.Status.TERMINATED) and not reason:
            raise ValidationError(_("Say why the convention is suspended or terminated."))
        current.status = status
        current.status_date = timezone.localdate()
        current.status_reason = reason
        current.save(
            update_fields=["status", "status_date", "status_reason", "signed_on", "updated_at"]
        )
        return current


def convention_document(*, convention: Convention, upload: UploadedFile, actor: User) -> Convention:
    _check_document(upload)
    with transaction.atomic(), acting_as(actor):
        current = _locked(convention)
        current.signed_document = upload
        current.save(update_fields=["signed_document", "updated_at"])
        return current


def partner_add(*, partner: Partner, actor: User) -> Partner:
    with transaction.atomic(), acting_as(actor):
        partner.full_clean()
        partner.save()
        return partner


def commitment_save(*, commitment: Commitment, actor: User) -> Commitment:
    if commitment.done and commitment.done_on is None:
        commitment.done_on = timezone.localdate()
    if not commitment.done:
        commitment.done_on = None
    with transaction.atomic(), acting_as(actor):
        commitment.full_clean()
        commitment.save()
        return commitment


def tranche_save(*, tranche: Tranche, actor: User) -> Tranche:
    """Plan a tranche (or change a planned one). The database refuses tranches adding up to
    more than the EN contribution; the same rule is checked first for a clear message."""
    if tranche.pk and Tranche.objects.filter(pk=tranche.pk, paid_on__isnull=False).exists():
        raise ValidationError(_("A paid tranche cannot be changed."))
    try:
        with transaction.atomic(), acting_as(actor):
            convention = _locked(tranche.convention)
            if tranche.number is None:
                last = convention.tranches.aggregate(n=Max("number"))["n"] or 0
                tranche.number = last + 1
            others = (
                convention.tranches.exclude(pk=tranche.pk).aggregate(s=Sum("planned_amount"))["s"]
                or 0
            )
            planned = others + (tranche.planned_amount or 0)
            if planned > convention.en_contribution:
                raise _budget_error(convention, planned)
            tranche.full_clean()
            tranche.save()
            return tranche
    except IntegrityError as error:
        if _is_budget_violation(error):
            raise _budget_error(tranche.convention, tranche.planned_amount) from None
        raise


def blocking_reports(tranche: Tranche) -> QuerySet[OwedReport]:
    """The reports that hold a tranche back: the convention's overdue reports, and the report
    its condition names if that has not come in."""
    today = timezone.localdate()
    condition = Q(pk=tranche.condition_report_id) if tranche.condition_report_id else Q(pk=None)
    return OwedReport.objects.filter(convention_id=tranche.convention_id, received_on=None).filter(
        Q(due_date__lt=today) | condition
    )


class TrancheBlocked(ValidationError):
    """Reports are overdue: only a delegate may let the tranche through, saying why."""

    def __init__(self, reports):
        self.reports = list(reports)
        names = ", ".join(f"{r} ({r.due_date:%d/%m/%Y})" for r in self.reports)
        super().__init__(
            _(
                "This tranche is blocked until these reports are received: %(reports)s. "
                "A delegate may pay it anyway, giving the reason."
            )
            % {"reports": names}
        )


def tranche_pay(
    *,
    tranche: Tranche,
    amount: Decimal | None,
    paid_on: date,
    reference: str,
    actor: User,
    override_reason: str = "",
) -> Tranche:
    """Record the payment of a tranche. Overdue reports block it unless someone allowed to
    override (a delegate) gives a reason, which the audit trail keeps with the payment."""
    override_reason = (override_reason or "").strip()
    with transaction.atomic():
        convention = _locked(tranche.convention)
        current = Tranche.objects.select_for_update().get(pk=tranche.pk)
        if current.paid_on is not None:
            raise ValidationError(_("This tranche is already paid."))
        if convention.status not in Convention.ACTIVE:
            raise ValidationError(
                _("Tranches are paid only on a signed convention or one in force.")
            )
        if amount is None or amount <= 0:
            raise ValidationError(_("Give the amount paid."))
        if amount > current.planned_amount:
            raise ValidationError(
                _("The amount paid exceeds the tranche's planned amount of %(planned)s.")
                % {"planned": dirhams(current.planned_amount)}
            )
        if paid_on > timezone.localdate():
            raise ValidationError(_("The payment date is in the future."))
        blocking = list(blocking_reports(current))
        context = {}
        if blocking:
            if not override_reason:
                raise TrancheBlocked(blocking)
            if not actor.has_perm("partnerships.override_tranche_block"):
                raise PermissionDenied(_("Only a delegate may pay a blocked tranche."))
            current.override_reason = override_reason[:255]
            current.override_by = actor
            context = {
                "override_reason": override_reason,
                "overdue_reports": [r.pk for r in blocking],
            }
        with acting_as(actor, **context):
            current.paid_amount = amount
            current.paid_on = paid_on
            current.payment_reference = reference
            current.paid_by = actor
            current.full_clean()
            current.save()
        return current


def report_save(*, report: OwedReport, actor: User) -> OwedReport:
    _check_document(report.document if report.document and not report.document._committed else None)
    if report.assessment and report.received_on is None:
        raise ValidationError(_("A report is assessed once it is received."))
    if report.received_on and report.received_on > timezone.localdate():
        raise ValidationError(_("The date received is in the future."))
    with transaction.atomic(), acting_as(actor):
        report.full_clean()
        report.save()
        return report


def amendment_add(*, amendment: Amendment, actor: User) -> Amendment:
    """Record an avenant and apply what it changes to the convention; the amendment keeps the
    previous values beside the new ones."""
    if amendment.document:
        _check_document(amendment.document)
    convention = amendment.convention
    try:
        with transaction.atomic(), acting_as(actor):
            current = _locked(convention)
            changes = {
                "end_date": amendment.new_end_date,
                "en_contribution": amendment.new_en_contribution,
                "partners_contribution": amendment.new_partners_contribution,
            }
            if all(value is None for value in changes.values()) and not amendment.summary:
                raise ValidationError(_("Say what the amendment changes."))
            amendment.previous_end_date = current.end_date
            amendment.previous_en_contribution = current.en_contribution
            amendment.previous_partners_contribution = current.partners_contribution
            amendment.number = (current.amendments.aggregate(n=Max("number"))["n"] or 0) + 1
            amendment.recorded_by = actor
            planned = current.tranches.aggregate(s=Sum("planned_amount"))["s"] or 0
            if (
                amendment.new_en_contribution is not None
                and amendment.new_en_contribution < planned
            ):
                current.en_contribution = amendment.new_en_contribution
                raise _budget_error(current, planned)
            for name, value in changes.items():
                if value is not None:
                    setattr(current, name, value)
            current.full_clean()
            current.save()
            amendment.convention = current
            amendment.full_clean()
            amendment.save()
            return amendment
    except IntegrityError as error:
        if _is_budget_violation(error):
            raise ValidationError(
                _("The new EN contribution is below the tranches already planned.")
            ) from None
        raise


def inspection_save(*, inspection: Inspection, actor: User) -> Inspection:
    if inspection.report and not inspection.report._committed:
        _check_document(inspection.report)
    with transaction.atomic(), acting_as(actor):
        if inspection.pk is None:
            inspection.created_by = actor
        inspection.full_clean()
        inspection.save()
        return inspection


def recommendation_save(*, recommendation: Recommendation, actor: User) -> Recommendation:
    done = recommendation.status in (Recommendation.Status.DONE, Recommendation.Status.NOT_DONE)
    if done and recommendation.closed_on is None:
        recommendation.closed_on = timezone.localdate()
    if not done:
        recommendation.closed_on = None
    with transaction.atomic(), acting_as(actor):
        recommendation.full_clean()
        recommendation.save()
        return recommendation


# Control campaigns ----------------------------------------------------------------------------

RISK_WEIGHTS = {
    Inspection.Reason.OVERDUE_REPORTS: 3,
    Inspection.Reason.PAST_FINDINGS: 2,
    Inspection.Reason.LARGE_SUBSIDY: 2,
    Inspection.Reason.NEVER_CONTROLLED: 1,
}


def funded_associations(campaign: ControlCampaign) -> QuerySet[Association]:
    """The associations of the campaign's territory with a convention in force, or a tranche
    paid in the campaign's year or the year before."""
    units = OrgUnit.objects.under(campaign.unit).values("pk")
    paid = Tranche.objects.filter(
        convention__associations=OuterRef("pk"), paid_on__year__gte=campaign.year - 1
    )
    in_force = Convention.objects.filter(
        associations=OuterRef("pk"), status=Convention.Status.IN_FORCE
    )
    return Association.objects.filter(delegation__in=units).filter(Exists(paid) | Exists(in_force))


def risk_profile(associations: QuerySet[Association]) -> dict[int, tuple[int, list[str]]]:
    """{association id: (score, [reasons])} for the sample: overdue reports, a large subsidy
    (the top quarter of EN contributions in force), past findings (a major finding or a
    recommendation never implemented), and never controlled."""
    today = timezone.localdate()
    rows = associations.annotate(
        overdue=Count(
            "conventions__reports",
            filter=Q(
                conventions__reports__received_on=None, conventions__reports__due_date__lt=today
            ),
            distinct=True,
        ),
        subsidy=Sum(
            "conventions__en_contribution",
            filter=Q(conventions__status=Convention.Status.IN_FORCE),
        ),
        findings=Exists(
            Inspection.objects.filter(association=OuterRef("pk")).filter(
                Q(conclusion__in=[Inspection.Conclusion.MAJOR, Inspection.Conclusion.REFERRED])
                | Q(recommendations__status=Recommendation.Status.NOT_DONE)
            )
        ),
        controlled=Exists(
            Inspection.objects.filter(association=OuterRef("pk")).exclude(
                status__in=[Inspection.Status.PLANNED, Inspection.Status.CANCELLED]
            )
        ),
    ).values_list("pk", "overdue", "subsidy", "findings", "controlled")
    rows = list(rows)
    subsidies = sorted((r[2] or Decimal(0)) for r in rows)
    threshold = subsidies[int(len(subsidies) * 0.75)] if subsidies else Decimal(0)
    profile = {}
    for pk, overdue, subsidy, findings, controlled in rows:
        reasons = []
        if overdue:
            reasons.append(Inspection.Reason.OVERDUE_REPORTS)
        if findings:
            reasons.append(Inspection.Reason.PAST_FINDINGS)
        if subsidy and subsidy >= threshold and threshold > 0:
            reasons.append(Inspection.Reason.LARGE_SUBSIDY)
        if not controlled:
            reasons.append(Inspection.Reason.NEVER_CONTROLLED)
        profile[pk] = (sum(RISK_WEIGHTS[r] for r in reasons), reasons)
    return profile


def campaign_draw(
    *, campaign: ControlCampaign, team: OrgUnit, planned_date: date, actor: User
) -> ControlCampaign:
    """Draw the campaign's sample: its share of the funded associations, riskiest first,
    ties broken by a draw seeded by the campaign (the same campaign draws the same sample),
    and plan one inspection of each."""
    with transaction.atomic(), acting_as(actor):
        current = ControlCampaign.objects.select_for_update().get(pk=campaign.pk)
        if current.drawn_at is not None:
            raise ValidationError(_("The sample of this campaign is already drawn."))
        associations = funded_associations(current)
        profile = risk_profile(associations)
        if not profile:
            raise ValidationError(_("No funded association in this territory."))
        size = math.ceil(len(profile) * current.share / 100)
        draw = random.Random(current.pk)  # noqa: S311 - a reproducible sample, not a secret
        ranked = sorted(profile, key=lambda pk: (-profile[pk][0], draw.random()))
        chosen = ranked[:size]
        delegations = dict(
            Association.objects.filter(pk__in=chosen).values_list("pk", "delegation_id")
        )
        Inspection.objects.bulk_create(
            [
                Inspection(
                    unit_id=delegations[pk],
                    team=team,
                    subject=Inspection.Subject.ASSOCIATION,
                    association_id=pk,
                    campaign=current,
                    risk_score=profile[pk][0],
                    selection_reasons=profile[pk][1] or [Inspection.Reason.RANDOM],
                    planned_date=planned_date,
                    created_by=actor,
                )
                for pk in chosen
            ]
        )
        current.drawn_at = timezone.now()
        current.save(update_fields=["drawn_at"])
        return current


# The daily sweep (partnerships.schedule) ------------------------------------------------------

# A tranche is announced this many days before its planned date (or as soon as it is late).
TRANCHE_NOTICE_DAYS = 7


def convention_followers(signing_unit: OrgUnit) -> list[User]:
    """The partnership officers who follow a convention: those of the unit that signed it or,
    where it has none, of the nearest unit above it that has some. Everyone above sees the
    convention too (visible_to), but telling each officer of a coordination or of the central
    services of every report late in every delegation would drown what concerns them."""
    step = OrgUnit.steplen
    paths = [signing_unit.path[:end] for end in range(step, len(signing_unit.path) + 1, step)]
    officers = (
        get_user_model()
        .objects.filter(role=Role.PARTNERSHIP_OFFICER, is_active=True, unit__path__in=paths)
        .select_related("unit")
    )
    by_path: dict[str, list[User]] = {}
    for officer in officers:
        by_path.setdefault(officer.unit.path, []).append(officer)
    return by_path[max(by_path, key=len)] if by_path else []


def _not_told(prefix: str) -> Exists:
    """Whether nobody was told yet of the row (the OuterRef's pk), under the key `prefix` + pk:
    a row someone was told of is not looked at again."""
    key = Concat(Value(prefix), Cast(OuterRef("pk"), CharField()))
    return ~Exists(Notification.objects.filter(key=key))


def _sweep(rows, *, kind: str, key: Callable, about: Callable, url: Callable) -> int:
    """Tell the followers of each row's convention; returns how many rows told someone."""
    followers: dict[int, list[User]] = {}
    told = 0
    for row in rows.iterator(chunk_size=500):
        convention = row.convention
        unit = convention.signing_unit_id
        if unit not in followers:
            followers[unit] = convention_followers(convention.signing_unit)
        if not followers[unit]:
            continue
        with transaction.atomic():
            created = notify(
                recipients=followers[unit],
                kind=kind,
                url=url(row),
                about=about(row),
                key=key(row),
            )
        told += bool(created)
    return told


def _tranche_about(tranche: Tranche) -> str:
    # The convention's reference, the tranche's number and its planned date: no personal data.
    return f"{tranche.convention.reference} #{tranche.number} · {tranche.planned_date:%Y-%m-%d}"


def partnerships_sweep(*, today: date | None = None) -> dict[str, int]:
    """Tell the partnership officers who follow each convention (convention_followers) of its
    reports owed past their due date and not received, and of its tranches unpaid that are
    planned within TRANCHE_NOTICE_DAYS or late. Safe to run on every worker at once and as
    often as wanted: each officer is told once of each report and each tranche (the
    notification's key). Returns how many reports and tranches were announced now."""
    today = today or timezone.localdate()
    reports = (
        OwedReport.objects.filter(received_on=None, due_date__lt=today)
        .exclude(convention__status=Convention.Status.CLOSED)
        .filter(_not_told("report-overdue:"))
        .select_related("convention__signing_unit")
        .order_by("due_date", "pk")
    )
    tranches = (
        Tranche.objects.filter(
            paid_on=None,
            convention__status__in=Convention.ACTIVE,
            planned_date__lte=today + datetime.timedelta(days=TRANCHE_NOTICE_DAYS),
        )
        .filter(_not_told("tranche-due:"))
        .select_related("convention__signing_unit")
        .order_by("planned_date", "pk")
    )
    return {
        "reports_overdue": _sweep(
            reports,
            kind=Kind.REPORT_OWED_OVERDUE,
            key=lambda report: f"report-overdue:{report.pk}",
            about=lambda report: f"{report.convention.reference} · {report.period}",
            url=lambda report: f"{report.convention.get_absolute_url()}#report",
        ),
        "tranches_due": _sweep(
            tranches,
            kind=Kind.TRANCHE_DUE,
            key=lambda tranche: f"tranche-due:{tranche.pk}",
            about=_tranche_about,
            url=lambda tranche: f"{tranche.convention.get_absolute_url()}#tranche",
        ),
    }
