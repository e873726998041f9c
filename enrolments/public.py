"""The public side: a certificate of training checked by its verification code, without an
account (an employer, a school, the holder). The page says whether the certificate is genuine
and shows what the paper shows to be compared with it: its number, the holder's names, the
section, the centre, the date of completion; nothing else of the person.

Rate-limited per address: the codes are 60 bits drawn at random (services), so guessing is
hopeless, and codes that find nothing count more than the checks that do, so that a
workplace checking many certificates from one connection is not held back."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from entraide.addresses import client_network
from entraide.ratelimit import Limit, limited

from .forms import VerifyForm, normalise_code
from .models import Enrolment

# Every check from an address, then the codes that matched nothing.
CHECKS = Limit("certificate-checks", limit=120, seconds=600)
MISSES = Limit("certificate-misses", limit=20, seconds=600)


@login_not_required
@limited("certificate-form", limit=60, seconds=600, methods=("GET", "POST"))
def verify(request):
    """The form where anyone types a certificate's code; sent (a GET, nothing changes), the
    code's own page."""
    form = VerifyForm(request.GET if "code" in request.GET else None)
    if form.is_valid():
        return redirect("enrolments:verified", code=form.cleaned_data["code"])
    status = 400 if form.is_bound else 200
    return render(request, "enrolments/verify.html", {"form": form}, status=status)


@login_not_required
@never_cache
def verified(request, code):
    address = client_network(request) or "unknown"
    if CHECKS.hit(address):
        return CHECKS.refuse(request, _("Many certificates were checked from your connection."))
    if MISSES.reached(address):
        return MISSES.refuse(
            request, _("Many codes that match no certificate were typed from your connection.")
        )
    code = normalise_code(code)
    if not code.isalnum():
        # Letters and digits only, as the form asks (VerifyForm): a NUL byte typed in the
        # address would be refused by PostgreSQL with an error page.
        code = ""
    enrolment = (
        Enrolment.objects.filter(
            certificate_code=code,
            certificate_number__isnull=False,
            status=Enrolment.Status.LEFT,
        )
        .select_related("person", "section__centre")
        .first()
        if code
        else None
    )
    if enrolment is None:
        MISSES.hit(address)
    context = {
        "enrolment": enrolment,
        "form": VerifyForm(initial={"code": code}),
    }
    return render(request, "enrolments/verified.html", context, status=200 if enrolment else 404)
