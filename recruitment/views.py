"""The staff side of competitions: the notice and its posts, the deadline, screening, marks,
results and the published lists."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from entraide.actions import bound, perform
from entraide.audit import record_access
from entraide.exports import xlsx_response
from entraide.models import AccessEvent
from entraide.protection import may_read
from entraide.scoping import get_visible_or_404

from . import forms, selectors, services
from .models import Application, ApplicationDocument, Competition, PostLine, ReservedShare
from .public import list_pdf_response

PAGE_SIZE = 50


def _competition(request, reference):
    return get_visible_or_404(
        Competition.objects.select_related("unit"), request.user, reference=reference
    )


@permission_required("recruitment.view_competition", raise_exception=True)
def competition_list(request):
    competitions = (
        Competition.objects.visible_to(request.user)
        .select_related("unit")
        .annotate(
            posts=Subquery(
                # No ordering: modeltranslation's manager writes PostLine's Meta ordering out,
                # which would split the sum by competition and line.
                PostLine.objects.filter(competition=OuterRef("pk"))
                .order_by()
                .values("competition")
                .annotate(total=Sum("posts"))
                .values("total")
            ),
            received=Count("applications", filter=Q(applications__confirmed_at__isnull=False)),
        )
    )
    return render(
        request,
        "recruitment/competition_list.html",
        {
            "competitions": competitions,
            "can_add": request.user.has_perm("recruitment.add_competition"),
        },
    )


def _edit(request, competition):
    form = forms.CompetitionForm(request.POST or None, instance=competition, user=request.user)
    if request.method == "POST" and form.is_valid():
        competition = services.competition_save(form=form, actor=request.user)
        messages.success(request, _("The competition has been saved."))
        return redirect(competition)
    return render(
        request, "recruitment/competition_form.html", {"form": form, "competition": competition}
    )


@permission_required("recruitment.add_competition", raise_exception=True)
def competition_create(request):
    return _edit(request, None)


@permission_required("recruitment.change_competition", raise_exception=True)
def competition_edit(request, reference):
    return _edit(request, _competition(request, reference))


def _detail_context(request, competition, **shown):
    lines = competition.lines.select_related("grade").prefetch_related("specialties")
    status_form = forms.StatusForm()
    status_form.fields["status"].choices = [
        (s, Competition.Status(s).label) for s in competition.next_statuses()
    ]
    context = {
        "competition": competition,
        "lines": lines,
        "total_posts": sum(line.posts for line in lines),
        "shares": competition.reserved_shares.all(),
        "extensions": competition.extensions.select_related("recorded_by"),
        "figures": selectors.figures(competition),
        "stages": [(s, selectors.STAGES[s][0]) for s in selectors.STAGES],
        "can_change": request.user.has_perm("recruitment.change_competition"),
        "can_edit_lines": request.user.has_perm("recruitment.change_postline"),
        "can_delete_lines": request.user.has_perm("recruitment.delete_postline"),
        "lines_editable": competition.status == Competition.Status.DRAFT
        and (
            request.user.has_perm("recruitment.change_postline")
            or request.user.has_perm("recruitment.delete_postline")
        ),
        "can_mark": request.user.has_perm("recruitment.enter_marks"),
        "status_form": status_form,
        "line_form": forms.PostLineForm(),
        "share_form": forms.ReservedShareForm(),
        "extension_form": forms.ExtensionForm(),
        **shown,
    }
    return context


@permission_required("recruitment.view_competition", raise_exception=True)
def competition_detail(request, reference):
    competition = _competition(request, reference)
    return render(
        request, "recruitment/competition_detail.html", _detail_context(request, competition)
    )


def _status(request, competition):
    data = bound(forms.StatusForm(request.POST), "status_form", request)
    services.competition_change_status(
        competition=competition, status=data["status"], actor=request.user
    )
    return _("The competition's status has been changed.")


def _line(request, competition):
    form = forms.PostLineForm(request.POST, instance=PostLine(competition=competition))
    bound(form, "line_form", request)
    services.post_line_add(competition=competition, form=form, actor=request.user)
    return _("The post line has been added.")


def _share(request, competition):
    form = forms.ReservedShareForm(request.POST, instance=ReservedShare(competition=competition))
    bound(form, "share_form", request)
    services.reserved_share_set(competition=competition, form=form, actor=request.user)
    return _("The reserved share has been set.")


def _extend(request, competition):
    data = bound(forms.ExtensionForm(request.POST), "extension_form", request)
    services.deadline_extend(competition=competition, actor=request.user, **data)
    return _("The deadline has been extended; the notice says so.")


def _needs_marks_permission(request):
    if not request.user.has_perm("recruitment.enter_marks"):
        raise PermissionDenied


def _oral_call(request, competition):
    _needs_marks_permission(request)
    called = services.oral_call(competition=competition, actor=request.user)
    return ngettext(
        "%(count)s candidate is called to the oral exam.",
        "%(count)s candidates are called to the oral exam.",
        called,
    ) % {"count": called}


def _results(request, competition):
    _needs_marks_permission(request)
    outcome = services.results_compute(competition=competition, actor=request.user)
    admitted = sum(len(a) for a, _w in outcome.values())
    return ngettext(
        "Results computed: %(count)s candidate admitted.",
        "Results computed: %(count)s candidates admitted.",
        admitted,
    ) % {"count": admitted}


ACTIONS = {
    "status": _status,
    "line": _line,
    "share": _share,
    "extend": _extend,
    "oral_call": _oral_call,
    "results": _results,
}


@require_POST
@permission_required("recruitment.change_competition", raise_exception=True)
def competition_action(request, reference, action):
    handler = ACTIONS.get(action)
    if handler is None:
        raise Http404
    competition = _competition(request, reference)

    def page_again(shown):
        context = _detail_context(request, _competition(request, reference), **shown)
        context["failed_action"] = action
        return render(request, "recruitment/competition_detail.html", context, status=422)

    return perform(
        request, handler, competition, page_again, f"{competition.get_absolute_url()}#{action}"
    )


def _post_line(request, reference, pk):
    """The competition in the user's scope and one of its post lines; refused, with the
    reason, once the notice is published."""
    competition = _competition(request, reference)
    line = competition.lines.select_related("grade").filter(pk=pk).first()
    if line is None:
        raise Http404
    if competition.status != Competition.Status.DRAFT:
        messages.error(
            request,
            _("The notice is published: its posts and reserved shares can no longer change."),
        )
        return competition, None
    return competition, line


@permission_required("recruitment.change_postline", raise_exception=True)
def line_edit(request, reference, pk):
    competition, line = _post_line(request, reference, pk)
    if line is None:
        return redirect(f"{competition.get_absolute_url()}#line")
    form = forms.PostLineForm(request.POST or None, instance=line)
    if request.method == "POST" and form.is_valid():
        try:
            services.post_line_change(line=line, form=form, actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The post line has been changed."))
            return redirect(f"{competition.get_absolute_url()}#line")
    return render(
        request,
        "recruitment/line_form.html",
        {"competition": competition, "line": line, "form": form},
        status=422 if request.method == "POST" else 200,
    )


@require_POST
@permission_required("recruitment.delete_postline", raise_exception=True)
def line_delete(request, reference, pk):
    competition, line = _post_line(request, reference, pk)
    if line is not None:
        try:
            services.post_line_delete(line=line, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The post line has been removed."))
    return redirect(f"{competition.get_absolute_url()}#line")


@permission_required("recruitment.view_application", raise_exception=True)
def application_list(request, reference):
    competition = _competition(request, reference)
    form = forms.ApplicationFilterForm(request.GET or None, competition=competition)
    applications = form.filter(
        competition.applications.confirmed().select_related(
            "post_line__grade", "specialty", "province"
        )
    ).order_by("last_name_lat", "first_name_lat", "pk")
    page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "recruitment/application_list.html",
        {"competition": competition, "form": form, "page": page, "query": query.urlencode()},
    )


def _application(request, reference, pk):
    competition = _competition(request, reference)
    try:
        # An application not yet confirmed by the candidate is not received: it is not shown.
        return (
            competition.applications.confirmed()
            .select_related("post_line__grade", "specialty", "province__region", "voided_by")
            .get(pk=pk)
        )
    except Application.DoesNotExist:
        raise Http404 from None


@permission_required("recruitment.view_application", raise_exception=True)
def application_detail(request, reference, pk, void_form=None):
    application = _application(request, reference, pk)
    screening = request.POST if void_form is None else None
    form = forms.ScreeningForm(
        screening or None,
        initial={
            "decision": application.eligibility
            if application.eligibility != Application.Eligibility.PENDING
            else None,
            "reason": application.rejection_reason,
            "note": application.rejection_note,
        },
    )
    if screening is not None and request.method == "POST":
        if not request.user.has_perm("recruitment.change_application"):
            raise PermissionDenied
        if form.is_valid():
            services.application_screen(
                application=application,
                eligible=form.cleaned_data["decision"] == "eligible",
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
            messages.success(request, _("The screening decision has been recorded."))
            following = (
                application.competition.applications.confirmed()
                .filter(eligibility=Application.Eligibility.PENDING, status="submitted")
                .order_by("last_name_lat", "first_name_lat", "pk")
                .first()
            )
            if following is not None and "next" in request.POST:
                return redirect(
                    "recruitment:application", application.competition.reference, following.pk
                )
            return redirect("recruitment:applications", application.competition.reference)
    return render(
        request,
        "recruitment/application_detail.html",
        {
            "application": application,
            "competition": application.competition,
            "documents": application.documents.all(),
            "form": form,
            "void_form": void_form or forms.VoidForm(),
        },
        status=422 if void_form is not None else 200,
    )


@require_POST
@permission_required("recruitment.change_application", raise_exception=True)
def application_void(request, reference, pk):
    """Void an application (someone else's CIN, a duplicate...): kept, marked voided, it no
    longer holds the CIN."""
    application = _application(request, reference, pk)
    form = forms.VoidForm(request.POST)
    if form.is_valid():
        try:
            services.application_void(
                application=application,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The application has been voided."))
            return redirect("recruitment:application", reference, pk)
    return application_detail(request, reference, pk, void_form=form)


@permission_required("recruitment.view_applicationdocument", raise_exception=True)
def document_download(request, pk):
    document = get_visible_or_404(ApplicationDocument, request.user, pk=pk)
    record_access(action=AccessEvent.Action.DOWNLOAD, request=request, obj=document)
    suffix = document.file.name.rsplit(".", 1)[-1]
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=f"{document.application.receipt_number}-{document.kind}.{suffix}",
        content_type=document.content_type,
    )


def _mark(value):
    value = (value or "").strip().replace(",", ".")
    if not value:
        return None
    try:
        return Decimal(value)
    except InvalidOperation:
        raise ValidationError(_("“%(value)s” is not a mark.") % {"value": value}) from None


@permission_required("recruitment.enter_marks", raise_exception=True)
def marks(request, reference, stage):
    """The marks of the written or oral exam, one line per candidate called."""
    if stage not in ("written", "oral"):
        raise Http404
    competition = _competition(request, reference)
    called = services.called_to_written(competition)
    if stage == "oral":
        called = called.filter(called_to_oral=True)
    called = called.select_related("post_line__grade").order_by(
        "post_line", "last_name_lat", "first_name_lat", "pk"
    )
    called = list(called)
    errors = []
    for application in called:
        # What the grid shows: the stored marks, or what was typed when a save is refused.
        application.form_present = getattr(application, f"{stage}_present")
        mark = getattr(application, f"{stage}_mark")
        application.form_mark = "" if mark is None else mark
        if request.method == "POST":
            application.form_present = request.POST.get(f"present-{application.pk}") == "on"
            application.form_mark = request.POST.get(f"mark-{application.pk}", "")
    if request.method == "POST":
        entered = {}
        for application in called:
            present = request.POST.get(f"present-{application.pk}") == "on"
            try:
                mark = _mark(request.POST.get(f"mark-{application.pk}"))
            except ValidationError as error:
                errors += error.messages
                continue
            entered[application.pk] = (present, mark)
        if not errors:
            try:
                saved = services.marks_save(
                    competition=competition, stage=stage, marks=entered, actor=request.user
                )
            except ValidationError as error:
                errors += error.messages
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s mark has been saved.", "%(count)s marks have been saved.", saved
                    )
                    % {"count": saved},
                )
                return redirect("recruitment:marks", reference, stage)
    return render(
        request,
        "recruitment/marks.html",
        {
            "competition": competition,
            "stage": stage,
            "applications": called,
            "errors": errors,
            # Whole for recruitment staff, masked for anyone else (recruitment.perms).
            "show_cin": may_read(request.user, Application, "cin"),
        },
        status=422 if errors else 200,
    )


@permission_required("recruitment.view_application", raise_exception=True)
def staff_list(request, reference, stage, fmt):
    """A list as it will be published (PDF in the page's language) or as XLSX, at any
    stage: staff check a list before the competition moves on and makes it public."""
    if stage not in selectors.STAGES:
        raise Http404
    competition = _competition(request, reference)
    record_access(
        action=AccessEvent.Action.EXPORT,
        request=request,
        obj=competition,
        detail={"what": f"list:{stage}", "format": fmt},
    )
    if fmt == "pdf":
        return list_pdf_response(request, competition, stage)
    header = ["post", "rank", "name_ar", "name_lat", "cin", "birth_date", "seat"]
    rows = (
        (
            line.grade_name,
            row["rank"],
            row["name_ar"],
            row["name_lat"],
            row["cin"],
            row.get("birth_date"),
            row["seat"],
        )
        for line, applications in selectors.stage_list(competition, stage)
        for row in (selectors.public_row(a, competition) for a in applications)
    )
    return xlsx_response(f"{competition.reference}-{stage}.xlsx", header, rows, title=stage)
