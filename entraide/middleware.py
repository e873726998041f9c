import time

import pghistory.middleware
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.db import DataError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .addresses import client_ip
from .signals import SESSION_STARTED_KEY

SESSION_RENEWED_KEY = "entraide_renewed_at"


class ForwardedHeadersMiddleware:
    """Headers that only our reverse proxies may write are dropped from any other client:
    reached directly, the app server would otherwise take a plain HTTP request that says
    `X-Forwarded-Proto: https` for a secure one (SECURE_PROXY_SSL_HEADER). First in the
    chain, before SecurityMiddleware reads it. (X-Forwarded-For is read the same way by
    entraide.addresses.)"""

    PROXY_HEADERS = ("HTTP_X_FORWARDED_PROTO",)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from .addresses import is_trusted_proxy

        if not is_trusted_proxy(request.META.get("REMOTE_ADDR")):
            for header in self.PROXY_HEADERS:
                request.META.pop(header, None)
        return self.get_response(request)


class NulPathMiddleware:
    """A NUL byte in a URL's path names nothing here: a view that put it in a query met
    PostgreSQL's refusal of NUL in text (a DataError) and answered 500; it is a 404. Views that
    check their codes themselves (the certificates' public page, the API) still answer their
    own page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DataError) and "\x00" in request.path_info:
            raise Http404 from exception
        return None


class SessionLifetimeMiddleware:
    """Ends every session SESSION_MAX_LIFETIME seconds after sign-in, however active.

    Idle sessions end sooner on their own: the cookie and the stored session expire
    SESSION_COOKIE_AGE seconds after they were last saved. Activity saves a signed-in
    session again (and so renews both) once every SESSION_RENEW_SECONDS, instead of on every
    request as SESSION_SAVE_EVERY_REQUEST would: idle time is counted to the minute, and most
    pages write nothing to the session table.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            started = request.session.get(SESSION_STARTED_KEY)
            if started is None or now - started > settings.SESSION_MAX_LIFETIME:
                logout(request)
                messages.info(request, _("Your session has ended. Please sign in again."))
                return redirect_to_login(request.get_full_path())
            renewed = request.session.get(SESSION_RENEWED_KEY, 0)
            if now - renewed >= settings.SESSION_RENEW_SECONDS:
                request.session[SESSION_RENEWED_KEY] = int(now)  # saved after the response
        return self.get_response(request)


def two_factor_exempt(view):
    """Mark a view reachable before the second factor is given (sign-in, enrolment, sign-out)."""
    view.two_factor_exempt = True
    return view


class TwoFactorMiddleware:
    """Where settings.REQUIRE_TWO_FACTOR is on, administrators and national roles must enrol a
    TOTP device and give a code at every sign-in before they reach any other page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if (
            not settings.REQUIRE_TWO_FACTOR
            or not user.is_authenticated
            or not user.requires_two_factor
            or user.is_verified()
            or getattr(view_func, "two_factor_exempt", False)
            or getattr(view_func, "login_required", True) is False
        ):
            return None
        from django_otp import user_has_device

        if user_has_device(user):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('two_factor_verify')}?{query}")
        return redirect("two_factor_setup")


class AuditContextMiddleware(pghistory.middleware.HistoryMiddleware):
    """Attach the acting user, their address and the URL to every change of this request."""

    def get_context(self, request):
        return {**super().get_context(request), "ip": client_ip(request)}
