"""What awaits the recruitment officer (entraide.awaiting): applications received and not yet
examined, competition by competition (each linking to its list of applications filtered to
them), and competitions whose next step is due: applications still open past the deadline;
a written exam near (or past) while the list of the candidates called to it is not out (the
competition still reads "applications closed")."""

import datetime
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from entraide.awaiting import Item, Urgency, register

from .models import Application, Competition

# Competitions whose applications are examined: published and on (not drafts nor archives).
EXAMINED = [
    Competition.Status.PUBLISHED,
    Competition.Status.CLOSED,
    Competition.Status.WRITTEN,
    Competition.Status.ORAL,
]
# The candidates called to the written exam learn it this many days before it, at least.
CALL_BEFORE_EXAM_DAYS = 14
PENDING = {"status": Application.Status.SUBMITTED, "eligibility": Application.Eligibility.PENDING}


@register
def applications_to_examine(user):
    if not user.has_perm("recruitment.change_application"):
        return []
    by_competition = (
        Application.objects.visible_to(user)
        .confirmed()
        .filter(competition__status__in=EXAMINED, **PENDING)
        .values_list("competition__reference", "competition__status")
        .annotate(n=Count("pk"))
        .order_by("competition__deadline", "competition__reference")
    )
    return [
        Item(
            key="recruitment.applications_to_examine",
            label=ngettext("application to examine", "applications to examine", n),
            count=n,
            url=f"{reverse('recruitment:applications', args=[reference])}?{urlencode(PENDING)}",
            # Once the deadline has passed, the examination is what holds the competition up.
            urgency=Urgency.IN_HAND if status == Competition.Status.PUBLISHED else Urgency.DUE,
            details=(reference,),
        )
        for reference, status, n in by_competition
    ]


@register
def steps_due(user):
    if not user.has_perm("recruitment.change_competition"):
        return []
    now, today = timezone.now(), timezone.localdate()
    soon = today + datetime.timedelta(days=CALL_BEFORE_EXAM_DAYS)
    competitions = (
        Competition.objects.visible_to(user)
        .filter(
            Q(status=Competition.Status.PUBLISHED, deadline__lte=now)
            | Q(status=Competition.Status.CLOSED, exam_date__lte=soon)
        )
        .only("reference", "status", "exam_date")
        .order_by("deadline", "reference")
    )
    items = []
    for competition in competitions:
        if competition.status == Competition.Status.PUBLISHED:
            key, urgency = "recruitment.deadline_passed", Urgency.OVERDUE
            label = ngettext(
                "competition past its deadline: close the applications",
                "competitions past their deadline: close the applications",
                1,
            )
        else:
            key = "recruitment.call_to_written_exam"
            urgency = Urgency.OVERDUE if competition.exam_date <= today else Urgency.DUE
            label = ngettext(
                "competition whose written exam is near: publish who is called to it",
                "competitions whose written exam is near: publish who is called to it",
                1,
            )
        items.append(
            Item(
                key=key,
                label=label,
                count=1,
                url=f"{competition.get_absolute_url()}#status",
                urgency=urgency,
                details=(competition.reference,),
            )
        )
    return items
