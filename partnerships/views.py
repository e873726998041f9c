import datetime

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q, Sum
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from entraide.actions import bound, error_text, perform
from entraide.audit import record_access
from entraide.exports import IDENTIFIER, Cell, csv_response, xlsx_response
from entraide.models import AccessEvent
from entraide.protection import may_read
from entraide.scoping import get_visible_or_404

from . import forms, selectors, services
from .models import (
    Amendment,
    Association,
    Commitment,
    ControlCampaign,
    Convention,
    Inspection,
    OwedReport,
    Partner,
    Recommendation,
    Tranche,
)

PAGE_SIZE = 50


def _query_without_page(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _list_page(request, template, form, queryset, **extra):
    page = Paginator(form.filter(queryset), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "query": _query_without_page(request), **extra}
    return render(request, template, context)


def _export(request, fmt, name, header, rows):
    """A list as on screen but without pages: scoped by the caller, recorded, formula-safe."""
    record_access(
        action=AccessEvent.Action.EXPORT,
        request=request,
        detail={"what": name, "format": fmt, "filters": request.GET.dict()},
    )
    if fmt == "xlsx":
        return xlsx_response(f"{name}.xlsx", header, rows, title=name)
    return csv_response(f"{name}.csv", header, rows)


# Associations ---------------------------------------------------------------------------------


def _associations(user):
    return Association.objects.visible_to(user).select_related("delegation", "province__region")


@permission_required("partnerships.view_association", raise_exception=True)
def association_list(request):
    form = forms.AssociationFilterForm(request.GET or None, user=request.user)
    return _list_page(
        request,
        "partnerships/association_list.html",
        form,
        _associations(request.user),
        can_add=request.user.has_perm("partnerships.add_association"),
    )


ASSOCIATION_HEADER = [
    "registration_number",
    "name_ar",
    "name_fr",
    "acronym",
    "legal_status",
    "public_utility",
    "delegation",
    "province",
    "region",
    "president",
    "phone",
    "email",
    "status",
]


@permission_required("partnerships.view_association", raise_exception=True)
def association_export(request, fmt):
    form = forms.AssociationFilterForm(request.GET or None, user=request.user)
    rows = (
        (
            a.registration_number,
            a.name_ar,
            a.name_fr,
            a.acronym,
            a.get_legal_status_display(),
            _("yes") if a.public_utility else _("no"),
            a.delegation.code,
            a.province.name,
            a.province.region.name,
            a.president,
            a.phone,
            a.email,
            a.get_status_display(),
        )
        for a in form.filter(_associations(request.user)).iterator(chunk_size=1000)
    )
    return _export(request, fmt, "associations", ASSOCIATION_HEADER, rows)


@permission_required("partnerships.view_association", raise_exception=True)
def association_detail(request, pk):
    association = get_visible_or_404(
        _associations(request.user).prefetch_related("fields_of_action", "target_groups"),
        request.user,
        pk=pk,
    )
    conventions = (
        Convention.objects.visible_to(request.user)
        .filter(associations=association)
        .select_related("signing_unit")
        .annotate(paid=Sum("tranches__paid_amount"))
    )
    centres = (
        association.conventions.filter(
            kind=Convention.Kind.CENTRE_MANAGEMENT, status__in=Convention.ACTIVE
        )
        .values_list("centres", flat=True)
        .distinct()
    )
    from centres.models import Centre

    context = {
        "association": association,
        "conventions": conventions,
        "centres": Centre.objects.visible_to(request.user)
        .filter(pk__in=centres)
        .select_related("type"),
        "tranches": Tranche.objects.visible_to(request.user)
        .filter(convention__associations=association, paid_on__isnull=False)
        .select_related("convention")
        .order_by("-paid_on"),
        "inspections": Inspection.objects.visible_to(request.user)
        .filter(
            Q(association=association)
            | Q(convention__associations=association)
            | Q(centre__in=centres)
        )
        .distinct()
        .select_related("team", "convention", "centre"),
        "can_edit": request.user.has_perm("partnerships.change_association"),
        "can_see_bank": may_read(request.user, association, "bank_account", association),
    }
    context["paid_total"] = sum(t.paid_amount for t in context["tranches"])
    return render(request, "partnerships/association_detail.html", context)


def _edit_association(request, association):
    form = forms.AssociationForm(request.POST or None, instance=association, user=request.user)
    if request.method == "POST" and form.is_valid():
        association = services.association_save(form=form, actor=request.user)
        messages.success(request, _("The association has been saved."))
        return redirect(association)
    return render(
        request,
        "partnerships/form.html",
        {"form": form, "object": association, "kind": "association"},
    )


@permission_required("partnerships.add_association", raise_exception=True)
def association_create(request):
    return _edit_association(request, None)


@permission_required("partnerships.change_association", raise_exception=True)
def association_edit(request, pk):
    return _edit_association(request, get_visible_or_404(Association, request.user, pk=pk))


# Conventions ----------------------------------------------------------------------------------


def _conventions(user):
    return Convention.objects.visible_to(user).select_related("signing_unit")


@permission_required("partnerships.view_convention", raise_exception=True)
def convention_list(request):
    form = forms.ConventionFilterForm(request.GET or None, user=request.user)
    conventions = _conventions(request.user).prefetch_related("associations")
    return _list_page(
        request,
        "partnerships/convention_list.html",
        form,
        conventions,
        can_add=request.user.has_perm("partnerships.add_convention"),
    )


CONVENTION_HEADER = [
    "reference",
    "title_ar",
    "title_fr",
    "kind",
    "signing_unit",
    "associations",
    "start",
    "end",
    "status",
    "en_contribution",
    "partners_contribution",
]


@permission_required("partnerships.view_convention", raise_exception=True)
def convention_export(request, fmt):
    form = forms.ConventionFilterForm(request.GET or None, user=request.user)
    conventions = form.filter(_conventions(request.user)).prefetch_related("associations")
    rows = (
        (
            c.reference,
            c.title_ar,
            c.title_fr,
            c.get_kind_display(),
            c.signing_unit.code,
            " | ".join(a.registration_number for a in c.associations.all()),
            c.start_date,
            c.end_date,
            c.get_status_display(),
            c.en_contribution,
            c.partners_contribution,
        )
        for c in conventions.iterator(chunk_size=1000)
    )
    return _export(request, fmt, "conventions", CONVENTION_HEADER, rows)


def _edit_convention(request, convention):
    form = forms.ConventionForm(
        request.POST or None, request.FILES or None, instance=convention, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            convention = services.convention_save(form=form, actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The convention has been saved."))
            return redirect(convention)
    return render(
        request,
        "partnerships/form.html",
        {"form": form, "object": convention, "kind": "convention"},
    )


@permission_required("partnerships.add_convention", raise_exception=True)
def convention_create(request):
    return _edit_convention(request, None)


@permission_required("partnerships.change_convention", raise_exception=True)
def convention_edit(request, pk):
    return _edit_convention(request, get_visible_or_404(Convention, request.user, pk=pk))


def context_can_override(user):
    return user.has_perm("partnerships.override_tranche_block")


def _ids(action, item=""):
    """The ids of one small form of the convention page: several forms share field names
    (kind, due_date, signed_on, document), and a label must point at its own field."""
    return f"id_{action}{item}_%s"


def _convention_context(request, convention, **forms_shown):
    tranches = list(convention.tranches.select_related("condition_report", "paid_by"))
    reports = list(convention.reports.all())
    planned = sum(t.planned_amount for t in tranches)
    paid = sum(t.paid_amount or 0 for t in tranches)
    blocking = [r for r in reports if r.is_overdue]
    user = request.user
    can_change = user.has_perm("partnerships.change_convention")
    context = {
        "convention": convention,
        "partners": convention.partners.all(),
        "commitments": convention.commitments.all(),
        "tranches": tranches,
        "reports": reports,
        "amendments": convention.amendments.select_related("recorded_by"),
        "inspections": convention.inspections.visible_to(user).select_related("team"),
        "planned": planned,
        "paid": paid,
        "remaining": convention.en_contribution - planned,
        "blocking": blocking,
        "next_tranche": next((t for t in tranches if not t.is_paid), None),
        "can_change": can_change,
        "can_pay": user.has_perm("partnerships.pay_tranche")
        and convention.status in Convention.ACTIVE,
        "can_override": user.has_perm("partnerships.override_tranche_block"),
        "status_form": forms.StatusForm(
            initial={"status": (convention.next_statuses() or [""])[0]}, auto_id=_ids("status")
        ),
        "partner_form": forms.PartnerForm(auto_id=_ids("partner")),
        "commitment_form": forms.CommitmentForm(convention=convention, auto_id=_ids("commitment")),
        "tranche_form": forms.TrancheForm(convention=convention, auto_id=_ids("tranche")),
        "report_form": forms.ReportForm(auto_id=_ids("report")),
        "amendment_form": forms.AmendmentForm(auto_id=_ids("amendment")),
        "document_form": forms.DocumentForm(auto_id=_ids("document")),
    }
    failed = forms_shown.pop("failed", None)
    for tranche in tranches:
        if not tranche.is_paid:
            tranche.pay_form = failed if getattr(failed, "tranche_pk", None) == tranche.pk else None
            tranche.pay_form = tranche.pay_form or forms.PaymentForm(
                auto_id=_ids("pay", tranche.pk), initial={"amount": tranche.planned_amount}
            )
            if not (blocking and context_can_override(user)):
                tranche.pay_form.fields.pop("override_reason", None)
    for report in reports:
        if report.received_on is None:
            report.receive_form = (
                failed if getattr(failed, "report_pk", None) == report.pk else None
            ) or forms.ReportReceiveForm(instance=report, auto_id=_ids("receive", report.pk))
    context["status_form"].fields["status"].choices = [
        (s, Convention.Status(s).label) for s in convention.next_statuses()
    ]
    context.update(forms_shown)
    return context


@permission_required("partnerships.view_convention", raise_exception=True)
def convention_detail(request, pk):
    convention = get_visible_or_404(
        _conventions(request.user).prefetch_related(
            "associations", "centres", "partners", "commitments"
        ),
        request.user,
        pk=pk,
    )
    return render(
        request, "partnerships/convention_detail.html", _convention_context(request, convention)
    )


def _status(request, convention):
    form = forms.StatusForm(request.POST, auto_id=_ids("status"))
    if not form.is_valid():
        raise ValidationError(_("Choose the new status."))
    services.convention_change_status(
        convention=convention,
        status=form.cleaned_data["status"],
        reason=form.cleaned_data["reason"],
        signed_on=form.cleaned_data["signed_on"],
        actor=request.user,
    )
    return _("The convention's status has been changed.")


def _document(request, convention):
    form = forms.DocumentForm(request.POST, request.FILES, auto_id=_ids("document"))
    bound(form, "document_form", request)
    services.convention_document(
        convention=convention, upload=form.cleaned_data["document"], actor=request.user
    )
    return _("The signed document has been attached.")


def _partner(request, convention):
    form = forms.PartnerForm(
        request.POST, instance=Partner(convention=convention), auto_id=_ids("partner")
    )
    bound(form, "partner_form", request)
    services.partner_add(partner=form.instance, actor=request.user)
    return _("The partner has been added.")


def _commitment(request, convention):
    form = forms.CommitmentForm(
        request.POST,
        instance=Commitment(convention=convention),
        convention=convention,
        auto_id=_ids("commitment"),
    )
    bound(form, "commitment_form", request)
    services.commitment_save(commitment=form.instance, actor=request.user)
    return _("The commitment has been added.")


def _tick(request, convention):
    commitment = _child(convention.commitments, request)
    form = forms.CommitmentTickForm(request.POST, instance=commitment)
    bound(form, "tick_form", request)
    services.commitment_save(commitment=form.instance, actor=request.user)
    return _("The commitment has been updated.")


def _tranche(request, convention):
    form = forms.TrancheForm(
        request.POST,
        instance=Tranche(convention=convention),
        convention=convention,
        auto_id=_ids("tranche"),
    )
    bound(form, "tranche_form", request)
    services.tranche_save(tranche=form.instance, actor=request.user)
    return _("The tranche has been planned.")


def _pay(request, convention):
    if not request.user.has_perm("partnerships.pay_tranche"):
        raise PermissionDenied
    tranche = _child(convention.tranches, request)
    form = forms.PaymentForm(request.POST, auto_id=_ids("pay", tranche.pk))
    form.tranche_pk = tranche.pk
    bound(form, "failed", request)
    data = form.cleaned_data
    services.tranche_pay(
        tranche=tranche,
        amount=data["amount"],
        paid_on=data["paid_on"],
        reference=data["reference"],
        override_reason=data["override_reason"],
        actor=request.user,
    )
    return _("The payment of the tranche has been recorded.")


def _report(request, convention):
    form = forms.ReportForm(
        request.POST, instance=OwedReport(convention=convention), auto_id=_ids("report")
    )
    bound(form, "report_form", request)
    services.report_save(report=form.instance, actor=request.user)
    return _("The report owed has been added.")


def _receive(request, convention):
    report = _child(convention.reports, request)
    form = forms.ReportReceiveForm(
        request.POST, request.FILES, instance=report, auto_id=_ids("receive", report.pk)
    )
    form.report_pk = report.pk
    bound(form, "failed", request)
    services.report_save(report=form.instance, actor=request.user)
    return _("The report has been recorded as received.")


def _amendment(request, convention):
    form = forms.AmendmentForm(
        request.POST,
        request.FILES,
        instance=Amendment(convention=convention),
        auto_id=_ids("amendment"),
    )
    bound(form, "amendment_form", request)
    services.amendment_add(amendment=form.instance, actor=request.user)
    return _("The amendment has been recorded and applied.")


def _child(related, request):
    try:
        return related.get(pk=int(request.POST.get("item", "")))
    except (ValueError, related.model.DoesNotExist):
        raise Http404 from None


CONVENTION_ACTIONS = {
    "status": _status,
    "document": _document,
    "partner": _partner,
    "commitment": _commitment,
    "tick": _tick,
    "tranche": _tranche,
    "pay": _pay,
    "report": _report,
    "receive": _receive,
    "amendment": _amendment,
}


@require_POST
@permission_required("partnerships.change_convention", raise_exception=True)
def convention_action(request, pk, action):
    """One of the convention page's small forms."""
    handler = CONVENTION_ACTIONS.get(action)
    if handler is None:
        raise Http404
    convention = get_visible_or_404(Convention, request.user, pk=pk)

    def page_again(shown):
        again = get_visible_or_404(
            _conventions(request.user).prefetch_related("associations", "centres"),
            request.user,
            pk=pk,
        )
        context = _convention_context(request, again, **shown)
        context["failed_action"] = action
        context["failed_item"] = request.POST.get("item", "")
        return render(request, "partnerships/convention_detail.html", context, status=422)

    return perform(
        request, handler, convention, page_again, f"{convention.get_absolute_url()}#{action}"
    )


# Documents ------------------------------------------------------------------------------------

DOCUMENTS = {
    "convention": (Convention, "signed_document", "partnerships.view_convention"),
    "report": (OwedReport, "document", "partnerships.view_owedreport"),
    "amendment": (Amendment, "document", "partnerships.view_amendment"),
    "inspection": (Inspection, "report", "partnerships.view_inspection"),
}


def document_download(request, kind, pk):
    """A stored document, through scoping; every download is recorded."""
    if kind not in DOCUMENTS:
        raise Http404
    model, field, permission = DOCUMENTS[kind]
    if not request.user.has_perm(permission):
        raise PermissionDenied
    obj = get_visible_or_404(model, request.user, pk=pk)
    stored = getattr(obj, field)
    if not stored:
        raise Http404
    record_access(action=AccessEvent.Action.DOWNLOAD, request=request, obj=obj)
    suffix = stored.name.rsplit(".", 1)[-1]
    return FileResponse(stored.open("rb"), as_attachment=True, filename=f"{kind}-{pk}.{suffix}")


# Control --------------------------------------------------------------------------------------


def _inspections(user):
    return Inspection.objects.visible_to(user).select_related(
        "association", "convention", "centre", "team", "campaign"
    )


@permission_required("partnerships.view_inspection", raise_exception=True)
def inspection_list(request):
    form = forms.InspectionFilterForm(request.GET or None, user=request.user)
    inspections = _inspections(request.user).annotate(
        open_count=Count(
            "recommendations",
            filter=Q(
                recommendations__status__in=[
                    Recommendation.Status.OPEN,
                    Recommendation.Status.ONGOING,
                ]
            ),
        )
    )
    return _list_page(
        request,
        "partnerships/inspection_list.html",
        form,
        inspections,
        can_add=request.user.has_perm("partnerships.add_inspection"),
    )


INSPECTION_HEADER = [
    "id",
    "subject",
    "association",
    "convention",
    "centre",
    "team",
    "planned_date",
    "done_on",
    "status",
    "conclusion",
    "campaign",
]


@permission_required("partnerships.view_inspection", raise_exception=True)
def inspection_export(request, fmt):
    form = forms.InspectionFilterForm(request.GET or None, user=request.user)
    rows = (
        (
            Cell(i.pk, IDENTIFIER),
            i.get_subject_display(),
            i.association.registration_number if i.association else "",
            i.convention.reference if i.convention else "",
            i.centre.code if i.centre else "",
            i.team.code,
            i.planned_date,
            i.done_on,
            i.get_status_display(),
            i.get_conclusion_display(),
            str(i.campaign or ""),
        )
        for i in form.filter(_inspections(request.user)).iterator(chunk_size=1000)
    )
    return _export(request, fmt, "inspections", INSPECTION_HEADER, rows)


@permission_required("partnerships.add_inspection", raise_exception=True)
def inspection_create(request):
    initial = {"planned_date": timezone.localdate() + datetime.timedelta(days=14)}
    for name in ("association", "convention", "centre"):
        if request.GET.get(name):
            initial.update(subject=name, **{name: request.GET[name]})
    form = forms.InspectionForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            inspection = services.inspection_save(inspection=form.instance, actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The inspection has been planned."))
            return redirect(inspection)
    return render(
        request, "partnerships/form.html", {"form": form, "object": None, "kind": "inspection"}
    )


def _inspection_context(request, inspection, **shown):
    return {
        "inspection": inspection,
        "recommendations": inspection.recommendations.all(),
        "can_change": request.user.has_perm("partnerships.change_inspection"),
        "result_form": forms.InspectionResultForm(instance=inspection),
        "recommendation_form": forms.RecommendationForm(),
        "follow_up_form": forms.RecommendationFollowUpForm(),
        **shown,
    }


@permission_required("partnerships.view_inspection", raise_exception=True)
def inspection_detail(request, pk):
    inspection = get_visible_or_404(_inspections(request.user), request.user, pk=pk)
    return render(
        request,
        "partnerships/inspection_detail.html",
        _inspection_context(request, inspection),
    )


def _result(request, inspection):
    form = forms.InspectionResultForm(request.POST, request.FILES, instance=inspection)
    bound(form, "result_form", request)
    services.inspection_save(inspection=form.instance, actor=request.user)
    return _("The inspection has been updated.")


def _recommendation(request, inspection):
    form = forms.RecommendationForm(request.POST, instance=Recommendation(inspection=inspection))
    bound(form, "recommendation_form", request)
    services.recommendation_save(recommendation=form.instance, actor=request.user)
    return _("The recommendation has been added.")


def _follow_up(request, inspection):
    recommendation = _child(inspection.recommendations, request)
    form = forms.RecommendationFollowUpForm(request.POST, instance=recommendation)
    bound(form, "follow_up_form", request)
    services.recommendation_save(recommendation=form.instance, actor=request.user)
    return _("The follow-up has been recorded.")


INSPECTION_ACTIONS = {
    "result": _result,
    "recommendation": _recommendation,
    "follow_up": _follow_up,
}


@require_POST
@permission_required("partnerships.change_inspection", raise_exception=True)
def inspection_action(request, pk, action):
    handler = INSPECTION_ACTIONS.get(action)
    if handler is None:
        raise Http404
    inspection = get_visible_or_404(_inspections(request.user), request.user, pk=pk)

    def page_again(shown):
        again = get_visible_or_404(_inspections(request.user), request.user, pk=pk)
        context = _inspection_context(request, again, **shown)
        return render(request, "partnerships/inspection_detail.html", context, status=422)

    return perform(request, handler, inspection, page_again, inspection.get_absolute_url())


@permission_required("partnerships.view_controlcampaign", raise_exception=True)
def campaign_list(request):
    campaigns = (
        ControlCampaign.objects.visible_to(request.user)
        .select_related("unit")
        .annotate(
            drawn=Count("inspections"),
            concluded=Count(
                "inspections",
                filter=Q(
                    inspections__status__in=[Inspection.Status.DONE, Inspection.Status.CLOSED]
                ),
            ),
        )
    )
    form = forms.CampaignForm(request.POST or None, user=request.user)
    can_add = request.user.has_perm("partnerships.add_controlcampaign")
    if request.method == "POST":
        if not can_add:
            raise PermissionDenied
        if form.is_valid():
            campaign = form.save(commit=False)
            campaign.created_by = request.user
            from entraide.audit import acting_as

            with acting_as(request.user):
                campaign.save()
            messages.success(request, _("The campaign has been created: draw its sample."))
            return redirect(campaign)
    return render(
        request,
        "partnerships/campaign_list.html",
        {"campaigns": campaigns, "form": form, "can_add": can_add},
    )


@permission_required("partnerships.view_controlcampaign", raise_exception=True)
def campaign_detail(request, pk):
    campaign = get_visible_or_404(
        ControlCampaign.objects.select_related("unit"), request.user, pk=pk
    )
    form = forms.DrawForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if not request.user.has_perm("partnerships.change_controlcampaign"):
            raise PermissionDenied
        if form.is_valid():
            try:
                services.campaign_draw(
                    campaign=campaign,
                    team=form.cleaned_data["team"],
                    planned_date=form.cleaned_data["planned_date"],
                    actor=request.user,
                )
            except ValidationError as error:
                messages.error(request, error_text(error))
            else:
                messages.success(request, _("The sample has been drawn."))
                return redirect(campaign)
    inspections = (
        campaign.inspections.visible_to(request.user)
        .select_related("association__delegation", "team")
        .prefetch_related(
            Prefetch("recommendations", queryset=Recommendation.objects.open(), to_attr="open")
        )
        .order_by("-risk_score", "association__name_ar")
    )
    by_status = {s: 0 for s, _label in Inspection.Status.choices}
    for inspection in inspections:
        by_status[inspection.status] += 1
    return render(
        request,
        "partnerships/campaign_detail.html",
        {
            "campaign": campaign,
            "inspections": inspections,
            "by_status": [(Inspection.Status(s).label, n) for s, n in by_status.items()],
            "funded_count": services.funded_associations(campaign).count()
            if campaign.drawn_at is None
            else None,
            "form": form,
            "can_draw": request.user.has_perm("partnerships.change_controlcampaign")
            and campaign.drawn_at is None,
        },
    )


# Work list and figures ------------------------------------------------------------------------


@permission_required("partnerships.view_convention", raise_exception=True)
def work(request):
    return render(request, "partnerships/work.html", selectors.work_items(request.user))


def _year(request):
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = timezone.localdate().year
    return max(2000, min(year, 2100))


FIGURES_HEADER = ["unit", "code", "conventions_in_force", "committed_mad", "paid_mad"]


@permission_required("partnerships.view_convention", raise_exception=True)
def figures(request, fmt=None):
    year = _year(request)
    rows, total = selectors.figures_by_unit(request.user, year)
    if fmt:
        lines = []
        for group in rows:
            label = str(group.unit) if group.unit else _("Central services")
            code = group.unit.code if group.unit else ""
            lines.append((label, code, group.in_force, group.committed, group.paid))
            lines += [
                (str(c.unit), c.unit.code, c.in_force, c.committed, c.paid) for c in group.children
            ]
        lines.append((_("Total"), "", total.in_force, total.committed, total.paid))
        return _export(request, fmt, f"partnership-figures-{year}", FIGURES_HEADER, iter(lines))
    return render(
        request,
        "partnerships/figures.html",
        {"rows": rows, "total": total, "year": year, "years": range(year - 3, year + 2)},
    )
