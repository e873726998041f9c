import datetime
import functools

from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.core.exceptions import SuspiciousOperation
from django.db import InterfaceError, OperationalError
from django.db.models import Subquery
from django.utils import timezone

from .auth import USER_ANNOTATIONS, signed_in_users, signed_in_with_session
from .prepared import PreparedQuery


@functools.cache
def _signed_in():
    """The signed-in user with their session's row, compiled once per connection (the ORM
    compiling it took longer than PostgreSQL answering it)."""
    from .models import Session

    def build(session_key, now):
        sessions = Session.objects.filter(session_key=session_key, expire_date__gt=now)
        return (
            signed_in_users()
            .filter(pk=Subquery(sessions.values("user_id")[:1]))
            .annotate(
                session_data=Subquery(sessions.values("session_data")[:1]),
                session_expires=Subquery(sessions.values("expire_date")[:1]),
            )[:1]
        )

    return PreparedQuery(
        build,
        get_user_model(),
        # No session has these keys, and none expires at these moments.
        session_key=("entraide-prepared-session-key-1", "entraide-prepared-session-key-2"),
        now=(
            datetime.datetime(1901, 2, 3, 4, 5, 6, tzinfo=datetime.UTC),
            datetime.datetime(1902, 3, 4, 5, 6, 7, tzinfo=datetime.UTC),
        ),
    )


class SessionStore(DatabaseSessionStore):
    """Database sessions that remember their user (see entraide.models.Session).

    A signed-in session is read with its user, in one query: the user as every page reads it
    (entraide.auth.signed_in_users), the session's row as subqueries of it. The user goes to
    RoleBackend.get_user, which then asks nothing more. A session without a user (before
    sign-in) is read alone, as Django does."""

    def __init__(self, session_key=None):
        super().__init__(session_key)
        signed_in_with_session.set(None)  # a new request: nothing read for it yet

    def _get_session_from_db(self):
        try:
            found = _signed_in()(
                tuple(USER_ANNOTATIONS), session_key=self.session_key, now=timezone.now()
            )
        except SuspiciousOperation:
            found = []
        if not found:
            return super()._get_session_from_db()
        [user] = found
        session = self.model(
            session_key=self.session_key,
            session_data=user.session_data,
            expire_date=user.session_expires,
            user_id=user.pk,
        )
        del user.session_data, user.session_expires  # the user carries nothing of it
        signed_in_with_session.set(user)
        return session

    @classmethod
    def get_model_class(cls):
        from .models import Session

        return Session

    def create_model_instance(self, data):
        instance = super().create_model_instance(data)
        try:
            instance.user_id = int(data.get(SESSION_KEY))
        except (TypeError, ValueError):
            instance.user_id = None
        return instance

    def save(self, must_create=False):
        try:
            super().save(must_create=must_create)
        except UpdateError as error:
            # Django reads any database error here as "the session was deleted meanwhile" and
            # answers 400 Bad Request. An unreachable database is a server error: 500 and the
            # error page, like every other request while the database is down (make
            # load-faults found it).
            if isinstance(error.__context__, OperationalError | InterfaceError):
                raise error.__context__ from None
            raise
