"""The demo's register (demo.enrolments), as `seed_demo` leaves it: sections of this season in
demo centres, one of them the demo manager's, people placed, waiting lists ordered by each
rule, two weeks of roll-calls with a run of absences, one certificate; written once."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from demo.enrolments import seed_enrolments
from enrolments.models import Enrolment, RollCall, Section, season_of
from entraide.models import User

pytestmark = pytest.mark.django_db


def test_seed_demo_fills_the_register_of_the_demo_manager_s_centre_and_keeps_it():
    output = io.StringIO()
    call_command("seed_demo", stdout=output)
    today = timezone.localdate()
    sections = Section.objects.filter(starts_on=season_of(today)[0])
    assert {s.centre.code for s in sections} == {"C-KHO-001", "C-KHO-002", "C-RAB-001"}
    manager = User.objects.get(username="manager")
    managed = sections.filter(centre__managers=manager)
    assert managed.exists()
    register = Enrolment.objects.filter(section__in=sections)
    placed, waiting = register.placed().count(), register.waiting().count()
    assert 20 <= placed <= 40 and waiting >= 5
    assert f"demo register: {sections.count()} sections, {placed} people placed" in (
        output.getvalue()
    )
    for section in sections:
        assert section.taken == section.enrolments.placed().count() <= section.places
    # A waiting list whose order each rule explains: a group served first, vulnerability, date.
    listed = register.waiting().filter(section__centre__managers=manager)
    assert listed.filter(priority_group=True).exists()
    assert len(set(listed.values_list("vulnerability", flat=True))) >= 2
    # Roll-calls of the last two weeks, with absences; one person absent at the last ones.
    days = [
        day
        for day in (today - datetime.timedelta(days=n) for n in range(1, 15))
        if day.weekday() < 5 and day >= season_of(today)[0]
    ]
    calls = RollCall.objects.filter(section__in=managed)
    assert calls.count() == managed.count() * len(days)
    if len(days) >= 5:  # not in the first days of a season
        assert calls.filter(marks__present=False).exists()
        assert register.filter(section__in=managed, absences_in_a_row__gte=3).exists()
    gone = register.get(status=Enrolment.Status.LEFT)
    assert gone.outcome == Enrolment.Outcome.COMPLETED
    assert gone.certificate_number and len(gone.certificate_code) == 12

    # Written once: a second run keeps the register as it is.
    before = (register.count(), calls.count())
    assert seed_enrolments() == (sections.count(), placed, waiting)
    assert (register.count(), calls.count()) == before
