"""Emergencies' pages: the list, a new emergency, an emergency's figures by commune and its
households (searched by name or CIN) with the kit of the round to hand, the light
registration form used on a phone in the field, the daily situation report (PDF, XLSX).

Reads go through `visible_to` (out of scope is a 404); a permission missing is a 403 asked
before any record is looked up; every write is one service of `emergencies`."""

import datetime
import re

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q, Value
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beneficiaries.selectors import name_key_of
from entraide.audit import record_access
from entraide.models import AccessEvent
from entraide.scoping import get_visible_or_404
from entraide.validators import CIN_PATTERN, normalise_cin

from . import emergencies
from . import forms_emergencies as forms
from .models import Emergency, Household, KitDelivery

PER_PAGE = 25


def _emergency(request, pk):
    return get_visible_or_404(
        Emergency.objects.select_related("delegation", "province", "kit", "programme"),
        request.user,
        pk=pk,
    )


def _add_errors(form, error):
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


# The list and a new emergency ----------------------------------------------------------------


@permission_required("programmes.view_emergency", raise_exception=True)
def emergency_list(request):
    listed = (
        Emergency.objects.visible_to(request.user)
        .select_related("delegation", "province")
        .annotate(household_count=Count("households"))
        .order_by("closed_on", "-started_on", "-pk")
    )
    page = Paginator(listed, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "programmes/emergencies.html", {"page": page, "querystring": ""})


@permission_required("programmes.add_emergency", raise_exception=True)
def emergency_new(request):
    form = forms.EmergencyForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            emergency = emergencies.emergency_create(**form.cleaned_data, actor=request.user)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The emergency has been declared."))
            return redirect(emergency)
    status = 400 if request.method == "POST" else 200
    return render(request, "programmes/emergency_form.html", {"form": form}, status=status)


# An emergency --------------------------------------------------------------------------------


def _search(households, query):
    """The households whose head is named so (a part of the name as written, or the whole
    name as it sounds, in either script), or whose CIN it is."""
    text = " ".join((query or "").split())
    if not text:
        return households
    cin = normalise_cin(text)
    if any(c.isdigit() for c in cin) and re.match(CIN_PATTERN, cin):
        return households.filter(cin=cin)
    written = Q(head_name__icontains=text)
    keys = [key for key in name_key_of([text]) if len(key) >= emergencies.SHORTEST_KEY]
    if not keys:
        return households.filter(written)
    return households.filter(written | Q(head_key__in=keys))


def _selected_round(request, rounds):
    try:
        chosen = int(request.GET.get("round", ""))
    except ValueError:
        chosen = None
    # By default the latest round begun (the one but last offered).
    return chosen if chosen in rounds else rounds[-2]


@permission_required("programmes.view_emergency", raise_exception=True)
def emergency(request, pk):
    """The emergency's figures by commune and its households, the kit of the chosen round
    handed or to hand."""
    emergency = _emergency(request, pk)
    situation = emergencies.situation(emergency)
    rounds = emergencies.rounds_open(emergency)
    chosen = _selected_round(request, rounds)
    search = forms.HouseholdSearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    given = KitDelivery.objects.filter(household=OuterRef("pk"), round=chosen)
    households = _search(
        Household.objects.filter(emergency=emergency).select_related("head"), query
    ).annotate(given=Exists(given), kit_round=Value(chosen))
    page = Paginator(households.order_by("commune", "head_name", "pk"), PER_PAGE).get_page(
        request.GET.get("page")
    )
    user = request.user
    context = {
        "emergency": emergency,
        "situation": situation,
        "rounds": rounds,
        "round": chosen,
        "next_round": rounds[-1],
        "search": search,
        "query": query,
        "page": page,
        "querystring": _querystring(query=query, round=chosen),
        "can_register": emergency.is_open and user.has_perm("programmes.add_household"),
        "can_give": emergency.is_open and user.has_perm("programmes.add_kitdelivery"),
        "can_open_round": emergency.is_open and user.has_perm("programmes.change_emergency"),
    }
    return render(request, "programmes/emergency.html", context)


def _querystring(**params):
    from urllib.parse import urlencode

    return urlencode({k: v for k, v in params.items() if v})


# Registering a household ---------------------------------------------------------------------


@permission_required("programmes.add_household", raise_exception=True)
def household_new(request, pk):
    """The light form of the field: a few big fields in one column, a household registered
    in a few queries whatever the size of the emergency. A CIN already registered is refused
    with a link to that household; a head whose name sounds like one of the same commune is
    shown with them, and registered only on confirming."""
    emergency = _emergency(request, pk)
    if not emergency.is_open:
        messages.error(request, _("This emergency is closed."))
        return redirect(emergency)
    form = forms.HouseholdForm(request.POST or None, emergency=emergency)
    alike, existing = [], None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            household = emergencies.household_register(
                emergency=emergency, actor=request.user, **data
            )
        except emergencies.LikelySameHousehold as error:
            alike = error.households
        except emergencies.HouseholdAlreadyRegistered as error:
            existing = error.household
            _add_errors(form, error)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("The household of %(name)s has been registered.") % {"name": household.head_name},
            )
            return redirect("programmes:household_new", emergency.pk)
    context = {
        "emergency": emergency,
        "form": form,
        "alike": alike,
        "existing": existing,
        "existing_url": _household_url(existing) if existing else "",
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "programmes/household_form.html", context, status=status)


def _household_url(household):
    url = reverse("programmes:emergency", args=[household.emergency_id])
    query = household.cin or household.head_name
    return f"{url}?{_querystring(q=query)}#household-{household.pk}"


# Kits and rounds -----------------------------------------------------------------------------


@require_POST
@permission_required("programmes.add_kitdelivery", raise_exception=True)
def kit(request, pk, household):
    """The kit of a round handed to the household, out of the delegation's store."""
    found = get_visible_or_404(
        Household.objects.select_related("emergency__delegation", "emergency__kit"),
        request.user,
        pk=household,
        emergency_id=pk,
    )
    form = forms.KitForm(request.POST, rounds=emergencies.rounds_open(found.emergency))
    if not form.is_valid():
        messages.error(request, _("Choose a round."))
    else:
        chosen = form.cleaned_data["round"]
        try:
            emergencies.kit_give(household=found, round=chosen, actor=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("The kit of round %(round)s has been handed to %(name)s.")
                % {"round": chosen, "name": found.head_name},
            )
    back = request.POST.get("next", "")
    base = reverse("programmes:emergency", args=[pk])
    # Back to the page the kit was handed from: the same search and page (ours only).
    if not back.startswith(base + "?"):
        back = base
    return redirect(f"{back}#household-{found.pk}")


@require_POST
@permission_required("programmes.change_emergency", raise_exception=True)
def round_next(request, pk):
    """The next round opened: the emergency's page offers its kits (emergencies.rounds_open
    says why a round is chosen with each kit rather than kept on the emergency)."""
    emergency = _emergency(request, pk)
    if not emergency.is_open:
        messages.error(request, _("This emergency is closed."))
        return redirect(emergency)
    opened = emergencies.rounds_open(emergency)[-1]
    messages.success(request, _("Round %(round)s is open.") % {"round": opened})
    return redirect(f"{emergency.get_absolute_url()}?{_querystring(round=opened)}")


# The situation report ------------------------------------------------------------------------


def _report_day(request):
    try:
        return datetime.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        return timezone.localdate()


def _situation(request, pk, fmt):
    emergency = _emergency(request, pk)
    day = _report_day(request)
    record_access(
        action=AccessEvent.Action.EXPORT,
        request=request,
        obj=emergency,
        detail={"what": "situation", "format": fmt, "day": day.isoformat()},
    )
    return emergency, emergencies.situation(emergency, day)


@permission_required("programmes.view_emergency", raise_exception=True)
def situation(request, pk):
    """The daily situation report, in Arabic and French on one page."""
    from entraide.pdf import render_pdf

    emergency, report = _situation(request, pk, "pdf")
    pdf = render_pdf(
        "programmes/situation_pdf.html",
        {
            "title": _("Situation report of %(day)s") % {"day": report.day.isoformat()},
            "emergency": emergency,
            "report": report,
        },
        request=request,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"situation-{emergency.pk}-{report.day.isoformat()}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@permission_required("programmes.view_emergency", raise_exception=True)
def situation_xlsx(request, pk):
    """The daily situation report as a sheet: a line per commune, then the totals and the
    kits left in the store."""
    from entraide.exports import xlsx_response

    emergency, report = _situation(request, pk, "xlsx")
    header = [_("Commune"), _("Households"), _("People")]
    for r in report.rounds:
        header += [
            _("Kits of round %(round)s") % {"round": r},
            _("Kits of round %(round)s that day") % {"round": r},
        ]
    header += [_("Kits"), _("Kits that day")]

    def line(figures):
        row = [figures.commune, figures.households, figures.people]
        for _r, kits, on_day in figures.per_round:
            row += [kits, on_day]
        return [*row, figures.kits_total, figures.kits_on_day_total]

    rows = [line(figures) for figures in report.communes]
    rows.append(line(report.total))
    rows.append([_("Kits left in the store"), report.stock_left])
    name = f"situation-{emergency.pk}-{report.day.isoformat()}.xlsx"
    response = xlsx_response(name, header, rows, title=str(report.day))
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns = [
    path("emergencies/", emergency_list, name="emergencies"),
    path("emergencies/new/", emergency_new, name="emergency_new"),
    path("emergencies/<int:pk>/", emergency, name="emergency"),
    path("emergencies/<int:pk>/register/", household_new, name="household_new"),
    path(
        "emergencies/<int:pk>/households/<int:household>/kit/",
        kit,
        name="kit",
    ),
    path("emergencies/<int:pk>/round/", round_next, name="round_next"),
    path("emergencies/<int:pk>/situation.pdf", situation, name="situation"),
    path("emergencies/<int:pk>/situation.xlsx", situation_xlsx, name="situation_xlsx"),
]
