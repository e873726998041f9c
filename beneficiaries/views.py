import datetime
import functools
import json
import re

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max, Q, QuerySet
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from entraide.audit import record_access
from entraide.fields import with_languages
from entraide.models import AccessEvent, User
from entraide.prepared import PreparedQuery
from entraide.protection import may_read
from entraide.reads import record_shown
from entraide.scoping import get_visible_or_404
from entraide.validators import CIN_PATTERN, normalise_cin

from . import forms, perms, selectors, services
from .models import (
    Assessment,
    Attachment,
    Beneficiary,
    CaseFile,
    Consent,
    FollowUp,
    Mediation,
    Note,
    PlanGoal,
    Referral,
    ServiceDelivery,
)

PAGE_SIZE = 25
# Nobody pages through more than this; beyond it, an offset past PostgreSQL's bigint was a 500.
MAX_PAGE = 10_000


class Page(list):
    """A page of results found without counting the table: one row more than the page says
    whether there is a next one. Counting 580,000 rows on every request is what we avoid."""

    def __init__(self, queryset, number, size=PAGE_SIZE):
        try:
            self.number = min(max(int(number or 1), 1), MAX_PAGE)
        except ValueError:
            self.number = 1
        start = (self.number - 1) * size
        rows = list(queryset[start : start + size + 1])
        super().__init__(rows[:size])
        self.has_next = len(rows) > size
        self.has_previous = self.number > 1
        self.has_other_pages = self.has_next or self.has_previous

    def next_page_number(self):
        return self.number + 1

    def previous_page_number(self):
        return self.number - 1


def _query_without_page(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _person(request, file_number, *, follow_merge=False):
    people = Beneficiary.objects.select_related("delegation", "province", "centre", "merged_into")
    try:
        person = get_visible_or_404(people, request.user, file_number=file_number)
    except Http404:
        # A number the file had before a transfer still leads to it (in scope only).
        person = get_visible_or_404(
            people, request.user, number_aliases__number=file_number.upper()
        )
    if follow_merge and person.merged_into_id:
        # A merged number still leads to the person: to the file it was merged into.
        return _person(request, person.merged_into.file_number, follow_merge=True)
    return person


# What the results show of each person: their other columns (the search's own folded names
# and keys among them) stay in the table.
SEARCH_SHOWS = [
    "file_number",
    "first_name_ar",
    "last_name_ar",
    "first_name_lat",
    "last_name_lat",
    "birth_date",
    "birth_year",
    "cin",
    "created_at",
    "delegation",
    *with_languages("delegation__name"),
]


@permission_required("beneficiaries.view_beneficiary", raise_exception=True)
def search(request):
    form = forms.SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    if query:
        people = selectors.search_beneficiaries(request.user, query)
        # Recorded with the files the page shows, in the same write (entraide.reads).
        record_shown("beneficiaries.search", query=query)
    else:
        people = Beneficiary.objects.visible_to(request.user).active()
    if isinstance(people, QuerySet):  # a name search comes ranked (RankedSearch)
        people = people.select_related("delegation").order_by("-created_at", "-pk")
    page = Page(people.only(*SEARCH_SHOWS), request.GET.get("page"))
    context = {
        "form": form,
        "query": query,
        "page": page,
        "querystring": _query_without_page(request),
        "can_add": request.user.has_perm("beneficiaries.add_beneficiary"),
        "elsewhere": _search_elsewhere(request, query) if query and not page else None,
        # The badge of a name that only sounds like the query, rendered once for the page.
        "sounds_like": render_to_string(
            "components/badge.html",
            {"kind": "flag", "label": _("sounds like"), "testid": "sounds-like"},
        ),
    }
    return render(request, "beneficiaries/search.html", context)


def _search_elsewhere(request, query):
    """A CIN searched for and held by a file outside the user's scope: recorded as a CIN
    refused (rate-limited as on the person form), and the form to ask its owner for it."""
    user = request.user
    cin = normalise_cin(query)
    if not (
        user.has_perm("beneficiaries.add_beneficiary")
        and re.match(CIN_PATTERN, cin)
        and any(c.isdigit() for c in cin)
    ) or services.cin_checks_paused(user):
        return None
    found = selectors.file_elsewhere(user, cin=cin)
    if found is None:
        return None
    services.cin_refusals_record(actor=user, cins=[cin], where="search", request=request)
    from .transfer_views import offer_elsewhere

    return offer_elsewhere(request, found, cin)


@permission_required("beneficiaries.add_beneficiary", raise_exception=True)
def create(request):
    form = forms.BeneficiaryForm(request.POST or None, user=request.user, request=request)
    household = forms.HouseholdFormSet(request.POST or None, prefix="household")
    duplicates = []
    if request.method == "POST":
        valid = form.is_valid() & household.is_valid()
        # Look for the person even when the form has errors: a CIN already on file is both
        # an error and the best lead to the existing file.
        data = form.cleaned_data
        duplicates = list(
            selectors.likely_duplicates(
                request.user,
                cin=data.get("cin") or request.POST.get("cin", ""),
                names=[data.get(f) for f in forms.BeneficiaryForm.Meta.fields[:4]],
                birth_date=data.get("birth_date"),
                birth_year=data.get("birth_year"),
                phone=data.get("phone"),
            )
        )
        acknowledged = request.POST.get("create_anyway") == "1"
        if valid and (not duplicates or acknowledged):
            members = [
                f.save(commit=False)
                for f in household.forms
                if f.has_changed() and not f.cleaned_data.get("DELETE")
            ]
            try:
                person = services.beneficiary_create(
                    form=form,
                    actor=request.user,
                    household=members,
                    acknowledged_duplicates=[d.file_number for d in duplicates],
                )
            except IntegrityError:
                # Filed meanwhile by someone else, who may be outside this user's scope.
                form.add_error("cin", services.CIN_HELD_ELSEWHERE)
            else:
                messages.success(
                    request,
                    _("File %(number)s created.") % {"number": person.file_number},
                )
                return redirect(person)
    context = {
        "form": form,
        "household": household,
        "duplicates": duplicates,
        "conflict": None,
        "elsewhere": _elsewhere_offer(request, form) if request.method == "POST" else None,
    }
    return render(request, "beneficiaries/form.html", context)


def _elsewhere_offer(request, form):
    """When the person seems to have a file in another delegation (the same CIN, or the same
    names and birth date), the form to ask its owner for it; the file itself stays unseen."""
    if services.cin_checks_paused(request.user):
        return None
    data = form.cleaned_data if hasattr(form, "cleaned_data") else {}
    cin = data.get("cin") or request.POST.get("cin", "")
    names = [data.get(f) for f in forms.BeneficiaryForm.Meta.fields[:4]]
    found = selectors.file_elsewhere(
        request.user, cin=cin, names=names, birth_date=data.get("birth_date")
    )
    if found is None:
        return None
    from .transfer_views import offer_elsewhere

    about = normalise_cin(cin) or " ".join(n for n in names if n)
    return offer_elsewhere(request, found, about)


@permission_required("beneficiaries.change_beneficiary", raise_exception=True)
def edit(request, file_number):
    person = _person(request, file_number)
    form = forms.BeneficiaryForm(
        request.POST or None, instance=person, user=request.user, request=request
    )
    household = forms.HouseholdFormSet(request.POST or None, instance=person, prefix="household")
    if request.method == "POST" and form.is_valid() and household.is_valid():
        try:
            with transaction.atomic():
                services.beneficiary_update(
                    form=form, actor=request.user, version=form.cleaned_data.get("version")
                )
                household.save()
        except IntegrityError:
            form.add_error("cin", services.CIN_HELD_ELSEWHERE)
        except services.ConflictError as conflict:
            # The form again on top of the saved version, with the user's values.
            saved = _person(request, file_number)
            data = forms.on_top_of(request.POST, saved)
            form = forms.BeneficiaryForm(
                data, instance=_person(request, file_number), user=request.user, request=request
            )
            household = forms.HouseholdFormSet(data, instance=saved, prefix="household")
            context = {
                "form": form,
                "household": household,
                "person": saved,
                "duplicates": [],
                "conflict": _conflict(request, conflict, form, saved),
            }
            return render(request, "beneficiaries/form.html", context, status=409)
        else:
            messages.success(request, _("The file has been saved."))
            return redirect(person)
    context = {
        "form": form,
        "household": household,
        "person": person,
        "duplicates": [],
        "conflict": None,
    }
    return render(request, "beneficiaries/form.html", context)


def _conflict(request, error, form, saved):
    """What the page says of a refused save (services.ConflictError): who saved the record
    meanwhile and when, and where the user's values differ from the saved ones. `form` is
    the form shown again, bound to the user's values; `saved`, a copy of the record apart
    from the form's instance (which validating the form changes)."""
    form.is_valid()
    by, at = selectors.saved_by(saved)
    return {
        "message": str(error),
        "by": by,
        "at": at,
        "differences": forms.differences(form, saved, request.user),
    }


@permission_required("beneficiaries.view_beneficiary", raise_exception=True)
def detail(request, file_number):
    person = _person(request, file_number)
    if person.merged_into_id:
        messages.info(
            request,
            _("This file was merged into %(number)s.") % {"number": person.merged_into.file_number},
        )
        return redirect(person.merged_into)
    consents = {}
    for consent in person.consents.select_related("recorded_by", "signed_form").order_by(
        "recorded_at", "pk"
    ):
        consents[consent.purpose] = consent  # the latest answer per purpose wins
    context = {
        "person": person,
        "household": person.household.all(),
        "target_groups": person.target_groups.all(),
        "cases": person.cases.select_related("worker").order_by("-opened_on", "-pk"),
        "consents": [(label, consents.get(value)) for value, label in Consent.Purpose.choices],
        "attachments": person.attachments.select_related("uploaded_by", "case"),
        "consent_form": forms.ConsentForm(),
        "attachment_form": forms.AttachmentForm(),
        "case_form": forms.CaseForm(user=request.user),
        "merge_form": forms.MergeForm(),
        "can_change": request.user.has_perm("beneficiaries.change_beneficiary"),
        "can_merge": request.user.has_perm("beneficiaries.merge_beneficiary"),
        "can_export": request.user.has_perm("beneficiaries.export_beneficiary"),
    }
    return render(request, "beneficiaries/detail.html", context)


@require_POST
@permission_required("beneficiaries.add_consent", raise_exception=True)
def consent(request, file_number):
    person = _person(request, file_number)
    form = forms.ConsentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            with transaction.atomic():
                signed = None
                if form.cleaned_data.get("signed_form"):
                    signed = services.attachment_add(
                        beneficiary=person,
                        upload=form.cleaned_data["signed_form"],
                        kind=Attachment.Kind.CONSENT,
                        actor=request.user,
                    )
                services.consent_record(
                    beneficiary=person,
                    purpose=form.cleaned_data["purpose"],
                    given=form.cleaned_data["given"],
                    given_by=form.cleaned_data["given_by"],
                    signed_form=signed,
                    actor=request.user,
                )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The consent has been recorded."))
    else:
        messages.error(request, _("The consent was not recorded: check the form."))
    return redirect(person)


@require_POST
@permission_required("beneficiaries.add_attachment", raise_exception=True)
def attachment_upload(request, file_number):
    person = _person(request, file_number)
    form = forms.AttachmentForm(request.POST, request.FILES)
    case = None
    if request.POST.get("case"):
        case = get_visible_or_404(
            CaseFile, request.user, number=request.POST["case"], beneficiary=person
        )
    if form.is_valid():
        try:
            services.attachment_add(
                beneficiary=person,
                case=case,
                upload=form.cleaned_data["file"],
                kind=form.cleaned_data["kind"],
                actor=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The document has been attached."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(case or person)


@permission_required("beneficiaries.view_attachment", raise_exception=True)
def attachment_download(request, pk):
    attachment = get_visible_or_404(Attachment, request.user, pk=pk)
    record_access(action=AccessEvent.Action.DOWNLOAD, request=request, obj=attachment)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@permission_required("beneficiaries.add_casefile", raise_exception=True)
def case_open(request, file_number):
    person = _person(request, file_number)
    form = forms.CaseForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, _("The case was not opened: check the form."))
        return redirect(person)
    data = form.cleaned_data
    try:
        # Those who oversee choose the worker (the form offers no choice to anyone else); a
        # social worker who opens a case takes it on (services.opening_worker).
        case = services.case_open(
            beneficiary=person,
            channel=data["channel"],
            problems=data["problems"],
            risk=data["risk"],
            worker=data.get("worker"),
            protection_details=data.get("protection_details", ""),
            actor=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(person)
    messages.success(request, _("Case %(number)s opened.") % {"number": case.number})
    return redirect(case)


def _case(request, number):
    cases = CaseFile.objects.select_related(
        "beneficiary__delegation", "beneficiary__province", "worker", "delegation"
    )
    try:
        return get_visible_or_404(cases, request.user, number=number)
    except Http404:
        # A number the case had before a transfer still leads to it (in scope only).
        return get_visible_or_404(cases, request.user, number_aliases__number=number.upper())


TIMELINE = [
    (Note, []),
    (Assessment, []),
    (PlanGoal, []),
    (ServiceDelivery, ["service", "centre"]),
    (Referral, ["centre", "service", "answered_by"]),
    (FollowUp, []),
    (Mediation, []),
]


@functools.cache
def _timeline_rows(model):
    """The entries of one kind of a case, compiled once per connection (entraide.prepared):
    the case page is the portal's most asked page, and compiling its seven queries (the
    referrals' with whether someone may answer them) took longer than PostgreSQL answering."""
    related = dict(TIMELINE)[model]

    def build(case_id):
        rows = model.objects.filter(case_id=case_id).select_related("author", *related)
        return rows.with_receiver() if model is Referral else rows

    # No case has these ids.
    return PreparedQuery(build, model, case_id=(-1, -2))


def timeline(case):
    """Every entry of the case, newest first: one query per kind, whatever their number."""
    entries = []
    for model, _related in TIMELINE:
        for row in _timeline_rows(model)(case_id=case.pk):
            # Not `kind`: notes have a field of that name.
            row.entry_type = model._meta.model_name
            row.type_label = model._meta.verbose_name
            entries.append(row)
    entries.sort(key=lambda e: (e.date, e.created_at), reverse=True)
    return entries


def entry_fields(form):
    """The fields of a timeline form, with its errors, as HTML."""
    return render_to_string("beneficiaries/entry_fields.html", {"form": form})


@functools.lru_cache(maxsize=64)
def _blank_entry_fields(kind, language, today):
    # Blank, the inline forms are the same on every case page of a language and a day (their
    # date is today's): rendering their widgets anew was a third of the page's time.
    return entry_fields(forms.entry_form(kind, None, None))


def blank_entry_fields(kind):
    return _blank_entry_fields(kind, get_language(), timezone.localdate())


def _case_context(request, case, **overrides):
    user = request.user
    context = {
        "case": case,
        "person": case.beneficiary,
        "timeline": timeline(case),
        "attachments": case.attachments.select_related("uploaded_by"),
        "show_protection": may_read(user, CaseFile, "protection_details", case),
        "case_form": forms.CaseForm(instance=case, user=user, auto_id="case_%s"),
        "status_form": forms.StatusForm(initial={"version": case.version}),
        "entry_fields": {
            kind: None if kind in forms.ENTRY_PAGES else blank_entry_fields(kind)
            for kind in forms.ENTRY_FORMS
        },
        "attachment_form": forms.AttachmentForm(),
        "can_change": user.has_perm("beneficiaries.change_casefile"),
        "conflict": None,
    }
    context.update(overrides)
    return context


@permission_required("beneficiaries.view_casefile", raise_exception=True)
def case_detail(request, number):
    case = _case(request, number)
    return render(request, "beneficiaries/case.html", _case_context(request, case))


@require_POST
@permission_required("beneficiaries.change_casefile", raise_exception=True)
def case_edit(request, number):
    case = _case(request, number)
    form = forms.CaseForm(request.POST, instance=case, user=request.user, auto_id="case_%s")
    # Validating the form writes its values onto `case`: a conflict shows a fresh copy.
    stored_version = case.version
    if form.is_valid():
        changes = {
            name: form.cleaned_data[name]
            for name in ("channel", "problems", "risk", "worker", "protection_details")
            if name in form.cleaned_data
        }
        try:
            services.case_update(
                case=case,
                version=form.cleaned_data.get("version") or stored_version,
                changes=changes,
                actor=request.user,
            )
        except services.ConflictError as conflict:
            # The form again on top of the saved version, with the user's values.
            saved = _case(request, number)
            form = forms.CaseForm(
                forms.on_top_of(request.POST, saved),
                instance=_case(request, number),
                user=request.user,
                auto_id="case_%s",
            )
            conflict = _conflict(request, conflict, form, saved)
            context = _case_context(request, saved, case_form=form, conflict=conflict)
            return render(request, "beneficiaries/case.html", context, status=409)
        messages.success(request, _("The case has been saved."))
        return redirect(case)
    context = _case_context(request, _case(request, number), case_form=form)
    return render(request, "beneficiaries/case.html", context, status=400)


@require_POST
@permission_required("beneficiaries.change_casefile", raise_exception=True)
def case_status(request, number):
    case = _case(request, number)
    form = forms.StatusForm(request.POST)
    if form.is_valid():
        try:
            services.case_change_status(
                case=case,
                version=form.cleaned_data["version"],
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except (ValidationError, services.ConflictError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, _("The case status has been changed."))
    return redirect(case)


@permission_required("beneficiaries.change_casefile", raise_exception=True)
def entry_add(request, number, kind):
    """Add an entry to the timeline: posted from the case page, or from a page of its own
    for the kinds that offer centres (forms.ENTRY_PAGES)."""
    if kind not in forms.ENTRY_FORMS:
        raise Http404
    case = _case(request, number)
    if case.status == CaseFile.Status.CLOSED:
        messages.error(request, _("The case is closed: reopen it to add to its timeline."))
        return redirect(case)
    if request.method == "GET":
        if kind not in forms.ENTRY_PAGES:
            return redirect(case)
        form = forms.entry_form(kind, request.user, case)
        context = {"case": case, "person": case.beneficiary, "form": form, "kind": kind}
        return render(request, "beneficiaries/entry_form.html", context)
    form = forms.entry_form(kind, request.user, case, request.POST)
    if form.is_valid():
        try:
            services.entry_add(case=case, form=form, actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Added to the timeline."))
            return redirect(case)
    if kind in forms.ENTRY_PAGES:
        context = {"case": case, "person": case.beneficiary, "form": form, "kind": kind}
        return render(request, "beneficiaries/entry_form.html", context, status=400)
    context = _case_context(request, case, open_form=kind)
    context["entry_fields"][kind] = entry_fields(form)
    return render(request, "beneficiaries/case.html", context, status=400)


@require_POST
@permission_required("beneficiaries.change_referral", raise_exception=True)
def referral_state(request, pk):
    """The referring side: the answer of an association or an outside institution, as it
    was told, or the withdrawal of a referral still unanswered."""
    referral = get_visible_or_404(Referral.objects.select_related("case"), request.user, pk=pk)
    state = request.POST.get("state", "")
    try:
        services.referral_set_state(referral=referral, state=state, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if state == Referral.State.WITHDRAWN:
            messages.success(request, _("The referral has been withdrawn."))
        else:
            messages.success(request, _("The referral has been updated."))
    return redirect(referral.case)


# The receiving side: a centre's inbox ------------------------------------------------------------


@permission_required("beneficiaries.answer_referral", raise_exception=True)
def referral_inbox(request):
    """The referrals sent to the centres the user manages, in one state at a time: those
    awaiting an answer first by their deadline (the overdue ones on top), each with the
    forms that answer it."""
    user = request.user
    centres = selectors.centres_answered_by(user)
    form = forms.InboxFilterForm(request.GET or None, centres=centres)
    received = selectors.received_referrals(user)
    centre = form.value("centre")
    if centre is not None:
        received = received.filter(centre=centre)
    state = form.chosen_state
    counts = received.aggregate(
        **{
            key: Count("pk", filter=Q(state__in=states))
            for key, states in forms.InboxFilterForm.STATES.items()
        },
        overdue=Count("pk", filter=Q(state=Referral.State.SENT, due_at__lt=timezone.now())),
    )
    ordering = {
        forms.InboxFilterForm.AWAITING: [F("due_at").asc(nulls_last=True), "pk"],
        forms.InboxFilterForm.ACCEPTED: ["-answered_at", "-pk"],
        forms.InboxFilterForm.CLOSED: ["-date", "-pk"],
    }[state]
    rows = received.filter(state__in=forms.InboxFilterForm.STATES[state]).order_by(*ordering)
    only_overdue = bool(form.value("overdue"))
    if only_overdue:
        rows = rows.overdue()
    page = Page(rows, request.GET.get("page"))
    for referral in page:
        selectors.share(user, referral)
        referral.refusal_form = forms.RefusalForm(referral=referral)
    tabs = []
    for key, label in forms.InboxFilterForm.base_fields["state"].choices:
        query = request.GET.copy()
        for name in ("page", "overdue"):
            query.pop(name, None)
        query["state"] = key
        tabs.append({"key": key, "label": label, "count": counts[key], "query": query.urlencode()})
    everything = request.GET.copy()
    for name in ("page", "overdue"):
        everything.pop(name, None)
    context = {
        "form": form,
        "tabs": tabs,
        "state": state,
        "overdue": counts["overdue"],
        "only_overdue": only_overdue,
        "without_overdue": f"{request.path}?{everything.urlencode()}",
        "page": page,
        "querystring": _query_without_page(request),
        "several_centres": len(centres) > 1,
    }
    return render(request, "beneficiaries/inbox.html", context)


@permission_required("beneficiaries.answer_referral", raise_exception=True)
def referral_received(request, pk):
    """One referral sent to a centre the user manages, and its answer: accepted, refused
    with a reason, or the service reported done. Another centre's referral is a 404."""
    user = request.user
    referral = get_object_or_404(selectors.received_referrals(user), pk=pk)
    if request.method != "POST":
        return _render_received(request, referral, forms.RefusalForm(referral=referral))
    answer = request.POST.get("answer")
    try:
        if answer == "accept":
            services.referral_accept(referral=referral, actor=user)
            done = _("The referral has been accepted: the referring worker is told.")
        elif answer == "complete":
            services.referral_complete(referral=referral, actor=user)
            done = _("The service is reported done: the referring worker is told.")
        elif answer == "refuse":
            refusal = forms.RefusalForm(request.POST, referral=referral)
            if not refusal.is_valid():
                return _render_received(request, referral, refusal, status=400)
            services.referral_refuse(
                referral=referral,
                reason=refusal.cleaned_data["refusal_reason"],
                note=refusal.cleaned_data["refusal_note"],
                actor=user,
            )
            done = _("The referral has been refused: the referring worker is told why.")
        else:
            raise ValidationError(_("Choose an answer."))
    except ValidationError as error:
        # Answered meanwhile by someone else (a second manager), or no answer chosen.
        messages.error(request, " ".join(error.messages))
        return redirect("beneficiaries:referral_received", pk=referral.pk)
    messages.success(request, done)
    return redirect(_back_to_inbox(request))


def _render_received(request, referral, refusal, status=200):
    selectors.share(request.user, referral)
    referral.refusal_form = refusal
    context = {"referral": referral, "refusal": refusal if refusal.errors else None}
    return render(request, "beneficiaries/referral_received.html", context, status=status)


def _back_to_inbox(request):
    """Where an answer sends the user: the inbox they answered from (its state and centre),
    or the inbox's first tab."""
    back = request.POST.get("next", "")
    inbox = reverse("beneficiaries:inbox")
    if back.startswith(f"{inbox}?") and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}
    ):
        return back
    return inbox


@require_POST
@permission_required("beneficiaries.merge_beneficiary", raise_exception=True)
def merge(request, file_number):
    keep = _person(request, file_number)
    form = forms.MergeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the duplicate's file number and confirm."))
        return redirect(keep)
    duplicate = get_visible_or_404(
        Beneficiary, request.user, file_number=form.cleaned_data["duplicate"].strip().upper()
    )
    try:
        services.beneficiary_merge(keep=keep, duplicate=duplicate, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("File %(duplicate)s has been merged into this one.")
            % {"duplicate": duplicate.file_number},
        )
    return redirect(keep)


@permission_required("beneficiaries.export_beneficiary", raise_exception=True)
def export_json(request, file_number):
    """The person's whole file (access right, law 09-08), as JSON."""
    person = _person(request, file_number, follow_merge=True)
    from .exports import person_file

    record_access(
        action=AccessEvent.Action.EXPORT, request=request, obj=person, detail={"format": "json"}
    )
    body = json.dumps(
        person_file(person, viewer=request.user), ensure_ascii=False, indent=2, default=str
    )
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{person.file_number}.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@permission_required("beneficiaries.export_beneficiary", raise_exception=True)
def export_pdf(request, file_number):
    """The person's whole file (access right, law 09-08), as a PDF."""
    person = _person(request, file_number, follow_merge=True)
    from .exports import person_pdf

    record_access(
        action=AccessEvent.Action.EXPORT, request=request, obj=person, detail={"format": "pdf"}
    )
    response = HttpResponse(person_pdf(person, request), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{person.file_number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@permission_required("beneficiaries.view_casefile", raise_exception=True)
def work_list(request):
    """The social worker's day, also shown on their home page."""
    return render(request, "beneficiaries/work.html", selectors.work_items(request.user))


@permission_required("beneficiaries.view_casefile", raise_exception=True)
def overview(request):
    """The delegate's view: cases by status and by worker, overdue follow-ups, dormant cases."""
    user = request.user
    if not perms.can_oversee(user):
        raise PermissionDenied
    today = timezone.localdate()
    cases = CaseFile.objects.visible_to(user)
    by_status = dict(cases.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    by_worker = list(
        cases.open()
        .values("worker")
        .annotate(
            total=Count("pk"),
            high=Count("pk", filter=Q(risk__in=[CaseFile.Risk.HIGH, CaseFile.Risk.CRITICAL])),
            last=Max("last_activity_at"),
        )
        .order_by("-total")[:50]
    )
    # The workers themselves, named in the page's script (User.display_name), in one query.
    workers = User.objects.in_bulk([row["worker"] for row in by_worker if row["worker"]])
    # Per worker, what waits on them: follow-ups past their date, referrals unanswered.
    late = dict(
        FollowUp.objects.visible_to(user)
        .filter(done=False, next_date__lt=today)
        .exclude(case__status=CaseFile.Status.CLOSED)
        .values_list("case__worker")
        .annotate(n=Count("pk"))
        .values_list("case__worker", "n")
    )
    pending = dict(
        Referral.objects.visible_to(user)
        .filter(state=Referral.State.SENT)
        .values_list("case__worker")
        .annotate(n=Count("pk"))
        .values_list("case__worker", "n")
    )
    for row in by_worker:
        row["overdue"] = late.get(row["worker"], 0)
        row["pending"] = pending.get(row["worker"], 0)
        row["key"] = row["worker"] or "none"
        row["worker"] = workers.get(row["worker"])
    overdue = (
        FollowUp.objects.visible_to(user)
        .filter(done=False, next_date__lt=today)
        .exclude(case__status=CaseFile.Status.CLOSED)
        .select_related("case__beneficiary", "case__worker")
        .order_by("next_date")[:100]
    )
    dormant = (
        cases.open()
        .filter(last_activity_at__lt=timezone.now() - datetime.timedelta(days=90))
        .select_related("beneficiary", "worker")
        .order_by("last_activity_at")[:100]
    )
    context = {
        "by_status": [
            (label, by_status.get(value, 0), value) for value, label in CaseFile.Status.choices
        ],
        "by_worker": by_worker,
        "overdue": overdue,
        "dormant": dormant,
    }
    return render(request, "beneficiaries/overview.html", context)


def _filtered_list(request, rows, filter_form, template):
    """A list narrowed by the filters of its URL (the reports' figures link here), each active
    filter shown with a link that removes it. Counted only when a period bounds it."""
    form = filter_form(request.GET, user=request.user, today=timezone.localdate())
    rows, active = form.apply(rows)
    filters = []
    for name, text in active:
        query = request.GET.copy()
        query.pop(name, None)
        query.pop("page", None)
        rest = query.urlencode()
        filters.append((text, f"{request.path}?{rest}" if rest else request.path))
    context = {
        "page": Page(rows, request.GET.get("page")),
        "querystring": _query_without_page(request),
        "filters": filters,
        "filter_errors": [error for errors in form.errors.values() for error in errors],
        "count": rows.count() if form.has_period else None,
    }
    return render(request, template, context)


@permission_required("beneficiaries.view_casefile", raise_exception=True)
def case_list(request):
    cases = (
        CaseFile.objects.visible_to(request.user)
        .select_related("beneficiary", "worker", "delegation")
        .order_by("-opened_on", "-pk")
    )
    return _filtered_list(request, cases, forms.CaseFilterForm, "beneficiaries/case_list.html")


@permission_required("beneficiaries.view_referral", raise_exception=True)
def referral_list(request):
    referrals = (
        Referral.objects.visible_to(request.user)
        .select_related("case__beneficiary", "case__delegation", "centre", "association")
        .order_by("-date", "-pk")
    )
    return _filtered_list(
        request, referrals, forms.ReferralFilterForm, "beneficiaries/referral_list.html"
    )


@permission_required("beneficiaries.view_followup", raise_exception=True)
def follow_up_list(request):
    follow_ups = (
        FollowUp.objects.visible_to(request.user)
        .select_related("case__beneficiary", "case__worker", "case__delegation")
        .order_by("next_date", "pk")
    )
    return _filtered_list(
        request, follow_ups, forms.FollowUpFilterForm, "beneficiaries/follow_up_list.html"
    )


def reassign(request):
    """The delegate's caseloads: the open cases of one worker (or of nobody), to give many at
    once to another worker. Each change is audited and the worker told."""
    user = request.user
    if not perms.can_oversee(user):
        raise PermissionDenied
    chosen = request.GET.get("from", "")
    cases = CaseFile.objects.visible_to(user).open()
    if chosen == "none":
        cases = cases.filter(worker__isnull=True)
    elif chosen.isdigit():
        cases = cases.filter(worker=int(chosen))
    cases = cases.select_related("beneficiary", "worker").order_by("-last_activity_at", "pk")
    shown = cases[:200]
    form = forms.ReassignForm(request.POST or None, user=user, cases=cases)
    if request.method == "POST" and form.is_valid():
        try:
            moved = services.cases_reassign(
                cases=form.cleaned_data["cases"], worker=form.cleaned_data["worker"], actor=user
            )
        except ValidationError as error:
            form.add_error("worker", error.messages)
        else:
            messages.success(
                request,
                ngettext(
                    "%(n)s case assigned to %(worker)s.",
                    "%(n)s cases assigned to %(worker)s.",
                    moved,
                )
                % {"n": moved, "worker": form.cleaned_data["worker"].display_name},
            )
            return redirect(f"{reverse('beneficiaries:reassign')}?from={chosen}")
    workers = forms.workers_of(user).order_by("last_name", "first_name")
    context = {
        "form": form,
        "cases": shown,
        "chosen": chosen,
        "workers": workers,
        "selected": set(request.POST.getlist("cases")),
    }
    status = 400 if form.errors else 200
    return render(request, "beneficiaries/reassign.html", context, status=status)
