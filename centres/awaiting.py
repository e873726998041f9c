"""What awaits a user among centres' monthly returns (entraide.awaiting).

The delegation validates the months its centres submit: the delegate (and, to follow them,
the coordinator and national roles) sees the returns awaiting validation, month by month,
each linking to that month's returns page. A centre manager sees the months of their centres
still to enter and submit: last month when nothing was submitted yet, and any month left in
draft or returned for correction, each linking to the month's page.
"""

import datetime

from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from entraide.awaiting import Item, Urgency, register
from entraide.periods import Period
from entraide.roles import NATIONAL_ROLES, Role

from .models import Centre, MonthlyActivity


def _last_month(today):
    return (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def _label(month):
    return Period("month", month.year, month.month).label


@register
def returns_to_validate(user):
    if not user.has_perm("centres.view_monthlyactivity"):
        return []
    follows = user.role == Role.COORDINATOR or user.role in NATIONAL_ROLES
    if not (follows or user.has_perm("centres.validate_monthlyactivity")):
        return []
    last_month = _last_month(timezone.localdate())
    by_month = (
        MonthlyActivity.objects.visible_to(user)
        .filter(status=MonthlyActivity.Status.SUBMITTED)
        .values_list("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    )
    return [
        Item(
            key="centres.returns_to_validate",
            label=ngettext(
                "monthly return awaiting validation", "monthly returns awaiting validation", n
            ),
            count=n,
            url=f"{reverse('centres:missing')}?month={month:%Y-%m}#awaiting",
            urgency=Urgency.OVERDUE if month < last_month else Urgency.DUE,
            details=(_label(month),),
        )
        for month, n in by_month
    ]


@register
def months_to_submit(user):
    if user.role != Role.CENTRE_MANAGER or not user.has_perm("centres.change_monthlyactivity"):
        return []
    last_month = _last_month(timezone.localdate())
    centres = Centre.objects.visible_to(user).open().filter(managers=user)
    not_begun = centres.exclude(
        Exists(MonthlyActivity.objects.filter(centre=OuterRef("pk"), month=last_month))
    ).order_by("code")
    drafts = (
        MonthlyActivity.objects.visible_to(user)
        .filter(
            centre__in=centres,
            status=MonthlyActivity.Status.DRAFT,
            month__lte=last_month,
        )
        .select_related("centre")
        .order_by("month", "centre__code")
    )
    items = [
        Item(
            key="centres.month_to_submit",
            label=ngettext("month to enter and submit", "months to enter and submit", 1),
            count=1,
            url=reverse("centres:activity", args=[centre.code, last_month.year, last_month.month]),
            urgency=Urgency.DUE,
            details=(centre.name, _label(last_month)),
        )
        for centre in not_begun
    ]
    for activity in drafts:
        returned = bool(activity.reopen_reason)
        items.append(
            Item(
                key="centres.month_returned" if returned else "centres.month_to_submit",
                label=ngettext("month returned for correction", "months returned for correction", 1)
                if returned
                else ngettext("month to enter and submit", "months to enter and submit", 1),
                count=1,
                url=activity.get_absolute_url(),
                urgency=Urgency.OVERDUE if activity.month < last_month else Urgency.DUE,
                details=(activity.centre.name, _label(activity.month)),
            )
        )
    return items
