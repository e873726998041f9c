from base64 import b32encode
from urllib.parse import urlsplit

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import awaiting
from .audit_display import make_readable
from .forms import AuditFilterForm, PreferencesForm, SignInForm, TokenForm
from .middleware import two_factor_exempt
from .models import AccessEvent
from .protection import hidden_fields
from .reads import record_shown
from .services import user_update_preferences
from .trail import ChangeTrail


@login_not_required
@require_GET
def healthz(request):
    """For load balancers: the app answers and reaches its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


# The footer's pages: what the portal is, what it does with personal data, how accessible it is
# and whom to ask. Open to all, and before the second factor: they bind the portal itself.
@two_factor_exempt
@login_not_required
@require_GET
def legal_notice(request):
    return render(request, "entraide/legal/legal_notice.html")


@two_factor_exempt
@login_not_required
@require_GET
def privacy(request):
    return render(
        request,
        "entraide/legal/privacy.html",
        {"retention_years": settings.BENEFICIARY_RETENTION_YEARS},
    )


@two_factor_exempt
@login_not_required
@require_GET
def accessibility(request):
    return render(request, "entraide/legal/accessibility.html")


@two_factor_exempt
@login_not_required
@require_GET
def contact(request):
    return render(request, "entraide/legal/contact.html")


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    redirect_authenticated_user = True


sign_in = two_factor_exempt(SignInView.as_view())
sign_out = two_factor_exempt(auth_views.LogoutView.as_view())


@two_factor_exempt
@require_POST
@login_not_required
def switch_language(request):
    """Django's set_language (which keeps the current page), remembering the choice."""
    language = request.POST.get("language")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        user_update_preferences(user=request.user, language=language, actor=request.user)
    # set_language translates `next` by resolving it in the active language; this URL has no
    # language prefix, so activate the language of the page the user is on.
    current = translation.get_language_from_path(urlsplit(request.POST.get("next", "")).path)
    if current:
        translation.activate(current)
    return set_language(request)


def home(request):
    """What awaits the user first (each app says what, entraide.awaiting), then the figures of
    their unit, then the panels the apps add (the social worker's day)."""
    user = request.user
    context = {
        "unit": user.unit,
        "awaiting": awaiting.items_for(user),
        "dashboard": awaiting.figures_for(user),
        "panels": awaiting.panels_for(user),
    }
    return render(request, "entraide/home.html", context)


def profile(request):
    user = request.user
    form = PreferencesForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        user_update_preferences(user=user, language=form.cleaned_data["language"], actor=user)
        messages.success(request, _("Your preferences are saved."))
        with translation.override(user.language):
            return redirect(reverse("profile"))
    return render(
        request,
        "entraide/profile.html",
        {"form": form, "two_factor_enrolled": user_has_device(user)},
    )


def _qr_svg(text):
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")


@two_factor_exempt
def two_factor_setup(request):
    user = request.user
    if user_has_device(user):
        messages.info(request, _("Two-step sign-in is already set up for your account."))
        return redirect("profile")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="default", confirmed=False)
    form = TokenForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(request, device)
        messages.success(request, _("Two-step sign-in is set up."))
        return redirect("profile")
    return render(
        request,
        "entraide/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": _qr_svg(device.config_url),
            "secret": b32encode(device.bin_key).decode(),
        },
    )


@two_factor_exempt
def two_factor_verify(request):
    device = next(iter(devices_for_user(request.user, confirmed=True)), None)
    if device is None:
        return redirect("two_factor_setup")
    form = TokenForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        otp_login(request, device)
        target = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = reverse("home")
        return redirect(target)
    return render(request, "entraide/two_factor_verify.html", {"form": form})


def _content_type(label):
    app_label, model = label.lower().split(".")
    return {"content_type__app_label": app_label, "content_type__model": model}


# The filters of the sign-ins and reads (the changes: entraide.trail).
AUDIT_LOOKUPS = {
    "user": lambda user: {"actor": user},
    "record_type": _content_type,
    "record_id": lambda pk: {"object_id": pk},
    "action": lambda action: {"action": action},
    "date_from": lambda day: {"at__date__gte": day},
    "date_to": lambda day: {"at__date__lte": day},
}


@permission_required("entraide.view_audit", raise_exception=True)
@require_GET
def audit(request):
    # The trail spans every unit, so it is for national roles only, whatever a group grants.
    if not request.user.has_national_scope:
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    kind = filters.get("kind") or "changes"
    if kind == "access":
        entries = AccessEvent.objects.select_related("actor", "content_type")
        for name, value in filters.items():
            lookup = AUDIT_LOOKUPS.get(name)
            if lookup and value:
                entries = entries.filter(**lookup(value))
    else:
        entries = ChangeTrail(filters)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    if kind == "changes":
        _attach_actors(page.object_list)
        _withhold_protected_values(request.user, page.object_list)
        make_readable(page.object_list, withheld=WITHHELD)
    # The trail shows who read and changed what, with the values: reading it is a read too.
    record_shown(
        "entraide.audit",
        kind=kind,
        filters={k: str(v) for k, v in filters.items() if v},
        page=page.number,
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "entraide/audit.html",
        {"form": form, "kind": kind, "page": page, "query": query.urlencode()},
    )


WITHHELD = gettext_lazy("(withheld)")


def _withhold_protected_values(user, events):
    """Old and new values of a protected field (protection details, bank details, a
    candidate's CIN) only for those who may read that field (entraide.protection)."""
    for event in events:
        hidden = set(hidden_fields(user, event.pgh_obj_model)) if event.pgh_obj_model else set()
        if not hidden:
            continue
        if event.pgh_diff:
            event.pgh_diff = {
                name: [WITHHELD, WITHHELD] if name in hidden else values
                for name, values in event.pgh_diff.items()
            }
        if event.pgh_data:
            event.pgh_data = {
                name: WITHHELD if name in hidden else value
                for name, value in event.pgh_data.items()
            }


def _attach_actors(events):
    """Resolve the user ids in the events' context in one query."""
    from .models import User

    ids = {e.pgh_context.get("user") for e in events if e.pgh_context}
    users = User.objects.in_bulk([i for i in ids if i])
    for event in events:
        context = event.pgh_context or {}
        event.actor = users.get(context.get("user"))
        event.ip = context.get("ip")
