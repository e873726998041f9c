"""The public side: open to anyone, no account. A candidate reads the notices, applies before
the deadline, and later checks or withdraws their application with its receipt number and
their CIN. Rate-limited, CSRF-protected, size-limited; nothing here can reach another
candidate's data."""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from entraide.ratelimit import limited

from . import selectors, services
from .forms import ApplicationForm, StatusCheckForm
from .models import Competition

RECEIPT_SESSION_KEY = "recruitment_receipt"


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


@login_not_required
@limited("apply", limit=10, seconds=3600)
def apply(request, reference):
    competition = _public_or_404(reference)
    if request.method == "POST" and _too_large(request, competition):
        body = render_to_string(
            "recruitment/public/too_large.html", {"competition": competition}, request=request
        )
        return HttpResponse(body, status=413)
    form = ApplicationForm(request.POST or None, request.FILES or None, competition=competition)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_submit(
                application=form.instance, documents=form.documents()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            request.session[RECEIPT_SESSION_KEY] = application.receipt_number
            return redirect("recruitment:receipt", reference=competition.reference)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "recruitment/public/apply.html",
        {"competition": competition, "form": form, "is_open": competition.is_open()},
        status=status,
    )


@login_not_required
def receipt(request, reference):
    """Shown once, right after applying: the number comes from the session, never the URL."""
    competition = _public_or_404(reference)
    number = request.session.pop(RECEIPT_SESSION_KEY, None)
    if number is None:
        return redirect("recruitment:notice", reference=reference)
    return render(
        request,
        "recruitment/public/receipt.html",
        {"competition": competition, "receipt_number": number},
    )


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
def published_list(request, reference, stage):
    """A published list as PDF, in the language of the page."""
    competition = _public_or_404(reference)
    if stage not in selectors.STAGES or not selectors.stage_is_public(competition, stage):
        raise Http404
    return list_pdf_response(request, competition, stage)


def list_pdf_response(request, competition, stage):
    from entraide.pdf import render_pdf

    title = selectors.STAGES[stage][0]
    rows = [
        (line, [selectors.public_row(a, competition) for a in applications])
        for line, applications in selectors.stage_list(competition, stage)
    ]
    pdf = render_pdf(
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
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"{competition.reference}-{stage}-{get_language()}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
