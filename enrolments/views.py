"""The register's pages: a centre's sections, each section's people placed and waiting, a
person's enrolment with where they stand on the list and why, the decisions about them
(admission, priority, withdrawal, exit) and the certificate of those who completed.

Reads go through `visible_to` (out of scope is a 404); a permission missing is a 403 asked
before any record is looked up; writing takes `perms.can_keep` on the section's centre (a
centre manager keeps only the centres they manage) and one service of `services`."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from centres.models import Centre
from entraide.audit import record_access
from entraide.models import AccessEvent
from entraide.scoping import get_visible_or_404

from . import forms, perms, selectors, services
from .models import Enrolment, Section

BY_NAME = ("person__last_name_lat", "person__first_name_lat", "person__last_name_ar", "pk")


def _centre(request, code):
    return get_visible_or_404(Centre.objects.select_related("delegation"), request.user, code=code)


def _section(request, pk):
    return get_visible_or_404(
        Section.objects.select_related("centre__delegation"), request.user, pk=pk
    )


def _enrolment(request, pk, **lookup):
    return get_visible_or_404(
        Enrolment.objects.select_related("section__centre__delegation", "person", "target_group"),
        request.user,
        pk=pk,
        **lookup,
    )


def _keeper(request, centre, permission):
    """Writing to a centre's register: its managers (for that centre only) and its delegation."""
    if not perms.can_keep(request.user, centre, permission):
        raise PermissionDenied


def _add_errors(form, error):
    """A service's refusal on the form's field it names, above the form otherwise."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        field = name if name in form.fields and name != NON_FIELD_ERRORS else None
        form.add_error(field, errors)


def _may(user, centre):
    """What the user may do in the centre's register, for the pages' buttons."""
    return {
        "can_add_section": perms.can_keep(user, centre, "enrolments.add_section"),
        "can_edit_section": perms.can_keep(user, centre, "enrolments.change_section"),
        "can_place": perms.can_keep(user, centre, "enrolments.add_enrolment"),
        "can_change": perms.can_keep(user, centre, "enrolments.change_enrolment"),
        "can_admit": perms.can_keep(user, centre, "enrolments.admit_enrolment"),
        "can_call_roll": perms.can_keep(user, centre, "enrolments.add_rollcall"),
    }


# A centre's register -------------------------------------------------------------------------


@permission_required("enrolments.view_section", raise_exception=True)
def centre(request, code):
    """The centre's sections of the season running today, with their places and waiting
    lists; those of the seasons to come and gone below, more discreetly."""
    centre = _centre(request, code)
    today = timezone.localdate()
    sections = Section.objects.filter(centre=centre).annotate(
        waiting=Count("enrolments", filter=Q(enrolments__status=Enrolment.Status.WAITING))
    )
    context = {
        "centre": centre,
        "today": today,
        "current": list(sections.of_season(today).order_by("name", "pk")),
        "coming": list(sections.filter(starts_on__gt=today).order_by("starts_on", "name", "pk")),
        "earlier": list(sections.filter(ends_on__lt=today).order_by("-starts_on", "name", "pk")),
        **_may(request.user, centre),
    }
    return render(request, "enrolments/centre.html", context)


def _section_form_page(request, centre, section=None):
    form = forms.SectionForm(request.POST or None, instance=section, centre=centre)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.section_save(form=form, actor=request.user)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if section is None:
                messages.success(request, _("The section has been created."))
            else:
                messages.success(request, _("The section has been saved."))
            return redirect(saved)
    context = {"centre": centre, "section": section, "form": form}
    status = 400 if request.method == "POST" else 200
    return render(request, "enrolments/section_form.html", context, status=status)


@permission_required("enrolments.add_section", raise_exception=True)
def section_new(request, code):
    centre = _centre(request, code)
    _keeper(request, centre, "enrolments.add_section")
    return _section_form_page(request, centre)


@permission_required("enrolments.change_section", raise_exception=True)
def section_edit(request, pk):
    section = _section(request, pk)
    _keeper(request, section.centre, "enrolments.change_section")
    return _section_form_page(request, section.centre, section)


# A section ----------------------------------------------------------------------------------


@permission_required("enrolments.view_section", raise_exception=True)
def section(request, pk):
    """The people placed in the section with their attendance over the season, the waiting
    list in its order, and those who left."""
    section = _section(request, pk)
    placed = section.enrolments.placed()
    rates = selectors.rates(placed, section.starts_on, section.ends_on)
    people = list(placed.select_related("person").order_by(*BY_NAME))
    for enrolment in people:
        enrolment.present, enrolment.called = rates.get(enrolment.pk, (0, 0))
        enrolment.rate = selectors.rate(enrolment.present, enrolment.called)
    left = (
        section.enrolments.filter(status=Enrolment.Status.LEFT)
        .select_related("person")
        .order_by("-left_on", *BY_NAME)
    )
    context = {
        "section": section,
        "centre": section.centre,
        "placed": people,
        "waiting": list(selectors.waiting_list(section)),
        "priority_order": Enrolment.PRIORITY,
        "left": list(left),
        "is_over": section.ends_on < timezone.localdate(),
        **_may(request.user, section.centre),
    }
    return render(request, "enrolments/section.html", context)


@permission_required("enrolments.add_enrolment", raise_exception=True)
def wait(request, pk):
    """Place a person on the section's waiting list. `?person=<file number>` fills in who."""
    section = _section(request, pk)
    _keeper(request, section.centre, "enrolments.add_enrolment")
    initial = {"person": request.GET.get("person", "")[:30]}
    form = forms.WaitForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            enrolment = services.wait(
                section=section,
                person=data["person"],
                actor=request.user,
                target_group=data["target_group"],
                vulnerability=data["vulnerability"],
                requested_on=data["requested_on"],
                note=data["note"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The person has been placed on the waiting list."))
            return redirect(enrolment)
    context = {"section": section, "centre": section.centre, "form": form}
    status = 400 if request.method == "POST" else 200
    return render(request, "enrolments/wait.html", context, status=status)


# An enrolment -------------------------------------------------------------------------------


def _enrolment_page(request, enrolment, *, admit_form=None, withdraw_form=None, status=200):
    """The enrolment's page; shown again (422) with the refused form of an action."""
    section = enrolment.section
    standing = selectors.standing(enrolment)
    ahead = standing.position - 1 if standing else 0
    months = [
        {
            "month": month,
            "present": present,
            "called": called,
            "rate": selectors.rate(present, called),
        }
        for month, present, called in selectors.monthly_rates(enrolment)
    ]
    present = sum(row["present"] for row in months)
    called = sum(row["called"] for row in months)
    context = {
        "enrolment": enrolment,
        "person": enrolment.person,
        "section": section,
        "centre": section.centre,
        "standing": standing,
        "priority_order": Enrolment.PRIORITY,
        "changes": enrolment.list_changes.select_related("by"),
        "months": months,
        "present": present,
        "called": called,
        "rate": selectors.rate(present, called),
        "full_message": services.full_message(section) if section.free == 0 else "",
        "admit_form": admit_form or forms.AdmitForm(ahead=ahead),
        "withdraw_form": withdraw_form or forms.WithdrawForm(),
        **_may(request.user, section.centre),
    }
    return render(request, "enrolments/enrolment.html", context, status=status)


@permission_required("enrolments.view_enrolment", raise_exception=True)
def enrolment(request, pk):
    return _enrolment_page(request, _enrolment(request, pk))


@require_POST
@permission_required("enrolments.admit_enrolment", raise_exception=True)
def admit(request, pk):
    """Give the person a place. With people before them on the list, the reason is required
    and recorded; a full section refuses and says why."""
    enrolment = _enrolment(request, pk)
    _keeper(request, enrolment.section.centre, "enrolments.admit_enrolment")
    standing = selectors.standing(enrolment)
    form = forms.AdmitForm(request.POST, ahead=standing.position - 1 if standing else 0)
    if form.is_valid():
        try:
            services.admit(
                enrolment=enrolment, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The person has been admitted."))
            return redirect(enrolment)
    return _enrolment_page(request, enrolment, admit_form=form, status=422)


@require_POST
@permission_required("enrolments.change_enrolment", raise_exception=True)
def withdraw(request, pk):
    """Take the person off the waiting list, with the reason."""
    enrolment = _enrolment(request, pk)
    _keeper(request, enrolment.section.centre, "enrolments.change_enrolment")
    form = forms.WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.withdraw(
                enrolment=enrolment, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The person has been withdrawn from the waiting list."))
            return redirect(enrolment)
    return _enrolment_page(request, enrolment, withdraw_form=form, status=422)


@permission_required("enrolments.change_enrolment", raise_exception=True)
def priority(request, pk):
    """Change what orders a waiting person (target group, vulnerability), with the reason."""
    enrolment = _enrolment(request, pk)
    _keeper(request, enrolment.section.centre, "enrolments.change_enrolment")
    if enrolment.status != Enrolment.Status.WAITING:
        messages.error(request, _("Only the priority of a person waiting can change."))
        return redirect(enrolment)
    initial = {"target_group": enrolment.target_group, "vulnerability": enrolment.vulnerability}
    form = forms.PriorityForm(request.POST or None, enrolment=enrolment, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.priority_change(
                enrolment=enrolment,
                actor=request.user,
                target_group=data["target_group"],
                vulnerability=data["vulnerability"],
                reason=data["reason"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The priority has been changed."))
            return redirect(enrolment)
    context = {
        "enrolment": enrolment,
        "person": enrolment.person,
        "section": enrolment.section,
        "centre": enrolment.section.centre,
        "standing": selectors.standing(enrolment),
        "priority_order": Enrolment.PRIORITY,
        "form": form,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "enrolments/priority.html", context, status=status)


@permission_required("enrolments.admit_enrolment", raise_exception=True)
def exit(request, pk):  # noqa: A001 - the register's word, as in services
    """A placed person leaves, with the outcome; who completes a section that delivers a
    certificate gets its number."""
    enrolment = _enrolment(request, pk)
    _keeper(request, enrolment.section.centre, "enrolments.admit_enrolment")
    if not enrolment.is_placed:
        messages.error(request, _("Only a person admitted or attending can leave."))
        return redirect(enrolment)
    # A section whose season ended: its last day, the latest an exit may be dated.
    last_day = min(timezone.localdate(), enrolment.section.ends_on)
    form = forms.ExitForm(request.POST or None, initial={"left_on": last_day})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            left = services.exit(
                enrolment=enrolment,
                actor=request.user,
                outcome=data["outcome"],
                on=data["left_on"],
                note=data["note"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if left.certificate_number:
                messages.success(
                    request,
                    _("The exit has been recorded. Certificate %(number)s has been issued.")
                    % {"number": left.certificate_number},
                )
            else:
                messages.success(request, _("The exit has been recorded."))
            return redirect(left)
    context = {
        "enrolment": enrolment,
        "person": enrolment.person,
        "section": enrolment.section,
        "centre": enrolment.section.centre,
        "form": form,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "enrolments/exit.html", context, status=status)


# The certificate ----------------------------------------------------------------------------


def grouped(code):
    """A verification code as printed: in groups of four, easier to read out and type."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


@permission_required("enrolments.view_enrolment", raise_exception=True)
def certificate(request, pk):
    """The certificate of training, in Arabic and French on one page, with what anyone needs
    to check it on the public page (its code and address). Recorded as an export."""
    from entraide.pdf import render_pdf

    enrolment = _enrolment(request, pk, certificate_number__isnull=False)
    verify_urls = {}
    for language in ("ar", "fr"):
        with translation.override(language):
            path = reverse("enrolments:verified", args=[enrolment.certificate_code])
        verify_urls[language] = request.build_absolute_uri(path)
    record_access(
        action=AccessEvent.Action.EXPORT,
        request=request,
        obj=enrolment,
        detail={"what": "certificate", "format": "pdf", "number": enrolment.certificate_number},
    )
    section = enrolment.section
    pdf = render_pdf(
        "enrolments/certificate_pdf.html",
        {
            "title": _("Certificate of training %(number)s")
            % {"number": enrolment.certificate_number},
            "enrolment": enrolment,
            "person": enrolment.person,
            "section": section,
            "centre": section.centre,
            "code": grouped(enrolment.certificate_code),
            "verify_urls": verify_urls,
        },
        request=request,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{enrolment.certificate_number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
