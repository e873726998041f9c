"""What awaits a user among cases, referrals and follow-ups (entraide.awaiting).

Those who oversee (the delegate, the coordinator, national roles) see their whole scope: the
follow-ups overdue, the open cases no one has been given, the referrals left unanswered. A
social worker sees their own: on the cases assigned to them. Each item links to the list of
its very rows (the lists' `worker`, `open`, `overdue` and `unanswered` filters), and is
counted with the same QuerySet methods those filters apply.
"""

from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from entraide.awaiting import Item, Panel, Urgency, register, register_panel
from entraide.periods import Period
from entraide.roles import Role

from .forms import WorkerFilterField
from .models import CaseFile, FollowUp, Referral
from .perms import can_oversee


def _list(name, **filters):
    return f"{reverse(f'beneficiaries:{name}')}?{urlencode(filters)}"


@register
def awaiting(user):
    if can_oversee(user):
        mine = {}
    elif user.role == Role.SOCIAL_WORKER:
        mine = {"worker": WorkerFilterField.ME}
    else:
        return []
    today = timezone.localdate()
    items = []

    if user.has_perm("beneficiaries.view_followup"):
        # The lists' `overdue` filter takes a period: this month's, which runs until today.
        month = Period.current("month", today)
        follow_ups = FollowUp.objects.visible_to(user).overdue(month.start, month.end, today)
        if mine:
            follow_ups = follow_ups.filter(case__worker=user)
        count = follow_ups.count()
        items.append(
            Item(
                key="beneficiaries.follow_ups_overdue",
                label=ngettext(
                    "follow-up visit overdue on your cases",
                    "follow-up visits overdue on your cases",
                    count,
                )
                if mine
                else ngettext("follow-up visit overdue", "follow-up visits overdue", count),
                count=count,
                url=_list("follow_ups", overdue=str(month), **mine),
                urgency=Urgency.OVERDUE,
            )
        )

    if user.has_perm("beneficiaries.view_referral"):
        referrals = Referral.objects.visible_to(user).unanswered(today)
        if mine:
            referrals = referrals.filter(case__worker=user)
        count = referrals.count()
        days = Referral.ANSWER_DAYS
        items.append(
            Item(
                key="beneficiaries.referrals_unanswered",
                label=ngettext(
                    "referral from your cases unanswered",
                    "referrals from your cases unanswered",
                    count,
                )
                if mine
                else ngettext("referral unanswered", "referrals unanswered", count),
                count=count,
                url=_list("referrals", unanswered=days, **mine),
                urgency=Urgency.OVERDUE,
                details=(
                    ngettext(
                        "sent more than %(days)s day ago", "sent more than %(days)s days ago", days
                    )
                    % {"days": days},
                ),
            )
        )

    if user.has_perm("beneficiaries.view_casefile"):
        # One query for both counts: the open cases of the scope, with no worker and with me.
        cases = CaseFile.objects.visible_to(user).open()
        counts = cases.aggregate(
            without_worker=Count("pk", filter=Q(worker=None)),
            mine=Count("pk", filter=Q(worker=user)),
        )
        if mine:
            count = counts["mine"]
            items.append(
                Item(
                    key="beneficiaries.cases_mine",
                    label=ngettext(
                        "open case assigned to you", "open cases assigned to you", count
                    ),
                    count=count,
                    url=_list("cases", open=1, **mine),
                    urgency=Urgency.IN_HAND,
                )
            )
        else:
            count = counts["without_worker"]
            items.append(
                Item(
                    key="beneficiaries.cases_without_worker",
                    label=ngettext(
                        "open case with no social worker",
                        "open cases with no social worker",
                        count,
                    ),
                    count=count,
                    url=_list("cases", open=1, worker=WorkerFilterField.NOBODY),
                    urgency=Urgency.DUE,
                )
            )
    return items


@register_panel
def my_work(user):
    """The social worker's day below the figures, as on their work page."""
    if user.role != Role.SOCIAL_WORKER or not user.has_perm("beneficiaries.view_casefile"):
        return None
    from .selectors import work_items

    return Panel("beneficiaries/home_work.html", work_items(user, limit=20))
