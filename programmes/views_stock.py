"""A delegation's store and the donations it received: what the store holds, what is promised
and what remains, per item, with its lots and last movements; lots received and counted;
donations and what each gave, traced to the people helped.

Reads go through `visible_to` (out of scope is a 404); a permission missing is a 403 asked
before any record is looked up. A user of a delegation sees its own store; those above
(a region, the country) choose a delegation in their scope with `?delegation=<code>`."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from entraide.scoping import get_visible_or_404
from territory.models import OrgUnit

from . import donations, forms_stock, stock
from .models import Donation, Entitlement, KitDelivery, Lot

PAGE_SIZE = 25
# The people and households listed on a donation's page: the most recent; the figures count all.
TRACE_ROWS = 50


def _delegation(request):
    """The delegation whose store the page shows: the user's own, or the one chosen among
    those in their scope (`?delegation=<code>`, 404 outside it); None when the user is above
    the delegations and has not chosen yet."""
    code = request.GET.get("delegation", "").strip()
    delegations = OrgUnit.objects.visible_to(request.user).delegations()
    if code:
        return get_visible_or_404(delegations, request.user, code=code[:40])
    unit = request.user.unit
    if unit is not None and unit.kind == OrgUnit.Kind.DELEGATION:
        return unit
    return None


def _choose(request, title):
    """The delegations in the user's scope, to choose one (users above the delegations)."""
    context = {
        "title": title,
        "delegations": OrgUnit.objects.visible_to(request.user).delegations().order_by("name"),
    }
    return render(request, "programmes/stock_choose.html", context)


def _query(delegation, request):
    """`?delegation=<code>` kept on the links of a user who chose it."""
    if request.GET.get("delegation"):
        return urlencode({"delegation": delegation.code})
    return ""


def _add_errors(form, error):
    """A service's refusal on the form's field it names, above the form otherwise."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        field = name if name in form.fields and name != NON_FIELD_ERRORS else None
        form.add_error(field, errors)


def _urls(name):
    """The URL of record `pk` for the hundreds of rows of a store: one reverse() each costs as
    much as the rest of the row, so the pattern is reversed once and the pk put in."""
    sentinel = 987654321
    head, tail = reverse(name, args=[sentinel]).split(str(sentinel))
    return lambda pk: f"{head}{pk}{tail}"


def _with_query(url, query):
    return f"{url}?{query}" if query else url


# The store ------------------------------------------------------------------------------------


@permission_required("programmes.view_lot", raise_exception=True)
def store(request):
    delegation = _delegation(request)
    if delegation is None:
        return _choose(request, _("The store of a delegation"))
    lines, movements = stock.store(delegation, user=request.user)
    count_url, donation_url = _urls("programmes:count"), _urls("programmes:donation")
    for line in lines:
        for lot in line.lots:
            lot.count_url = count_url(lot.pk)
            lot.donation_url = donation_url(lot.donation_id) if lot.donation_id else ""
    context = {
        "delegation": delegation,
        "lines": lines,
        "movements": movements,
        "total_value": sum((line.value for line in lines), 0),
        "short": sum(1 for line in lines if line.short),
        "query": _query(delegation, request),
        "can_receive": request.user.has_perm("programmes.add_lot"),
        "can_count": request.user.has_perm("programmes.add_movement"),
    }
    return render(request, "programmes/stock.html", context)


@permission_required("programmes.add_lot", raise_exception=True)
def lot_new(request):
    delegation = _delegation(request)
    if delegation is None:
        return _choose(request, _("Receive a lot"))
    form = forms_stock.LotForm(request.POST or None, delegation=delegation)
    query = _query(delegation, request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            stock.lot_in(
                delegation=delegation,
                item=data["item"],
                quantity=data["quantity"],
                actor=request.user,
                donation=data["donation"],
                purchase=data["purchase"].strip(),
                received_on=data["received_on"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The lot has been received into the store."))
            return redirect(_with_query(reverse("programmes:stock"), query))
    context = {"delegation": delegation, "form": form, "query": query}
    status = 400 if request.method == "POST" else 200
    return render(request, "programmes/lot_form.html", context, status=status)


@permission_required("programmes.add_movement", raise_exception=True)
def count(request, pk):
    lot = get_visible_or_404(
        Lot.objects.select_related("item", "donation", "delegation"), request.user, pk=pk
    )
    form = forms_stock.CountForm(request.POST or None, initial={"found": lot.left})
    query = (
        ""
        if request.user.unit_id == lot.delegation_id
        else urlencode({"delegation": lot.delegation.code})
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            stock.count(lot=lot, found=data["found"], reason=data["reason"], actor=request.user)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The count has been recorded."))
            return redirect(_with_query(reverse("programmes:stock"), query))
    context = {"lot": lot, "form": form, "query": query}
    status = 400 if request.method == "POST" else 200
    return render(request, "programmes/count_form.html", context, status=status)


# Donations ------------------------------------------------------------------------------------


@permission_required("programmes.view_donation", raise_exception=True)
def donation_list(request):
    rows = (
        Donation.objects.visible_to(request.user)
        .select_related("delegation", "programme")
        .annotate(lot_count=Count("lots"))
        .order_by("-received_on", "-pk")
    )
    delegation = None
    if request.GET.get("delegation"):
        delegation = _delegation(request)
        rows = rows.filter(delegation=delegation)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "delegation": delegation,
        "query": _query(delegation, request) if delegation else "",
        "can_record": request.user.has_perm("programmes.add_donation"),
    }
    return render(request, "programmes/donation_list.html", context)


@permission_required("programmes.add_donation", raise_exception=True)
def donation_new(request):
    delegation = _delegation(request)
    if delegation is None:
        return _choose(request, _("Record a donation"))
    form = forms_stock.DonationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            donation = donations.donation_record(
                delegation=delegation,
                donor=data["donor"],
                kind=data["kind"],
                amount=data["amount"],
                programme=data["programme"],
                received_on=data["received_on"],
                note=data["note"],
                actor=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The donation has been recorded."))
            return redirect("programmes:donation", donation.pk)
    context = {"delegation": delegation, "form": form, "query": _query(delegation, request)}
    status = 400 if request.method == "POST" else 200
    return render(request, "programmes/donation_form.html", context, status=status)


@permission_required("programmes.view_donation", raise_exception=True)
def donation(request, pk):
    """A donation and what it gave: its lots, the entitlements and kits handed out from them,
    counted (people and units); people named by their file number only."""
    donation = get_visible_or_404(
        Donation.objects.select_related("delegation", "programme", "recorded_by"),
        request.user,
        pk=pk,
    )
    trace = donations.trace(donation, user=request.user)
    entitlements = (
        Entitlement.objects.visible_to(request.user)
        .filter(lot__donation=donation, delivered_at__isnull=False)
        .select_related("person", "item", "programme")
        .order_by("-delivered_at", "-pk")[:TRACE_ROWS]
    )
    kits = (
        KitDelivery.objects.visible_to(request.user)
        .filter(lot__donation=donation)
        .select_related("household__emergency", "household__head", "lot__item")
        .order_by("-delivered_at", "-pk")[:TRACE_ROWS]
    )
    context = {
        "donation": donation,
        "trace": trace,
        "entitlements": list(entitlements),
        "kits": list(kits),
        "rows_shown": TRACE_ROWS,
        "can_receive": request.user.has_perm("programmes.add_lot"),
        "query": ""
        if request.user.unit_id == donation.delegation_id
        else urlencode({"delegation": donation.delegation.code}),
    }
    return render(request, "programmes/donation.html", context)


urlpatterns = [
    path("stock/", store, name="stock"),
    path("stock/in/", lot_new, name="lot_new"),
    path("stock/lots/<int:pk>/count/", count, name="count"),
    path("donations/", donation_list, name="donations"),
    path("donations/new/", donation_new, name="donation_new"),
    path("donations/<int:pk>/", donation, name="donation"),
]
