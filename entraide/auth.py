from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.contrib.auth.models import Group, Permission
from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import PermissionDenied
from django.db.models import CharField, OuterRef, Q, Value
from django.db.models.functions import Concat

from .ratelimit import hit, peek

# What the apps above the kernel read of the signed-in user on every page, read with the user
# in its one query: {attribute: a function giving the expression}. The notifications app adds
# the count of unread notifications its header shows (notifications.apps), the kernel knowing
# nothing of it.
USER_ANNOTATIONS: dict[str, Callable[[], Any]] = {}

# The user read with the session of this request (entraide.sessions), handed to
# RoleBackend.get_user; reset by every new session store, so one request's user never
# serves another's.
signed_in_with_session: ContextVar[Any] = ContextVar("signed_in_with_session", default=None)


class PortalArgon2Hasher(Argon2PasswordHasher):
    """Argon2id with OWASP's first recommended configuration: 19 MiB of memory, two passes,
    one lane (Password Storage Cheat Sheet). Django's defaults (100 MiB, eight lanes) take
    five times the CPU of a sign-in for no gain the cheat sheet counts on a server."""

    memory_cost = 19 * 1024  # KiB
    time_cost = 2
    parallelism = 1


def _permission_names():
    """The names ("app.codename") of the user's own permissions and their role's, as a
    subquery of the user's row."""
    # Two indexed look-ups (the role's group, the user's own), not joins of every group's
    # permissions to be filtered after: a fifth of the time.
    of_role = Group.permissions.through.objects.filter(group__name=OuterRef(OuterRef("role")))
    own = get_user_model().user_permissions.through.objects.filter(user=OuterRef(OuterRef("pk")))
    given = Permission.objects.filter(
        Q(pk__in=of_role.values("permission")) | Q(pk__in=own.values("permission"))
    )
    return ArraySubquery(
        given.annotate(
            full_name=Concat(
                "content_type__app_label", Value("."), "codename", output_field=CharField()
            )
        )
        .values("full_name")
        .distinct()
    )


def signed_in_users():
    """Users as a page reads the signed-in one: with their unit (it scopes every page), their
    permissions and what the apps add (USER_ANNOTATIONS)."""
    extras = {name: expression() for name, expression in USER_ANNOTATIONS.items()}
    return (
        get_user_model()
        ._default_manager.select_related("unit")
        .annotate(permission_names=_permission_names(), **extras)
    )


class RoleBackend(ModelBackend):
    """Grants a user the permissions of the group named after their role (see roles.py)."""

    def get_user(self, user_id):
        """The signed-in user of a request: read with the session, in the session's own query
        (entraide.sessions), or else in one query; where Django asks four or five on every
        page (the session, the user, the unit, the permissions, the notifications' count)."""
        user = signed_in_with_session.get()
        signed_in_with_session.set(None)
        if user is None or str(user.pk) != str(user_id):
            try:
                user = signed_in_users().get(pk=user_id)
            except get_user_model().DoesNotExist:
                return None
        if not user.is_superuser:
            user._perm_cache = set(user.permission_names)
        return user if self.user_can_authenticate(user) else None

    def _get_group_permissions(self, user_obj):
        if not user_obj.role:
            return Permission.objects.none()
        return Permission.objects.filter(group__name=user_obj.role)

    def get_all_permissions(self, user_obj, obj=None):
        """The role's permissions and the user's own, read in one query (Django reads them
        by two, on every page that asks what the user may do)."""
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            if user_obj.is_superuser:
                return super().get_all_permissions(user_obj, obj)
            given = Q(user=user_obj)
            if user_obj.role:
                given |= Q(group__name=user_obj.role)
            perms = (
                Permission.objects.filter(given)
                .values_list("content_type__app_label", "codename")
                .order_by()
                .distinct()
            )
            user_obj._perm_cache = {f"{app}.{codename}" for app, codename in perms}
        return user_obj._perm_cache


def _username_key(username):
    # Case and surrounding spaces do not make a new username to guess against.
    return f"login-username:{str(username).strip().casefold()}"


def username_sign_in_failed(username):
    """Count a failed sign-in for `username`, from whatever address it came."""
    if username:
        hit(_username_key(username), seconds=settings.LOGIN_USERNAME_WINDOW_SECONDS)


def username_throttled(username):
    return bool(username) and (
        peek(_username_key(username), seconds=settings.LOGIN_USERNAME_WINDOW_SECONDS)
        >= settings.LOGIN_USERNAME_FAILURE_LIMIT
    )


class UsernameThrottleBackend:
    """Refuses every sign-in of a username that failed too often lately, from any addresses:
    axes locks a username out from one address, which guessing spread over many addresses
    (or IPv6 networks) escapes. Authenticates nobody itself; raising PermissionDenied stops
    Django's `authenticate` before the password is even checked. The sign-in forms read
    `request.username_throttled` to say why."""

    def authenticate(self, request, username=None, **credentials):
        if username_throttled(username):
            if request is not None:
                request.username_throttled = True
            raise PermissionDenied
        return None

    # No get_user: it never signs anyone in, and test clients' force_login picks the first
    # backend that has one.
