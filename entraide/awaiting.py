"""What awaits a user: the home page's first section, fed by the apps.

The kernel knows no app: each app declares, in its own `awaiting.py` (loaded at start by
`EntraideConfig.ready`, as `perms.py` is), the providers that say what awaits a user in its
field: months to validate, follow-ups overdue, reports owed... A provider takes the user and
returns `Item`s. Each item counts rows of `visible_to(user)` querysets, is returned only to a
user allowed to read them, and links to the list that shows exactly those rows, so that the
number on the home page and the list it opens cannot disagree.

An app may also register a panel: a template of its own shown on the home page below the
figures (the social worker's day, for instance), with the context its provider returns. The
figures themselves come from the app above the others that computes them (`reports`), which
registers the one provider of figures.
"""

import enum
from dataclasses import dataclass, field


class Urgency(enum.IntEnum):
    """The order of the section: what is late first."""

    OVERDUE = 0  # past its date, or waiting longer than it should
    DUE = 1  # to be done now
    IN_HAND = 2  # work in hand, nothing late


# Past this many rows, an item says "1,000+" (`Item.more`): nobody acts on the exact number of
# a thousand late visits, and counting the country's half-million follow-ups took a third of
# a second of three PostgreSQL processes on every national home page (the reports count them
# exactly). The list behind the item shows them all.
COUNTED_UP_TO = 1000


def count_up_to(queryset, limit=None):
    """(count, more): the rows of `queryset`, counted no further than `limit` (COUNTED_UP_TO);
    `more` when there are more."""
    limit = COUNTED_UP_TO if limit is None else limit
    found = queryset.order_by().values("pk")[: limit + 1].count()
    return min(found, limit), found > limit


@dataclass(frozen=True)
class Item:
    key: str  # stable, for tests and styles: "<app>.<what>"
    label: str  # translated, agreeing with `count` (ngettext)
    count: int
    url: str  # the list of exactly the rows counted
    urgency: Urgency = Urgency.DUE
    # What the item is about, when it names it (a centre and a month, a competition): each
    # part shown apart, isolated from the text around it.
    details: tuple = ()
    # `count` is a floor: there are more (count_up_to).
    more: bool = False

    @property
    def overdue(self):
        return self.urgency == Urgency.OVERDUE


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict = field(default_factory=dict)


_providers = []
_panel_providers = []
_figures_providers = []


def register(provider):
    """Declare a provider of items: `provider(user)` returns an iterable of `Item`. Usable
    as a decorator."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def register_panel(provider):
    """Declare a provider of a home page panel: `provider(user)` returns a `Panel` or None."""
    if provider not in _panel_providers:
        _panel_providers.append(provider)
    return provider


def register_figures(provider):
    """Declare the provider of the home page's figures: `provider(user)` returns the
    dashboard's context or None. One at most: a second one replaces the first."""
    _figures_providers[:] = [provider]
    return provider


def items_for(user):
    """What awaits `user`, the most urgent first (in the order the apps declared them within
    one urgency); items that count nothing are left out, as is everything for an anonymous
    or inactive user."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    items = [item for provider in _providers for item in provider(user) or () if item.count]
    return sorted(items, key=lambda item: item.urgency)


def panels_for(user):
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    return [panel for provider in _panel_providers if (panel := provider(user)) is not None]


def figures_for(user):
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return _figures_providers[0](user) if _figures_providers else None
