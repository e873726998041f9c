"""entraide.prepared: a queryset compiled once, run again with new values, gives what the ORM
gives."""

import datetime

import pytest
from django.db import connection, connections
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, Value, When
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from entraide.models import User
from entraide.prepared import PreparedQuery, ShapedQuery, held_by
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
    assert list(held_by(connections["default"], PREPARED)) == [()]


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


# ShapedQuery: querysets built from conditions whose number and values vary.


def _named(base, conditions):
    """Users whose usernames meet `within`, those meeting `first` first (a rank, annotated),
    with their unit."""
    within, first = conditions
    rank = Case(When(first, then=Value(0)), default=Value(1), output_field=IntegerField())
    return base.filter(within).annotate(rank=rank).select_related("unit").order_by("rank", "pk")


def _orm(build, base, conditions):
    return [(u.pk, u.rank, u.unit_id) for u in build(base, conditions)]


def test_a_shaped_query_gives_the_orms_rows_for_each_new_value():
    shaped = ShapedQuery()
    unit = OrgUnit.objects.delegations().first()
    for name in ["alaoui", "al_aoui", "ben100%", "back\\slash", "alami"]:
        UserFactory(unit=unit, username=f"t-{name}", email=f"{name}@example.ma")
    base = User.objects.filter(unit=unit)
    asked = [
        (
            Q(username__contains="ala") | Q(email__in=["alami@example.ma", "x"]),
            Q(username="t-alami"),
        ),
        (Q(username__contains="al_") | Q(email__in=["y", "z"]), Q(username="t-x")),
        (Q(username__contains="100%") | Q(email__in=["x", "y"]), Q(username="t-alaoui")),
        (Q(username__contains="k\\s") | Q(email__in=["", "y"]), Q(username="t-ben100%")),
    ]
    for within, first in asked:
        with CaptureQueriesContext(connection) as queries:
            found = shaped(_named, base, [within, first], key=("test",))
        assert len(queries) == 1
        assert [(u.pk, u.rank, u.unit_id) for u in found] == _orm(_named, base, [within, first])
        assert found
        with CaptureQueriesContext(connection) as queries:
            assert all(u.unit.pk == unit.pk for u in found)  # selected with them
        assert not queries
    # The LIKE patterns escaped as Django escapes them: a % or a _ is itself, not a wildcard.
    assert [u.username for u in shaped(_named, base, [Q(username__contains="l_a"), Q(pk=0)])] == [
        "t-al_aoui"
    ]
    assert [u.username for u in shaped(_named, base, asked[2])] == ["t-ben100%"]
    # Three shapes compiled (the asked ones under their key, and two without), each once.
    compiled = shaped.shapes(connections["default"])
    assert len(compiled) == 3 and all(compiled.values())


def test_each_base_and_each_shape_is_compiled_apart():
    """The base's conditions (whom a user may see) are part of the shape: the same search in
    another base never runs with the first base's values."""
    shaped = ShapedQuery()
    units = list(OrgUnit.objects.delegations()[:2])
    people = {unit.pk: UserFactory(unit=unit, username=f"t-amina-{unit.pk}") for unit in units}
    for unit in units + units:
        found = shaped(
            _named, User.objects.filter(unit=unit), [Q(username__contains="amina"), Q(pk=0)]
        )
        assert [u.pk for u in found] == [people[unit.pk].pk]
    # Two words instead of one: another shape.
    two = Q(username__contains="amina") & Q(username__contains="t-")
    assert len(shaped(_named, User.objects.filter(unit=units[0]), [two, Q(pk=0)])) == 1
    # Two shapes compiled (their expressions kept once), and three bases' parameters.
    compiled = shaped.shapes(connections["default"])
    assert len(compiled) == 2 and all(compiled.values())
    assert len(shaped.bases(connections["default"])) == 3


def test_what_cannot_be_put_in_place_is_run_by_the_orm():
    shaped = ShapedQuery()
    unit = OrgUnit.objects.delegations().first()
    user = UserFactory(unit=unit, first_name="Amina")
    base = User.objects.filter(pk=user.pk)
    # A field that rewrites its value (a name is cleaned of characters such as the stand-ins):
    # the first compilation tells, and the shape is run by the ORM from then on.
    for name in ["Amina", "Amina", "Zineb"]:
        found = shaped(_named, base, [Q(first_name=name), Q(pk=0)])
        assert [u.pk for u in found] == ([user.pk] if name == "Amina" else [])

    # A value rewritten on its way to the SQL while its stand-in is kept (as a field that
    # writes capitals would): the probes of the first compilation tell, even when the first
    # value is already as rewritten.
    def capitals(base, conditions):
        [(lookup, value)] = conditions[0].children
        return base.filter(**{lookup: value.upper()})

    capital = UserFactory(unit=unit, username="T-CAPITAL")
    for name in ["T-CAPITAL", "t-capital", "T-Capital"]:
        found = shaped(capitals, User.objects.all(), [Q(username=name)])
        assert [u.pk for u in found] == [capital.pk]
    # A text where the field wants a number: refused by the field as a stand-in, so the ORM.
    assert [u.pk for u in shaped(_named, base, [Q(pk=str(user.pk)), Q(pk=0)])] == [user.pk]
    # An expression, a date: run by the ORM, never compiled.
    for condition in [
        Q(Exists(User.objects.filter(pk=OuterRef("pk"), unit=unit))),
        Q(date_joined__lt=timezone.now()),
    ]:
        found = shaped(_named, base, [condition, Q(pk=0)])
        assert [u.pk for u in found] == [user.pk]
    # No one in scope (a base of none()): nothing, asked of no one.
    with CaptureQueriesContext(connection) as queries:
        assert shaped(_named, User.objects.none(), [Q(first_name="Amina"), Q(pk=0)]) == []
    assert not queries
    compiled = shaped.shapes(connections["default"])
    assert list(compiled.values()) == [(), (), ()]  # the name's, the capitals', the number's
