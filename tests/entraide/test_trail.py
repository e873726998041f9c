"""The audit page's changes (entraide.trail) are pghistory's own events, values and
differences, found without computing them for every event of every history table."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pghistory.models import Events

from beneficiaries.models import Beneficiary
from centres.models import Centre
from entraide.audit import acting_as
from entraide.trail import ChangeTrail
from tests.factories import BeneficiaryFactory, CentreFactory, UserFactory

pytestmark = pytest.mark.django_db

# What the page asked of pghistory's Events before (entraide.views, until this module).
LOOKUPS = {
    "user": lambda user: {"pgh_context__user": user.pk},
    "record_type": lambda label: {"pgh_obj_model": label},
    "record_id": lambda pk: {"pgh_obj_id": pk},
    "action": lambda action: {"pgh_label": action},
    "date_from": lambda day: {"pgh_created_at__date__gte": day},
    "date_to": lambda day: {"pgh_created_at__date__lte": day},
}


def as_pghistory(filters):
    events = Events.objects.order_by("-pgh_created_at")
    for name, value in filters.items():
        events = events.filter(**LOOKUPS[name](value))
    return events


def seen(events):
    return sorted(
        (
            e.pgh_slug,
            e.pgh_label,
            e.pgh_model,
            e.pgh_obj_model,
            str(e.pgh_obj_id),
            e.pgh_data,
            e.pgh_diff,
            e.pgh_context,
            e.pgh_context_id,
            e.pgh_created_at,
        )
        for e in events
    )


@pytest.fixture
def changes():
    clerk, other = UserFactory(username="t-clerk"), UserFactory(username="t-other")
    with acting_as(clerk):
        person = BeneficiaryFactory(first_name_lat="Amina")
        person.first_name_lat = "Aminah"
        person.save()
        person.phone = "0612345678"
        person.save()
        centre = CentreFactory()
    with acting_as(other):
        Beneficiary.objects.filter(pk=person.pk).update(address="Hay Salam, Khouribga")
        Centre.objects.filter(pk=centre.pk).delete()
    return clerk, person


def test_the_trail_gives_pghistorys_events_whatever_the_filters(changes):
    clerk, person = changes
    today = timezone.localdate()
    for filters in (
        {},
        {"record_type": "beneficiaries.Beneficiary"},
        {"record_type": "beneficiaries.Beneficiary", "record_id": str(person.pk)},
        {"record_id": str(person.pk)},
        {"record_id": "not-a-number"},
        {"action": "update"},
        {"action": "delete"},
        {"user": clerk},
        {"date_from": today, "date_to": today},
        {"date_from": today + datetime.timedelta(days=1)},
        {"user": clerk, "action": "update", "record_type": "beneficiaries.Beneficiary"},
    ):
        expected = as_pghistory(filters)
        trail = ChangeTrail(filters)
        assert trail.count() == expected.count(), filters
        assert seen(trail[0:1000]) == seen(expected), filters


def test_a_change_reads_its_values_and_what_it_changed(changes):
    clerk, person = changes
    events = ChangeTrail({"record_type": "beneficiaries.Beneficiary", "record_id": str(person.pk)})
    newest_first = [(e.pgh_label, e.pgh_diff) for e in events[0:10]]
    assert [label for label, _diff in newest_first] == ["update", "update", "update", "insert"]
    address, phone, name, created = (diff for _label, diff in newest_first)
    assert address == {"address": [person.address, "Hay Salam, Khouribga"]}  # update(): no save
    assert phone["phone"][1] == "0612345678" and set(phone) == {"phone", "updated_at"}
    assert name["first_name_lat"] == ["Amina", "Aminah"] and set(name) == {
        "first_name_lat",
        "updated_at",
    }
    assert created is None  # a creation has values, no differences
    assert events[0:1][0].pgh_context["user"] != clerk.pk  # the last change was the other's


def test_pages_follow_each_other_newest_first_in_a_fixed_number_of_queries(changes):
    trail = ChangeTrail({})
    everything = trail[0:1000]
    assert [e.pgh_created_at for e in everything] == sorted(
        (e.pgh_created_at for e in everything), reverse=True
    )
    pages = [trail[i : i + 3] for i in range(0, len(everything), 3)]
    assert [e.pgh_slug for page in pages for e in page] == [e.pgh_slug for e in everything]
    with CaptureQueriesContext(connection) as queries:
        trail[0:50]
    kinds = {e.pgh_model for e in everything}
    assert len(queries) <= 1 + len(kinds)  # the page's keys, then each history table once
