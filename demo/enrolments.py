"""A small register for `seed_demo`: sections of this season in three demo centres (the demo
manager's C-KHO-001, C-KHO-002 and Rabat's C-RAB-001), people placed in them, waiting lists
whose order each rule of priority explains, two weeks of roll-calls with their absences (one
person absent at the last roll-calls in a row, which the centre's manager is told of), and one
person gone with a certificate.

Written through the register's services (roll-calls, waiting lists, the exit and its
certificate) and, for the people already placed before the demo starts, one bulk insert whose
places PostgreSQL counts as for any other (Section.taken). Deterministic (a fixed seed, dates
counted back from today) and written once: a section that already has people is kept as it is
(a demo user may have changed it since).
"""

import datetime
import random

from django.utils import timezone

from beneficiaries.models import Beneficiary
from centres.models import Centre, TargetGroup
from enrolments import services
from enrolments.models import Enrolment, Section, season_of
from entraide.audit import acting_as
from entraide.models import User

# centre, keeper (demo account), name, kind, places, certificate, groups served first,
# people placed, people waiting. Khouribga's names in Arabic, Rabat's in French, as their
# workers write.
SECTIONS = [
    ("C-KHO-001", "manager", "الخياطة والطرز", "training", 10, True, ["women"], 8, 4),
    ("C-KHO-001", "manager", "محو الأمية - المستوى الأول", "activity", 12, False, [], 9, 2),
    ("C-KHO-002", "delegate", "المعلوميات", "training", 8, True, [], 6, 0),
    ("C-RAB-001", "delegate2", "Couture et broderie", "training", 10, True, ["women"], 7, 3),
    ("C-RAB-001", "delegate2", "Alphabétisation", "activity", 12, False, [], 6, 0),
]

# The section where one person completed a first module and left with a certificate, and
# another has missed the last roll-calls: the demo manager's.
CERTIFIED = ("C-KHO-001", "الخياطة والطرز")

# Whose demo people are placed, by delegation.
WORKERS = {"DP-MA-KHO": "worker", "DP-MA-RAB": "worker2"}

# How the people waiting differ, in turn: their vulnerability and how long ago they asked.
WAITING = [
    (Enrolment.Vulnerability.ORDINARY, 40),
    (Enrolment.Vulnerability.URGENT, 6),
    (Enrolment.Vulnerability.HIGH, 25),
    (Enrolment.Vulnerability.ORDINARY, 12),
]

# Roll-calls of the last two weeks, on weekdays; absent at random one time in twelve.
ROLL_CALL_DAYS = 14
ABSENT_ONE_IN = 12
# The person absent at the last roll-calls, in a row.
ABSENT_AT_THE_END = 4


def seed_enrolments(*, seed=2026):
    """Create the demo sections and, for those that have nobody yet, their people, waiting
    lists and roll-calls; return (sections, people placed, people waiting)."""
    rng = random.Random(seed)  # noqa: S311 - demo data, reproducible on purpose
    today = timezone.localdate()
    keepers = {u.username: u for u in User.objects.filter(username__in={s[1] for s in SECTIONS})}
    groups = {g.code: g for g in TargetGroup.objects.all()}
    centres = {c.code: c for c in Centre.objects.filter(code__in={s[0] for s in SECTIONS})}
    pools = {}
    sections = []
    for row in SECTIONS:
        code, keeper = row[0], row[1]
        if code not in centres:
            continue
        # Each keeper's acts in an audit context of their own: called outside any other
        # (seed_demo), the register's history names who did what.
        with acting_as(keepers[keeper], command="seed_demo"):
            sections.append(
                _section(row, centres[code], keepers[keeper], groups, pools, rng, today)
            )
    register = Enrolment.objects.filter(section__in=sections)
    return len(sections), register.placed().count(), register.waiting().count()


def _section(row, centre, actor, groups, pools, rng, today):
    """One demo section and, when it has nobody yet, its people."""
    code, _keeper, name, kind, places, certificate, served_first, placed, waiting = row
    starts_on, ends_on = season_of(today)
    section, _created = Section.objects.get_or_create(
        centre=centre,
        name=name,
        starts_on=starts_on,
        defaults={
            "kind": kind,
            "ends_on": ends_on,
            "places": places,
            "delivers_certificate": certificate,
        },
    )
    section.priority_groups.set([groups[c] for c in served_first if c in groups])
    if section.enrolments.exists():
        return section
    delegation = centre.delegation
    if delegation.code not in pools:
        pools[delegation.code] = _people(delegation)
    pool = pools[delegation.code]
    if not pool:
        return section
    # Those of the groups served first are placed first; one of them waits, before the
    # others whatever their vulnerability or the date they asked.
    enrolments = _place(section, _take(pool, placed, served_first), rng, today)
    _wait(section, _take(pool, waiting, served_first, at_most=1), actor, today)
    leaving = enrolments[0] if (code, name) == CERTIFIED else None
    if leaving is not None:
        # Completed a first module before the last two weeks: a certificate.
        left_on = today - datetime.timedelta(days=ROLL_CALL_DAYS + 2)
        services.exit(
            enrolment=leaving,
            actor=actor,
            outcome=Enrolment.Outcome.COMPLETED,
            on=max(leaving.admitted_on, left_on),
        )
    absent = enrolments[1] if leaving is not None else None
    _roll_calls(section, enrolments, absent, actor, rng, today)
    return section


def _people(delegation):
    """The demo people of a delegation, in the order of their file numbers."""
    worker = WORKERS.get(delegation.code)
    return list(
        Beneficiary.objects.filter(delegation=delegation, created_by__username=worker)
        .active()
        .prefetch_related("target_groups")
        .order_by("file_number")
    )


def _take(pool, count, groups, at_most=None):
    """`count` people out of `pool`: first those of `groups` (`at_most` of them), then the
    others, each in the pool's order."""
    chosen = [p for p in pool if _group(p) and _group(p).code in groups][
        : min(count, at_most or count)
    ]
    chosen += [p for p in pool if p not in chosen][: count - len(chosen)]
    for person in chosen:
        pool.remove(person)
    return chosen


def _group(person):
    groups = list(person.target_groups.all())
    return groups[0] if groups else None


def _place(section, people, rng, today):
    """People admitted a few weeks into the season (or as late as today in its first days),
    each having asked some weeks before."""
    served_first = set(section.priority_groups.values_list("pk", flat=True))
    rows = []
    for index, person in enumerate(people):
        admitted = min(section.starts_on + datetime.timedelta(days=7 + index), today)
        group = _group(person)
        rows.append(
            Enrolment(
                section=section,
                person=person,
                status=Enrolment.Status.ADMITTED,
                requested_on=admitted - datetime.timedelta(days=rng.randint(10, 60)),
                admitted_on=admitted,
                target_group=group,
                priority_group=group is not None and group.pk in served_first,
                vulnerability=rng.choice(Enrolment.Vulnerability.values),
            )
        )
    # PostgreSQL counts each one's place (Section.taken) and refuses more than the places.
    return Enrolment.objects.bulk_create(rows)


def _wait(section, people, actor, today):
    for index, person in enumerate(people):
        vulnerability, days_ago = WAITING[index % len(WAITING)]
        services.wait(
            section=section,
            person=person,
            actor=actor,
            target_group=_group(person),
            vulnerability=vulnerability,
            requested_on=max(today - datetime.timedelta(days=days_ago), section.starts_on),
        )


def _roll_calls(section, enrolments, absent, actor, rng, today):
    days = [
        day
        for day in (today - datetime.timedelta(days=n) for n in range(ROLL_CALL_DAYS, 0, -1))
        if day.weekday() < 5 and day >= section.starts_on
    ]
    everyone = {enrolment.pk for enrolment in enrolments}
    for number, day in enumerate(days):
        away = {pk for pk in everyone if rng.randrange(ABSENT_ONE_IN) == 0}
        if absent is not None and number >= len(days) - ABSENT_AT_THE_END:
            away.add(absent.pk)
        elif absent is not None:
            away.discard(absent.pk)
        services.roll_call_save(section=section, day=day, present=everyone - away, actor=actor)
