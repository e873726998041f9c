"""What awaits a user among conventions (entraide.awaiting): the reports associations owe
past their date, the subsidy tranches those reports block, and, for the partnership officer
who follows the payments, the tranches due. Each links to its section of the work list, which
lists the same rows (partnerships.selectors)."""

from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from entraide.awaiting import Item, Urgency, register
from entraide.roles import Role

from .selectors import (
    TRANCHES_DUE_WITHIN_DAYS,
    overdue_reports_of,
    reports_overdue,
    tranches_due,
)


@register
def awaiting(user):
    # The work list is for those who read conventions.
    if not user.has_perm("partnerships.view_convention"):
        return []
    today = timezone.localdate()
    work = reverse("partnerships:work")
    items = []
    if user.has_perm("partnerships.view_owedreport"):
        count = reports_overdue(user, today).count()
        items.append(
            Item(
                key="partnerships.reports_overdue",
                label=ngettext(
                    "report owed by an association, overdue",
                    "reports owed by associations, overdue",
                    count,
                ),
                count=count,
                url=f"{work}#overdue",
                urgency=Urgency.OVERDUE,
            )
        )
    if user.has_perm("partnerships.view_tranche"):
        # One query for both. The filter repeats `blocked` rather than naming it: an
        # aggregate cannot refer to an annotation of the rows it counts.
        blocked = Exists(overdue_reports_of(OuterRef("convention")))
        counts = tranches_due(user, today).aggregate(
            due=Count("pk"), blocked=Count("pk", filter=blocked)
        )
        count = counts["blocked"]
        items.append(
            Item(
                key="partnerships.tranches_blocked",
                label=ngettext(
                    "subsidy tranche blocked by overdue reports",
                    "subsidy tranches blocked by overdue reports",
                    count,
                ),
                count=count,
                url=f"{work}#due",
                urgency=Urgency.OVERDUE,
            )
        )
        if user.role == Role.PARTNERSHIP_OFFICER:
            count, days = counts["due"], TRANCHES_DUE_WITHIN_DAYS
            items.append(
                Item(
                    key="partnerships.tranches_due",
                    label=ngettext("subsidy tranche due", "subsidy tranches due", count),
                    count=count,
                    url=f"{work}#due",
                    urgency=Urgency.DUE,
                    details=(
                        ngettext(
                            "late or due within %(days)s day",
                            "late or due within %(days)s days",
                            days,
                        )
                        % {"days": days},
                    ),
                )
            )
    return items
