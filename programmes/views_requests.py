"""The pages of aid requests: the programmes open to requests and their rules, a request
recorded from a person's file (with whether the person is eligible, and why not, before it is
saved), the requests of one's unit, the delegation committee's meetings where they are decided
one by one, the minutes in Arabic and French, the delivery against a signed receipt.

Reads go through `visible_to` (out of scope is a 404); a permission missing is a 403 asked
before any record is looked up; every write is one function of `programmes.requests`."""

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import path, register_converter
from django.utils.translation import gettext as _

from beneficiaries.models import Attachment, Beneficiary
from entraide.audit import record_access
from entraide.models import AccessEvent
from entraide.scoping import get_visible_or_404
from entraide.validators import DOCUMENT_TYPES

from . import requests as services
from .forms_requests import (
    DecisionForm,
    DeliverForm,
    MeetingForm,
    RequestFilterForm,
    RequestForm,
)
from .models import AidRequest, Budget, CommitteeMeeting, Entitlement, Programme, this_cycle

PAGE_SIZE = 25
PENDING = (AidRequest.Status.RECORDED, AidRequest.Status.WAITING_BUDGET)


def _add_errors(form, error):
    """A service's refusal on the form's field it names, above the form otherwise."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        field = name if name in form.fields and name != NON_FIELD_ERRORS else None
        form.add_error(field, errors)


def _requests():
    return AidRequest.objects.select_related("programme", "person", "delegation", "meeting")


def _entitlements():
    return Entitlement.objects.select_related("item", "lot", "delivered_by").order_by("pk")


# Programmes ----------------------------------------------------------------------------------


def _with_rules(programmes):
    """Each programme with its rules in words (`rule_words`), the names they cite read once."""
    programmes = list(programmes)
    words = services.rules_in_words([rule for p in programmes for rule in p.rules.all()])
    at = 0
    for programme in programmes:
        count = len(programme.rules.all())
        programme.rule_words = words[at : at + count]
        at += count
    return programmes


def _programme(code):
    # Programmes are national: everyone who may read them reads them all.
    programme = Programme.objects.prefetch_related("rules").filter(code=code).first()
    if programme is None:
        raise Http404
    return programme


@permission_required("programmes.view_programme", raise_exception=True)
def programme_list(request):
    """The programmes open to requests, their rules in words, and this year's budget of the
    user's unit for each, when it has one."""
    programmes = _with_rules(Programme.objects.filter(is_open=True).prefetch_related("rules"))
    budgets = {}
    if request.user.unit_id:
        budgets = dict(
            Budget.objects.filter(unit=request.user.unit_id, year=this_cycle()).values_list(
                "programme_id", "amount"
            )
        )
    for programme in programmes:
        programme.budget = budgets.get(programme.pk)
    context = {"programmes": programmes, "year": this_cycle(), "unit": request.user.unit}
    return render(request, "programmes/programmes.html", context)


@permission_required("programmes.view_programme", raise_exception=True)
def programme(request, code):
    programme = _programme(code)
    (programme,) = _with_rules([programme])
    budgets = (
        Budget.objects.visible_to(request.user)
        .filter(programme=programme, year=this_cycle())
        .select_related("unit")
        .order_by("unit__code")
    )
    recent = []
    if request.user.has_perm("programmes.view_aidrequest"):
        recent = list(_requests().visible_to(request.user).filter(programme=programme)[:PAGE_SIZE])
    kinds = dict(Attachment.Kind.choices)
    context = {
        "programme": programme,
        "documents": [kinds.get(kind, kind) for kind in programme.documents_required],
        "budgets": list(budgets),
        "year": this_cycle(),
        "recent": recent,
    }
    return render(request, "programmes/programme.html", context)


# Requests ------------------------------------------------------------------------------------


@permission_required("programmes.add_aidrequest", raise_exception=True)
def request_new(request, file_number):
    """Record a person's request from their file. "Check" shows whether the person is
    eligible, and why not, without saving; "Record" saves it for the committee."""
    person = get_visible_or_404(
        Beneficiary.objects.select_related("delegation", "province"),
        request.user,
        file_number=file_number,
    )
    initial = {}
    if request.GET.get("programme"):
        initial["programme"] = Programme.objects.filter(
            code=request.GET["programme"][:40], is_open=True
        ).first()
    form = RequestForm(request.POST or None, initial=initial)
    reasons, checked = [], False
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            unmet = services.check(data["programme"], person, data["monthly_income"])
            reasons, checked = services.why_not(unmet), True
            if request.POST.get("action") == "record":
                try:
                    aid_request = services.request_record(
                        programme=data["programme"],
                        person=person,
                        actor=request.user,
                        need=data["need"],
                        monthly_income=data["monthly_income"],
                    )
                except ValidationError as error:
                    _add_errors(form, error)
                    status = 422
                else:
                    messages.success(request, _("The request has been recorded."))
                    return redirect(aid_request)
        else:
            status = 400
    context = {"person": person, "form": form, "checked": checked, "reasons": reasons}
    return render(request, "programmes/request_form.html", context, status=status)


@permission_required("programmes.view_aidrequest", raise_exception=True)
def request_list(request):
    """The requests of the user's unit, by status and programme."""
    rows = _requests().visible_to(request.user)
    form = RequestFilterForm(request.GET or None)
    if form.is_valid():
        if form.cleaned_data["status"]:
            rows = rows.filter(status=form.cleaned_data["status"])
        if form.cleaned_data["programme"]:
            rows = rows.filter(programme=form.cleaned_data["programme"])
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "programmes/requests.html", context)


@permission_required("programmes.view_aidrequest", raise_exception=True)
def request_detail(request, pk):
    aid_request = get_visible_or_404(_requests(), request.user, pk=pk)
    context = {
        "aid_request": aid_request,
        "person": aid_request.person,
        "reasons": services.why_not(aid_request.unmet),
        "entitlements": list(
            aid_request.entitlements.all().select_related("item", "lot", "delivered_by")
        ),
        "can_deliver": request.user.has_perm("programmes.change_entitlement"),
    }
    return render(request, "programmes/request.html", context)


# The committee -------------------------------------------------------------------------------


@permission_required("programmes.add_committeemeeting", raise_exception=True)
def meeting_new(request):
    form = MeetingForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                meeting = services.meeting_open(
                    delegation=data["delegation"],
                    held_on=data["held_on"],
                    members=data["members"],
                    actor=request.user,
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("The meeting has been recorded."))
                return redirect(meeting)
    return render(request, "programmes/meeting_form.html", {"form": form}, status=status)


def _meeting(request, pk):
    return get_visible_or_404(
        CommitteeMeeting.objects.select_related("delegation", "created_by"), request.user, pk=pk
    )


def _decided(meeting):
    return list(
        meeting.decisions.select_related("programme", "person")
        .prefetch_related(Prefetch("entitlements", queryset=_entitlements()))
        .order_by("pk")
    )


@permission_required("programmes.view_committeemeeting", raise_exception=True)
def meeting(request, pk):
    """The meeting, the decisions it took, and (for those who decide) the delegation's
    requests awaiting a decision, each with its own small form. A POST decides one."""
    if request.method == "POST" and not request.user.has_perm("programmes.change_aidrequest"):
        raise PermissionDenied
    meeting = _meeting(request, pk)
    can_decide = request.user.has_perm("programmes.change_aidrequest")
    refused = None
    if request.method == "POST":
        try:
            request_pk = int(request.POST.get("request", ""))
        except ValueError:
            return HttpResponseBadRequest(_("Say which request is decided."))
        aid_request = get_visible_or_404(
            _requests(), request.user, pk=request_pk, delegation=meeting.delegation_id
        )
        form = DecisionForm(request.POST, aid_request=aid_request)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.decide(
                    request=aid_request,
                    meeting=meeting,
                    decision=data["decision"],
                    reason=data["reason"],
                    actor=request.user,
                    entitlement=form.entitlement(),
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The decision on %(number)s has been recorded.")
                    % {"number": aid_request.person.file_number},
                )
                return redirect(meeting)
        refused = form
    pending = []
    if can_decide:
        rows = (
            _requests()
            .visible_to(request.user)
            .filter(delegation=meeting.delegation_id, status__in=PENDING)
            .order_by("requested_on", "pk")
        )
        for row in rows:
            row.reasons = services.why_not(row.unmet)
            if refused is not None and refused.aid_request.pk == row.pk:
                row.form = refused
            else:
                row.form = DecisionForm(aid_request=row)
            pending.append(row)
    context = {
        "meeting": meeting,
        "decided": _decided(meeting),
        "pending": pending,
        "can_decide": can_decide,
        # At the top level too, so that the page's error summary lists it (base.html).
        "decision_form": refused,
    }
    return render(
        request, "programmes/meeting.html", context, status=422 if refused is not None else 200
    )


@permission_required("programmes.view_committeemeeting", raise_exception=True)
def minutes(request, pk):
    """The meeting's minutes, in Arabic and in French on the same pages: the members present
    and every decision. Recorded as an export."""
    from entraide.pdf import render_pdf

    meeting = _meeting(request, pk)
    decided = _decided(meeting)
    record_access(
        action=AccessEvent.Action.EXPORT,
        request=request,
        obj=meeting,
        detail={"what": "minutes", "format": "pdf", "decisions": len(decided)},
    )
    pdf = render_pdf(
        "programmes/minutes_pdf.html",
        {
            "title": _("Minutes of the committee of %(date)s")
            % {"date": meeting.held_on.isoformat()},
            "meeting": meeting,
            "decided": decided,
        },
        request=request,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"minutes-{meeting.delegation.code}-{meeting.held_on:%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


# Delivery ------------------------------------------------------------------------------------


def _entitlement(request, pk, **lookup):
    return get_visible_or_404(
        Entitlement.objects.select_related(
            "request__person", "request__programme", "request__delegation", "item", "lot"
        ),
        request.user,
        pk=pk,
        **lookup,
    )


@permission_required("programmes.change_entitlement", raise_exception=True)
def deliver(request, pk):
    """Hand over the entitlement against the person's signed receipt, scanned."""
    entitlement = _entitlement(request, pk)
    aid_request = entitlement.request
    if entitlement.delivered_at is not None:
        messages.info(request, _("This entitlement has already been delivered."))
        return redirect(aid_request)
    form = DeliverForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.deliver(
                    entitlement=entitlement,
                    actor=request.user,
                    receipt_file=form.cleaned_data["receipt"],
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("The delivery has been recorded."))
                return redirect(aid_request)
    held = None
    if entitlement.item_id:
        from . import stock

        held = stock.held(aid_request.delegation, entitlement.item)
    context = {
        "entitlement": entitlement,
        "aid_request": aid_request,
        "person": aid_request.person,
        "form": form,
        "held": held,
    }
    return render(request, "programmes/deliver.html", context, status=status)


@permission_required("programmes.view_entitlement", raise_exception=True)
def receipt(request, pk):
    """The signed receipt of a delivery: a private file, served to those who see the request,
    and the download recorded."""
    entitlement = _entitlement(request, pk, delivered_at__isnull=False)
    if not entitlement.receipt:
        raise Http404
    record_access(
        action=AccessEvent.Action.DOWNLOAD,
        request=request,
        obj=entitlement,
        detail={"what": "receipt"},
    )
    suffix = Path(entitlement.receipt.name).suffix.lower()
    response = FileResponse(
        entitlement.receipt.open("rb"),
        as_attachment=True,
        filename=f"{entitlement.request.person.file_number}-receipt{suffix}",
        content_type=DOCUMENT_TYPES.get(suffix, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# URLs ----------------------------------------------------------------------------------------


class ProgrammeCodeConverter:
    """A programme's code, the last segment-level path of the app: programmes.urls puts these
    patterns before the other modules' (views_stock, views_emergencies), so a code never
    stands for the first segment of one of their paths ("stock/", "emergencies/")."""

    regex = "[-a-zA-Z0-9_]+"

    def to_python(self, value):
        if value in _taken_segments():
            raise ValueError(value)  # not a match: the next patterns are tried
        return value

    def to_url(self, value):
        return value


def _taken_segments():
    from . import views_emergencies, views_stock

    segments = set()
    for pattern in [*views_stock.urlpatterns, *views_emergencies.urlpatterns]:
        first = str(pattern.pattern).split("/", 1)[0]
        if first and "<" not in first:
            segments.add(first)
    return segments


register_converter(ProgrammeCodeConverter, "programme_code")

urlpatterns = [
    path("", programme_list, name="list"),
    path("requests/", request_list, name="requests"),
    path("requests/new/<str:file_number>/", request_new, name="request_new"),
    path("requests/<int:pk>/", request_detail, name="request"),
    path("committee/new/", meeting_new, name="meeting_new"),
    path("committee/<int:pk>/", meeting, name="meeting"),
    path("committee/<int:pk>/minutes.pdf", minutes, name="minutes"),
    path("entitlements/<int:pk>/deliver/", deliver, name="deliver"),
    path("entitlements/<int:pk>/receipt/", receipt, name="receipt"),
    # Last: a code is whatever the fixed paths above (and the other modules') are not.
    path("<programme_code:code>/", programme, name="programme"),
]
