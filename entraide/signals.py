import time

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .audit import record_access
from .auth import username_sign_in_failed
from .models import AccessEvent

SESSION_STARTED_KEY = "entraide_signed_in_at"


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    request.session[SESSION_STARTED_KEY] = int(time.time())
    record_access(action=AccessEvent.Action.LOGIN, request=request, actor=user)


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        record_access(action=AccessEvent.Action.LOGOUT, request=request, actor=user)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    username_sign_in_failed(credentials.get("username"))
    record_access(
        action=AccessEvent.Action.LOGIN_FAILED,
        request=request,
        username=str(credentials.get("username", ""))[:150],
    )


@receiver(user_locked_out)
def on_locked_out(sender, request, username, ip_address, **kwargs):
    record_access(
        action=AccessEvent.Action.LOCKED_OUT, request=request, username=(username or "")[:150]
    )
