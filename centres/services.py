"""Writes to centres and their monthly activity: one transaction each, audited by triggers
(entraide.audit), with the acting user carried as pghistory context."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from entraide.audit import acting_as
from entraide.roles import Role
from notifications.models import Kind
from notifications.services import notify

from .models import ActivityGroupLine, ActivityLine, MonthlyActivity

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from entraide.models import User

    from .forms import CentreForm
    from .models import Centre


def centre_save(*, form: CentreForm, actor: User) -> Centre:
    """Create or change a centre from a validated CentreForm."""
    with transaction.atomic(), acting_as(actor):
        return form.save()


def _locked_for_update(activity):
    """The stored row, locked for this transaction: two people acting on the same month at
    once act one after the other, the second seeing what the first did."""
    if activity.pk is None:
        # A month never saved: work on a fresh object, so that a refused save leaves the
        # caller's one as it was (the page shows it again with the errors).
        return MonthlyActivity(centre=activity.centre, month=activity.month)
    return MonthlyActivity.objects.select_for_update().select_related("centre").get(pk=activity.pk)


def _month_about(activity: MonthlyActivity) -> str:
    # The centre's code and the month: what the notification may carry out of the portal.
    return f"{activity.centre.code} {activity.month:%Y-%m}"


def _validators(activity: MonthlyActivity) -> Iterable[User]:
    """Who validates a centre's months (perms.can_validate_activity): the delegates of the
    centre's delegation."""
    return get_user_model().objects.delegates_of(activity.centre.delegation_id)


def _centre_side(activity: MonthlyActivity) -> list[User]:
    """Who enters a centre's months: its managers, and whoever submitted this one."""
    managers = activity.centre.managers.filter(role=Role.CENTRE_MANAGER, is_active=True)
    return [*managers, activity.submitted_by]


def _tell(recipients: Iterable[User], *, kind: str, activity: MonthlyActivity, actor: User) -> None:
    """Tell `recipients` of what `actor` did to the month, the actor left out: they know."""
    notify(
        recipients=[user for user in recipients if user is not None and user.pk != actor.pk],
        kind=kind,
        url=activity.get_absolute_url(),
        about=_month_about(activity),
    )


def activity_save(
    *,
    activity: MonthlyActivity,
    figures: Mapping[str, int | str],
    cells: Mapping[tuple[int, str, str], int],
    actor: User,
    submit: bool = False,
    groups: Mapping[tuple[int | None, str, str], int] | None = None,
) -> MonthlyActivity:
    """Store a month's figures and its lines (cells: {(service_id, sex, age_band): people}),
    submitted if asked, else as a draft. A validated month is locked: the delegation must
    reopen it first. A month newly submitted is announced to the delegates who validate it.

    A month computed from the centre's register (centres.computed) also gives its lines by
    target group (groups: {(target_group_id or None, sex, age_band): people}), which replace
    the month's; None leaves them as they are."""
    with transaction.atomic(), acting_as(actor):
        current = _locked_for_update(activity)
        if current.status == MonthlyActivity.Status.VALIDATED:
            raise ValidationError(_("This month is validated and locked; ask the delegation."))
        if activity.pk and current.status != activity.status:
            # Submitted, returned or reopened by someone else since the caller read it (and
            # decided who may change it): the figures would overwrite theirs.
            raise ValidationError(
                _("This month has changed since the page was opened: it is now %(status)s.")
                % {"status": current.get_status_display()}
            )
        for name, value in figures.items():
            setattr(current, name, value)
        newly_submitted = submit and current.status != MonthlyActivity.Status.SUBMITTED
        if submit:
            current.status = MonthlyActivity.Status.SUBMITTED
            current.submitted_at = timezone.now()
            current.submitted_by = actor
        else:
            # Saving a draft of a submitted month takes it back from the delegation until it
            # is submitted again: the delegation never validates figures still being changed.
            current.status = MonthlyActivity.Status.DRAFT
        current.full_clean()
        current.save()
        kept = {key: people for key, people in cells.items() if people}
        stale = current.lines.all()
        for service_id, sex, age_band in kept:
            stale = stale.exclude(service_id=service_id, sex=sex, age_band=age_band)
        stale.delete()
        ActivityLine.objects.bulk_create(
            [
                ActivityLine(
                    activity=current, service_id=service_id, sex=sex, age_band=age_band, people=n
                )
                for (service_id, sex, age_band), n in kept.items()
            ],
            update_conflicts=True,
            unique_fields=["activity", "service", "sex", "age_band"],
            update_fields=["people"],
        )
        if groups is not None:
            _replace_group_lines(current, groups)
        if newly_submitted:
            _tell(_validators(current), kind=Kind.MONTH_TO_VALIDATE, activity=current, actor=actor)
        return current


def _replace_group_lines(
    activity: MonthlyActivity, groups: Mapping[tuple[int | None, str, str], int]
) -> None:
    """The month's lines by target group become `groups`: a line changes only when its count
    does, so that the audit trail shows what moved."""
    kept = {key: people for key, people in groups.items() if people}
    stored = {
        (line.target_group_id, line.sex, line.age_band): line for line in activity.group_lines.all()
    }
    ActivityGroupLine.objects.filter(
        pk__in=[line.pk for key, line in stored.items() if key not in kept]
    ).delete()
    changed = []
    for key, people in kept.items():
        line = stored.get(key)
        if line is not None and line.people != people:
            line.people = people
            changed.append(line)
    ActivityGroupLine.objects.bulk_update(changed, ["people"])
    ActivityGroupLine.objects.bulk_create(
        [
            ActivityGroupLine(
                activity=activity, target_group_id=group, sex=sex, age_band=band, people=people
            )
            for (group, sex, band), people in kept.items()
            if (group, sex, band) not in stored
        ]
    )


def activity_validate(*, activity: MonthlyActivity, actor: User) -> MonthlyActivity:
    with transaction.atomic(), acting_as(actor):
        current = _locked_for_update(activity)
        if current.status != MonthlyActivity.Status.SUBMITTED:
            raise ValidationError(_("Only a submitted month can be validated."))
        current.status = MonthlyActivity.Status.VALIDATED
        current.validated_at = timezone.now()
        current.validated_by = actor
        current.save(update_fields=["status", "validated_at", "validated_by", "updated_at"])
        return current


def activity_reopen(*, activity: MonthlyActivity, reason: str, actor: User) -> MonthlyActivity:
    """Return a submitted month to the centre for correction, or unlock a validated one: a
    draft again either way. The reason is stored on the month, so the audit trail's record of
    the change says who reopened it, when and why. The centre's managers and whoever submitted
    the month are told it awaits their correction."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the month is reopened."))
    with transaction.atomic(), acting_as(actor, reopen_reason=reason):
        current = _locked_for_update(activity)
        if current.status not in (
            MonthlyActivity.Status.SUBMITTED,
            MonthlyActivity.Status.VALIDATED,
        ):
            raise ValidationError(_("Only a submitted or validated month can be reopened."))
        current.status = MonthlyActivity.Status.DRAFT
        current.validated_at = None
        current.validated_by = None
        current.reopen_reason = reason
        current.save(
            update_fields=["status", "validated_at", "validated_by", "reopen_reason", "updated_at"]
        )
        _tell(_centre_side(current), kind=Kind.MONTH_RETURNED, activity=current, actor=actor)
        return current
