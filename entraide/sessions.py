from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import InterfaceError, OperationalError


class SessionStore(DatabaseSessionStore):
    """Database sessions that remember their user (see entraide.models.Session)."""

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
