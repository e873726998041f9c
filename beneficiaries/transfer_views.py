"""Pages of the files that move between delegations: a transfer asked by the owning side, a
request for a file found elsewhere (transfer or read access), the requests of both sides and
the deciding delegate's answer, and the file as read under a read access."""

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from entraide.scoping import get_visible_or_404

from . import forms, services
from .models import Beneficiary, CaseFile, Consent, FileRequest
from .views import Page, _person

# The files found elsewhere that a user may ask for, by a token of their session: the page
# never holds the file's number or id.
SESSION_KEY = "files_elsewhere"
OFFERS_KEPT = 20


def offer_elsewhere(request, person_pk, asked_about):
    """A token for the request form of a file that exists outside the user's scope: the
    session keeps which file it names, the page only the token."""
    offers = request.session.get(SESSION_KEY, {})
    token = secrets.token_urlsafe(16)
    offers[token] = {"pk": person_pk, "about": asked_about[:200]}
    request.session[SESSION_KEY] = dict(list(offers.items())[-OFFERS_KEPT:])
    return forms.ElsewhereRequestForm(initial={"token": token}, user=request.user)


@permission_required("beneficiaries.change_beneficiary", raise_exception=True)
def transfer_new(request, file_number):
    person = _person(request, file_number)
    form = forms.TransferForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        try:
            file_request = services.transfer_request(
                beneficiary=person,
                to=form.cleaned_data["to"],
                province=form.cleaned_data["province"],
                reason=form.cleaned_data["reason"],
                override_reason=form.cleaned_data["override_reason"],
                actor=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, _("The transfer is asked: the receiving delegate is told and decides.")
            )
            return redirect("beneficiaries:file_request", pk=file_request.pk)
    status = 400 if form.errors else 200
    context = {
        "person": person,
        "form": form,
        "consents_sharing": person.consents_to(Consent.Purpose.SHARING),
    }
    return render(request, "beneficiaries/transfer_form.html", context, status=status)


@require_POST
@permission_required("beneficiaries.add_beneficiary", raise_exception=True)
def request_elsewhere(request):
    form = forms.ElsewhereRequestForm(request.POST, user=request.user)
    offer = request.session.get(SESSION_KEY, {}).get(request.POST.get("elsewhere-token", ""))
    if offer is None:
        messages.error(request, _("This request has expired: search for the person again."))
        return redirect("beneficiaries:search")
    if form.is_valid():
        person = get_object_or_404(Beneficiary, pk=offer["pk"])
        try:
            file_request = services.file_request_elsewhere(
                beneficiary=person,
                kind=form.cleaned_data["kind"],
                province=form.cleaned_data["province"],
                reason=form.cleaned_data["reason"],
                asked_about=offer["about"],
                actor=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, _("Your request is sent to the delegation that holds the file.")
            )
            return redirect("beneficiaries:file_request", pk=file_request.pk)
    return render(request, "beneficiaries/elsewhere_form.html", {"form": form}, status=400)


@login_required
def file_requests(request):
    """The requests about files of the user's delegation, either side: those awaiting the
    user's decision first."""
    user = request.user
    if not user.has_perm("beneficiaries.view_beneficiary"):
        raise PermissionDenied
    to_decide = FileRequest.objects.to_decide_by(user).select_related(
        "owner", "other", "requested_by"
    )
    others = (
        FileRequest.objects.visible_to(user)
        .exclude(pk__in=to_decide.values("pk"))
        .select_related("owner", "other", "requested_by")
    )
    context = {"to_decide": list(to_decide), "page": Page(others, request.GET.get("page"))}
    return render(request, "beneficiaries/file_requests.html", context)


def _request(request, pk):
    return get_visible_or_404(
        FileRequest.objects.select_related(
            "beneficiary__delegation",
            "beneficiary__province",
            "owner",
            "other",
            "province",
            "requested_by",
            "decided_by",
        ),
        request.user,
        pk=pk,
    )


@login_required
def file_request(request, pk):
    """One request, as each side may read it: the owning side sees whose file it is; the
    other side, before the owner agrees to a request it made, only what it typed to find
    it."""
    user = request.user
    if not user.has_perm("beneficiaries.view_beneficiary"):
        raise PermissionDenied
    file_request = _request(request, pk)
    deciding = FileRequest.objects.to_decide_by(user).filter(pk=pk).exists()
    form = forms.DecisionForm(request.POST or None)
    if request.method == "POST":
        try:
            answer = request.POST.get("answer")
            if answer == "cancel":
                services.file_request_cancel(request=file_request, actor=user)
                messages.success(request, _("The request is cancelled."))
            elif not deciding:
                raise Http404
            elif answer == "accept" and form.is_valid():
                services.file_request_accept(
                    request=file_request,
                    actor=user,
                    override_reason=form.cleaned_data["override_reason"],
                )
                messages.success(request, _("The request is accepted: whoever asked is told."))
            elif answer == "refuse" and form.is_valid():
                services.file_request_refuse(
                    request=file_request, actor=user, note=form.cleaned_data["refusal_note"]
                )
                messages.success(request, _("The request is refused: whoever asked is told why."))
            else:
                raise ValidationError(_("Choose an answer."))
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return redirect("beneficiaries:file_request", pk=pk)
    person = file_request.beneficiary
    owner_side = Beneficiary.objects.visible_to(user).filter(pk=person.pk).exists()
    # The receiving delegate of a transfer the owner asked for reads who it is about, as
    # the owner chose to share it; the side that asked for a file it may not see, nothing.
    shows_person = owner_side or (deciding and file_request.asked_by_owner)
    context = {
        "request_": file_request,
        "person": person if shows_person else None,
        "owner_side": owner_side,
        "deciding": deciding,
        "needs_override": deciding
        and not file_request.asked_by_owner
        and not person.consents_to(Consent.Purpose.SHARING),
        "may_cancel": file_request.state == FileRequest.State.REQUESTED
        and file_request.requested_by_id == user.pk,
        "form": form,
        "open_cases": CaseFile.objects.filter(beneficiary=person)
        .exclude(status=CaseFile.Status.CLOSED)
        .count()
        if shows_person
        else None,
    }
    status = 400 if form.errors else 200
    return render(request, "beneficiaries/file_request.html", context, status=status)


@login_required
def shared_file(request, pk):
    """The file, read-only, for the one who was granted read access, while it lasts."""
    if not request.user.has_perm("beneficiaries.view_beneficiary"):
        raise PermissionDenied
    file_request = get_object_or_404(
        FileRequest.objects.select_related("beneficiary__province", "owner"),
        pk=pk,
        requested_by=request.user,
        kind=FileRequest.Kind.READ,
    )
    if not file_request.read_granted:
        raise Http404
    person = file_request.beneficiary
    context = {
        "request_": file_request,
        "person": person,
        "cases": person.cases.select_related("worker").order_by("-opened_on", "-pk"),
    }
    return render(request, "beneficiaries/shared_file.html", context)


def _add_errors(form, error):
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)
