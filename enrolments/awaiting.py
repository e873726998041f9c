"""What awaits a user in the centres' registers (entraide.awaiting).

Those who keep a register (a delegate, a centre manager) see the people absent too many times
in a row, counted as the list they open (`absent_too_long`, enrolments:absent). A centre
manager has, below the figures, the day of the centres they manage: each section of the season
with whether today's roll is called, its waiting list and its free places, and the referrals
their centres received awaiting an answer (as the beneficiaries app counts them for the inbox).
Each in a constant number of queries, whatever the number of sections or people: the home page
counts its queries.
"""

from django.db.models import Count, Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from entraide.awaiting import Item, Panel, Urgency, register, register_panel
from entraide.roles import Role

from .models import Enrolment, RollCall, Section


def absent_too_long(user):
    """The people placed whose absences in a row reached their section's limit, in `user`'s
    scope; a centre manager's, in the centres they manage only (not the others of their
    delegation). The rows of enrolments:absent and the count of the home page."""
    rows = (
        Enrolment.objects.visible_to(user)
        .placed()
        # A section's limit is one absence at least: those never absent are out at once, by
        # the index of the absent (enrolment_absent_idx).
        .filter(absences_in_a_row__gt=0, absences_in_a_row__gte=F("section__absences_before_alert"))
    )
    if user.role == Role.CENTRE_MANAGER:
        rows = rows.filter(section__centre__managers=user)
    return rows


@register
def absent(user):
    if not user.has_perm("enrolments.add_rollcall"):
        return []
    count = absent_too_long(user).count()
    return [
        Item(
            key="enrolments.absent_too_long",
            label=ngettext(
                "person absent too many times in a row",
                "people absent too many times in a row",
                count,
            ),
            count=count,
            url=reverse("enrolments:absent"),
            urgency=Urgency.DUE,
        )
    ]


def sections_today(user, today):
    """The sections of the season in the centres `user` manages, each with `called_today`,
    `waiting` and `absent` (those absent too long), in one query."""
    placed = Q(enrolments__status__in=Enrolment.PLACED)
    return (
        Section.objects.visible_to(user)
        .of_season(today)
        .filter(centre__managers=user)
        .select_related("centre")
        .annotate(
            called_today=Exists(RollCall.objects.filter(section=OuterRef("pk"), day=today)),
            waiting=Count("enrolments", filter=Q(enrolments__status=Enrolment.Status.WAITING)),
            absent=Count(
                "enrolments",
                filter=placed
                & Q(enrolments__absences_in_a_row__gt=0)
                & Q(enrolments__absences_in_a_row__gte=F("absences_before_alert")),
            ),
        )
        .order_by("centre__code", "name", "pk")
    )


def _referrals_received(user):
    """{"waiting": n, "overdue": n}: the referrals to the user's centres awaiting their answer,
    as the beneficiaries app counts them for its inbox (one query)."""
    from beneficiaries.awaiting import referrals_received

    counts = {item.key: item.count for item in referrals_received(user)}
    return {
        "waiting": counts.get("beneficiaries.referrals_received", 0),
        "overdue": counts.get("beneficiaries.referrals_received_overdue", 0),
    }


@register_panel
def centres_today(user):
    """A centre manager's day in the centres they manage."""
    if user.role != Role.CENTRE_MANAGER or not user.has_perm("enrolments.view_section"):
        return None
    today = timezone.localdate()
    sections = list(sections_today(user, today))
    referrals = (
        _referrals_received(user) if user.has_perm("beneficiaries.answer_referral") else None
    )
    return Panel(
        "enrolments/home_panel.html",
        {
            "today": today,
            "sections": sections,
            "centres": len({section.centre_id for section in sections}),
            "keeps": user.has_perm("enrolments.add_rollcall"),
            "to_call": sum(not section.called_today for section in sections),
            "waiting": sum(section.waiting for section in sections),
            "free": sum(section.free for section in sections),
            "referrals": referrals,
        },
    )
