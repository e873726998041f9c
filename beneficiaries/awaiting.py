"""What awaits a user among cases, referrals and follow-ups (entraide.awaiting).

Those who oversee (the delegate, the coordinator, national roles) see their whole scope: the
follow-ups overdue, the open cases no one has been given, the referrals unanswered past their
deadline. A social worker sees their own: on the cases assigned to them. Each item links to
the list of its very rows (the lists' `worker`, `open` and `overdue` filters), and is counted
with the same QuerySet methods those filters apply. A centre's manager sees the referrals sent
to their centres that await their answer (their inbox).
"""

from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from entraide.awaiting import Item, Panel, Urgency, count_up_to, register, register_panel
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
    elif user.has_perm("beneficiaries.answer_referral"):
        return referrals_received(user)
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
        count, more = count_up_to(follow_ups)
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
                more=more,
            )
        )

    if user.has_perm("beneficiaries.view_referral"):
        # Past the deadline the service and urgency asked for set (Referral.due_at).
        referrals = Referral.objects.visible_to(user).overdue()
        if mine:
            referrals = referrals.filter(case__worker=user)
        count, more = count_up_to(referrals)
        items.append(
            Item(
                key="beneficiaries.referrals_unanswered",
                label=ngettext(
                    "referral from your cases unanswered past its deadline",
                    "referrals from your cases unanswered past their deadline",
                    count,
                )
                if mine
                else ngettext(
                    "referral unanswered past its deadline",
                    "referrals unanswered past their deadline",
                    count,
                ),
                count=count,
                url=_list("referrals", overdue=1, **mine),
                urgency=Urgency.OVERDUE,
                more=more,
            )
        )

    if user.has_perm("beneficiaries.view_casefile"):
        cases = CaseFile.objects.visible_to(user).open()
        if mine:
            count = cases.filter(worker=user).count()
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
            count, more = count_up_to(cases.filter(worker=None))
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
                    more=more,
                )
            )
    return items


def referrals_received(user):
    """A centre's manager: the referrals sent to their centres awaiting their answer, and
    those among them past their deadline."""
    counts = (
        Referral.objects.received_by(user)
        .filter(state=Referral.State.SENT)
        .aggregate(
            waiting=Count("pk"),
            overdue=Count("pk", filter=Q(due_at__lt=timezone.now())),
        )
    )
    inbox = reverse("beneficiaries:inbox")
    items = [
        Item(
            key="beneficiaries.referrals_received",
            label=ngettext(
                "referral to your centres awaiting your answer",
                "referrals to your centres awaiting your answer",
                counts["waiting"],
            ),
            count=counts["waiting"],
            url=inbox,
            urgency=Urgency.DUE,
        )
    ]
    if counts["overdue"]:
        items.append(
            Item(
                key="beneficiaries.referrals_received_overdue",
                label=ngettext(
                    "referral to your centres past its answer deadline",
                    "referrals to your centres past their answer deadline",
                    counts["overdue"],
                ),
                count=counts["overdue"],
                url=f"{inbox}?overdue=1",
                urgency=Urgency.OVERDUE,
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
