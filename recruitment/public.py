"""The public side: open to anyone, no account. A candidate reads the notices, applies before
the deadline, confirms the application from the link emailed to them, and later checks or
withdraws it with its receipt number and their CIN. Rate-limited, CSRF-protected,
size-limited; nothing here can reach another candidate's data.

An application sent here holds nothing until it is confirmed (services.application_submit):
typing someone else's CIN blocks no one, since it takes reading the mail sent to the address
given. Unconfirmed applications expire after a day and are ignored everywhere
(`Application.objects.confirmed()`); `purge_unconfirmed_applications` deletes them later."""

import datetime
import hashlib

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from entraide.addresses import client_network
from entraide.ratelimit import Limit, limited
from entraide.validators import normalise_cin

from . import selectors, services
from .forms import ApplicationForm, StatusCheckForm
from .models import Competition

RECEIPT_SESSION_KEY = "recruitment_receipt"
PENDING_SESSION_KEY = "recruitment_pending"


def _public_or_404(reference):
    competition = (
        Competition.objects.public()
        .filter(reference=reference)
        .prefetch_related("extensions", "reserved_shares")
        .first()
    )
    if competition is None:
        raise Http404
    return competition


@login_not_required
def notices(request):
    now = timezone.now()
    public = Competition.objects.public().exclude(status=Competition.Status.ARCHIVED)
    return render(
        request,
        "recruitment/public/notices.html",
        {
            "open": [c for c in public.order_by("deadline") if c.is_open(now)],
            "others": [c for c in public.order_by("-deadline") if not c.is_open(now)],
        },
    )


@login_not_required
def notice(request, reference):
    competition = _public_or_404(reference)
    lines = competition.lines.select_related("grade").prefetch_related("specialties")
    return render(
        request,
        "recruitment/public/notice.html",
        {
            "competition": competition,
            "lines": lines,
            "total_posts": sum(line.posts for line in lines),
            "is_open": competition.is_open(),
            "extensions": competition.extensions.all(),
            "stages": [(s, selectors.STAGES[s][0]) for s in selectors.public_stages(competition)],
        },
    )


def _too_large(request, competition):
    """The whole request, documents included: four documents at the competition's limit."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    return length > (4 * competition.max_upload_mb + 1) * 1024 * 1024


# What the application form counts: what signals abuse, never honest mistakes. Candidates
# share addresses (cyber-cafés, campuses, mobile operators' NAT), and each may send the form
# again after a typo: refused forms count only against a generous allowance. What a flood
# leaves behind (stored documents, confirmation emails) comes from accepted applications:
# those count per address, and per CIN within a competition.
APPLY_BURST = Limit("apply-burst", limit=10, seconds=10)  # forms sent, per address
APPLY_REFUSED = Limit("apply-refused", limit=200, seconds=3600)  # forms refused, per address
APPLY_ACCEPTED = Limit("apply-accepted", limit=60, seconds=3600)  # applications, per address
# Applications per competition and CIN: a candidate who mistyped their email applies again.
APPLY_PER_CIN = Limit("apply-cin", limit=3, seconds=3600)


def _apply_held_back(request, address):
    """The 429 answer when this address sent too much, or None. Every form sent counts
    towards the burst limit."""
    if APPLY_BURST.hit(address):
        return APPLY_BURST.refuse(
            request, _("Many application forms were sent from your connection in a few seconds.")
        )
    if APPLY_ACCEPTED.reached(address):
        return APPLY_ACCEPTED.refuse(
            request, _("Many applications were sent from your connection in the last hour.")
        )
    if APPLY_REFUSED.reached(address):
        return APPLY_REFUSED.refuse(
            request, _("Many refused forms were sent from your connection in the last hour.")
        )
    return None


def _closed(request, competition):
    """Outside the application period the page says so and shows no form; a form sent anyway
    is refused before it is read."""
    return render(
        request,
        "recruitment/public/closed.html",
        {"competition": competition, "deadline_passed": competition.deadline <= timezone.now()},
        status=403 if request.method == "POST" else 200,
    )


@login_not_required
def apply(request, reference):
    competition = _public_or_404(reference)
    if not competition.is_open():
        return _closed(request, competition)
    address = client_network(request) or "unknown"
    if request.method == "POST":
        held_back = _apply_held_back(request, address)
        if held_back is not None:
            return held_back
    if request.method == "POST" and _too_large(request, competition):
        APPLY_REFUSED.hit(address)
        body = render_to_string(
            "recruitment/public/too_large.html", {"competition": competition}, request=request
        )
        return HttpResponse(body, status=413)
    form = ApplicationForm(request.POST or None, request.FILES or None, competition=competition)
    if request.method == "POST" and form.is_valid():
        cin = normalise_cin(form.cleaned_data["cin"])
        if APPLY_PER_CIN.reached(competition.pk, cin):
            return APPLY_PER_CIN.refuse(
                request,
                _("Several applications were sent with this CIN in the last hour."),
            )
        try:
            application = services.application_submit(
                application=form.instance,
                documents=form.documents(),
                site_url=request.build_absolute_uri("/"),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            form.held_uploads.release()
            APPLY_ACCEPTED.hit(address)
            APPLY_PER_CIN.hit(competition.pk, cin)
            # What the next page says: where the link went, and until when it works.
            request.session[PENDING_SESSION_KEY] = {
                "email": application.email,
                "expires": application.confirmation_deadline.isoformat(),
            }
            return redirect("recruitment:sent", reference=competition.reference)
    status = 200
    if request.method == "POST":
        APPLY_REFUSED.hit(address)
        status = 422
        # The documents accepted are kept: sent again, the form needs only the others.
        form.keep_documents()
    return render(
        request,
        "recruitment/public/apply.html",
        {"competition": competition, "form": form, "is_open": competition.is_open()},
        status=status,
    )


@login_not_required
def sent(request, reference):
    """After applying: check your mailbox. The address comes from the session, never the URL."""
    competition = _public_or_404(reference)
    pending = request.session.get(PENDING_SESSION_KEY)
    if not pending:
        return redirect("recruitment:notice", reference=reference)
    return render(
        request,
        "recruitment/public/sent.html",
        {
            "competition": competition,
            "email": pending["email"],
            "expires": datetime.datetime.fromisoformat(pending["expires"]),
        },
    )


@login_not_required
@limited("confirm", limit=30, seconds=600, methods=("GET", "POST"))
def confirm(request, reference, token):
    """The link emailed to the candidate. Opening it shows a button: the POST confirms, so
    that a mail scanner fetching links confirms nothing."""
    competition = _public_or_404(reference)
    application = services.pending_application(token)
    if application is None or application.competition_id != competition.pk:
        return _confirmation_page(request, competition, "invalid", status=404)
    if application.confirmation_deadline <= timezone.now():
        return _confirmation_page(request, competition, "expired", status=410)
    if request.method == "POST":
        try:
            application = services.application_confirm(application=application)
        except ValidationError as error:
            state = "expired" if error.code == "expired" else "refused"
            return _confirmation_page(
                request, competition, state, status=422, errors=error.messages
            )
        request.session.pop(PENDING_SESSION_KEY, None)
        _keep_receipt(request, competition, application)
        return redirect("recruitment:receipt", reference=competition.reference)
    return _confirmation_page(request, competition, "ready", application=application)


def _confirmation_page(request, competition, state, *, status=200, errors=(), application=None):
    return render(
        request,
        "recruitment/public/confirm.html",
        {
            "competition": competition,
            "state": state,
            "errors": errors,
            "application": application,
            "is_open": competition.is_open(),
        },
        status=status,
    )


# How long the receipt stays on its page (and its PDF) in the browser that confirmed.
RECEIPT_KEPT = datetime.timedelta(hours=24)


def _keep_receipt(request, competition, application):
    """The receipt of a confirmed application, bound to the browser's session: its page can be
    reloaded and printed there, and its address names nothing (no number, no id)."""
    receipts = request.session.get(RECEIPT_SESSION_KEY)
    receipts = receipts if isinstance(receipts, dict) else {}
    receipts[competition.reference] = {
        "number": application.receipt_number,
        "until": (timezone.now() + RECEIPT_KEPT).isoformat(),
    }
    request.session[RECEIPT_SESSION_KEY] = receipts


def _receipt(request, competition):
    """The application whose receipt this session keeps for the competition, or None."""
    receipts = request.session.get(RECEIPT_SESSION_KEY)
    kept = receipts.get(competition.reference) if isinstance(receipts, dict) else None
    if not kept or datetime.datetime.fromisoformat(kept["until"]) <= timezone.now():
        return None
    return (
        competition.applications.confirmed()
        .select_related("post_line__grade")
        .filter(receipt_number=kept["number"])
        .first()
    )


@login_not_required
@never_cache
def receipt(request, reference):
    """After confirming: the receipt number, on a page that survives a reload (the number comes
    from the session, never the URL) and prints as a PDF. No name, no CIN: a receipt number
    alone opens nothing."""
    competition = _public_or_404(reference)
    application = _receipt(request, competition)
    if application is None:
        return redirect("recruitment:notice", reference=reference)
    return render(
        request,
        "recruitment/public/receipt.html",
        {
            "competition": competition,
            "application": application,
            "receipt_number": application.receipt_number,
        },
    )


@login_not_required
@limited("receipt_pdf", limit=30, seconds=600, methods=("GET", "HEAD"))
def receipt_pdf(request, reference):
    """The receipt to print or keep, as a PDF in the language of the page."""
    from entraide.pdf import render_pdf

    competition = _public_or_404(reference)
    application = _receipt(request, competition)
    if application is None:
        return redirect("recruitment:notice", reference=reference)
    pdf = render_pdf(
        "recruitment/pdf/receipt.html",
        {
            "title": _("Application receipt"),
            "competition": competition,
            "application": application,
            "generated_by": _("Entraide Nationale"),
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"{competition.reference}-{application.receipt_number}-{get_language()}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_not_required
@limited("status", limit=20, seconds=600)
def status(request):
    form = StatusCheckForm(request.POST or None)
    application = None
    if request.method == "POST" and form.is_valid():
        application = services.find_application(
            receipt_number=form.cleaned_data["receipt_number"], cin=form.cleaned_data["cin"]
        )
        if application is None:
            # The same answer whichever of the two is wrong.
            form.add_error(None, _("No application matches this receipt number and CIN."))
        elif "withdraw" in request.POST:
            try:
                application = services.application_withdraw(application=application)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                form = StatusCheckForm(request.POST)
                form.is_valid()
                form.withdrawn = True
    context = {"form": form, "application": application}
    if application is not None:
        context["stages"] = selectors.public_stages(application.competition)
    return render(request, "recruitment/public/status.html", context)


@login_not_required
@limited("lists", limit=30, seconds=600, methods=("GET", "HEAD"))
def published_list(request, reference, stage):
    """A published list as PDF, in the language of the page."""
    competition = _public_or_404(reference)
    if stage not in selectors.STAGES or not selectors.stage_is_public(competition, stage):
        raise Http404
    return list_pdf_response(request, competition, stage)


# How long a rendered list is kept at most; any change to what it shows changes its key first.
LIST_CACHE_SECONDS = 24 * 3600


def list_pdf_response(request, competition, stage):
    pdf = list_pdf(competition, stage)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"{competition.reference}-{stage}-{get_language()}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def list_pdf(competition, stage):
    """The list's PDF in the active language, rendered once per version of what it shows and
    kept in the shared cache (a database table every app server reads): on results day,
    thousands of anonymous GETs must not each cost a WeasyPrint rendering.

    The key carries the latest audit event of the competition, its posts, its applications and
    the grades (selectors.list_version): a mark changed, a result computed, a name corrected,
    on any path (raw SQL included: the events are written by triggers), and the next request
    renders the new list."""
    key = ":".join(
        [
            "recruitment:list",
            str(competition.pk),
            stage,
            get_language(),
            selectors.list_version(competition),
        ]
    )
    pdf = cache.get(key)
    if pdf is not None:
        return pdf
    # One rendering for many requests arriving together: the others wait for it here, then
    # read it from the cache.
    with transaction.atomic():
        lock = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [lock])
        pdf = cache.get(key)
        if pdf is None:
            pdf = _render_list(competition, stage)
            cache.set(key, pdf, LIST_CACHE_SECONDS)
    return pdf


def _render_list(competition, stage):
    from entraide.pdf import render_pdf

    title = selectors.STAGES[stage][0]
    rows = [
        (line, [selectors.public_row(a, competition) for a in applications])
        for line, applications in selectors.stage_list(competition, stage)
    ]
    return render_pdf(
        "recruitment/pdf/list.html",
        {
            "title": f"{title} · {competition.title}",
            "competition": competition,
            "stage": stage,
            "heading": title,
            "lines": rows,
            "generated_by": _("Entraide Nationale"),
        },
    )
