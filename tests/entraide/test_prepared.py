"""entraide.prepared: a queryset compiled once, run again with new values, gives what the ORM
gives."""

import datetime

import pytest
from django.db import connection, connections
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from entraide.models import User
from entraide.prepared import PreparedQuery
from entraide.roles import Role
from territory.models import OrgUnit
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _users(username, joined_after):
    return (
        User.objects.select_related("unit")
        .filter(username=username, date_joined__gt=joined_after)
        .annotate(n_permissions=Count("user_permissions"))
        .order_by("pk")
    )


PREPARED = PreparedQuery(
    _users,
    User,
    username=("placeholder-1", "placeholder-2"),
    joined_after=(
        datetime.datetime(1901, 2, 3, tzinfo=datetime.UTC),
        datetime.datetime(1902, 3, 4, tzinfo=datetime.UTC),
    ),
)


def test_the_prepared_query_gives_the_orms_instances_for_each_new_value():
    unit = OrgUnit.objects.delegations().first()
    first = UserFactory(unit=unit, role=Role.SOCIAL_WORKER)
    second = UserFactory(unit=None, role="")
    long_ago = timezone.now() - datetime.timedelta(days=1)
    for user in (first, second, first):
        with CaptureQueriesContext(connection) as queries:
            [found] = PREPARED(username=user.username, joined_after=long_ago)
        # One query: the unit came with the user, and the annotation.
        assert len(queries) == 1
        [expected] = _users(user.username, long_ago)
        assert found.pk == expected.pk == user.pk
        assert found.username == expected.username
        assert found.date_joined == expected.date_joined  # converted as the ORM converts
        assert found.n_permissions == expected.n_permissions == 0
        assert found.unit_id == expected.unit_id
        if expected.unit_id:
            with CaptureQueriesContext(connection) as queries:
                assert found.unit.code == unit.code
            assert not queries
        else:
            assert found.unit is None
        assert found._state.db == "default" and not found._state.adding
    # A value the rows no longer satisfy: nothing, the SQL as it was compiled.
    assert PREPARED(username=first.username, joined_after=timezone.now()) == []
    # Compiled once for this connection, whatever the values.
    assert list(PREPARED._compiled_for[connections["default"]]) == [()]


PAIR = ("placeholder-1", "placeholder-2")


@pytest.mark.parametrize(
    ("build", "placeholders", "values", "refusal"),
    [
        # Rewritten by the queryset: found nowhere as given.
        (
            lambda username: User.objects.filter(username__iexact=username.upper()),
            {"username": PAIR},
            {"username": "someone"},
            "placeholder",
        ),
        # A placeholder the query never reads.
        (
            lambda username, role: User.objects.filter(username=username),
            {"username": PAIR, "role": ("role-1", "role-2")},
            {"username": "someone", "role": "x"},
            "role: the placeholder is not in the SQL",
        ),
        # Two placeholders given the same pair: which one goes where cannot be told.
        (
            lambda username, email: User.objects.filter(username=username, email=email),
            {"username": ("same-1", "same-2"), "email": ("same-1", "same-2")},
            {"username": "a", "email": "b"},
            "no single placeholder",
        ),
        (
            lambda username: User.objects.filter(username=username).prefetch_related("groups"),
            {"username": PAIR},
            {"username": "x"},
            "without prefetching",
        ),
    ],
)
def test_placeholders_the_sql_does_not_carry_as_given_are_refused(
    build, placeholders, values, refusal
):
    with pytest.raises(ValueError, match=refusal):
        PreparedQuery(build, User, **placeholders)(**values)


def test_a_constant_equal_to_a_placeholder_stays_a_constant():
    constant = PreparedQuery(
        lambda username: User.objects.filter(username=username).exclude(email="placeholder-1"),
        User,
        username=PAIR,
    )
    user = UserFactory(email="placeholder-1@example.ma")
    assert [u.pk for u in constant(username=user.username)] == [user.pk]
