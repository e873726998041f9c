"""When the database does not answer (restarting, failing over, a connection cut, a deadlock
or a statement cut short): the pages and the API say that the service is briefly unavailable,
HTTP 503 with Retry-After, not that a bug happened (500). A proxy, a monitor or a program
calling the API tells the two apart and tries again later; the person is told to check whether
what they were saving was saved before doing it again (the transaction was rolled back, unless
the database went away while committing)."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token

# What the answer asks to wait: a primary restarting or a standby promoted takes seconds.
RETRY_AFTER_SECONDS = 30

# The errors that say the database did not answer.
DATABASE_DOWN = (OperationalError, InterfaceError)


def database_unavailable(error: BaseException | None) -> bool:
    """Whether `error`, or an error it arose from, is the database not answering: Django's
    OperationalError (connection refused or lost, server shutting down, deadlock, statement
    cancelled) or InterfaceError (a connection already closed)."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, DATABASE_DOWN):
            return True
        seen.add(id(error))
        # What it was raised from, or during; not a context its raiser set aside ("from None").
        error = error.__cause__ or (None if error.__suppress_context__ else error.__context__)
    return False


@requires_csrf_token
def server_error(request):
    """The portal's handler500: Django's own (500.html), or 503.html with Retry-After when the
    error being handled is the database not answering. Both pages stand alone: no context, no
    database, no session."""
    if database_unavailable(sys.exc_info()[1]):
        page = loader.get_template("503.html").render()
        response = HttpResponse(page, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return defaults.server_error(request)
