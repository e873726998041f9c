"""Reads that span models: who may be given an appointment, whose agenda a user reads."""

from __future__ import annotations

from typing import TYPE_CHECKING

from entraide.models import User
from entraide.roles import Role
from territory.models import OrgUnit

from .perms import may_choose_worker

if TYPE_CHECKING:
    from django.db.models import QuerySet

# Those who receive people and so have an agenda.
AGENDA_ROLES = (Role.SOCIAL_WORKER, Role.DELEGATE)


def bookable_workers(delegation: OrgUnit) -> QuerySet[User]:
    """The workers a person of `delegation` may have an appointment with: the active social
    workers and delegates of the delegation and of the units under it (its centres)."""
    units = OrgUnit.objects.under(delegation).values("pk")
    return User.objects.filter(unit__in=units, is_active=True, role__in=AGENDA_ROLES).order_by(
        "last_name", "first_name", "pk"
    )


def agenda_workers(user: User) -> QuerySet[User]:
    """The workers whose agenda `user` may choose to read: for those who oversee (the
    delegate, the coordinator, national roles), the active workers of their scope; for anyone
    else, nobody to choose (they read their own)."""
    if not may_choose_worker(user):
        return User.objects.none()
    return (
        User.objects.visible_to(user)
        .filter(is_active=True, role__in=AGENDA_ROLES)
        .order_by("last_name", "first_name", "pk")
    )
