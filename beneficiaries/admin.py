"""The admin of people's files: scoped like every page, reads recorded (entraide.reads),
imports and exports through the Resources (large files: the background import page)."""

import re

from django.contrib import admin
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from entraide.imports import PortalAdmin
from entraide.scoping import ScopedAdminMixin
from entraide.search import fold
from entraide.signatures import SignedAdminMixin
from entraide.validators import CIN_PATTERN, normalise_cin

from .forms import BeneficiaryAdminForm, CaseFileAdminForm
from .models import (
    Assessment,
    Attachment,
    Beneficiary,
    CaseFile,
    Consent,
    FollowUp,
    HouseholdMember,
    Mediation,
    Note,
    PlanGoal,
    Referral,
    ServiceDelivery,
)
from .perms import can_oversee
from .resources import BeneficiaryResource, CaseFileResource, ServiceDeliveryResource
from .selectors import FILE_NUMBER
from .services import allocate_file_numbers


class HouseholdMemberInline(admin.TabularInline):
    model = HouseholdMember
    extra = 0


@admin.register(Beneficiary)
class BeneficiaryAdmin(ScopedAdminMixin, PortalAdmin):
    resource_classes = [BeneficiaryResource]
    # One column per script (not four name columns) so that the list, with its filters beside
    # it, fits a 1280-pixel screen without hiding the delegation behind the filters.
    list_display = [
        "file_number",
        "name_ar",
        "name_lat",
        "sex",
        "cin",
        "delegation",
        "created_on",
    ]
    list_filter = ["sex", "delegation"]
    list_select_related = ["delegation"]
    # Searched by file number, CIN or the folded names (see get_search_results).
    search_fields = ["file_number", "cin", "search_name"]
    search_help_text = _("A file number, a CIN, or names in Arabic or Latin letters.")
    ordering = ["-pk"]  # the primary key's index, not a sort of the whole table
    raw_id_fields = ["centre", "merged_into", "created_by"]
    readonly_fields = [
        "file_number",
        "merged_into",
        "anonymised_at",
        "created_at",
        "updated_at",
        "created_by",
    ]
    inlines = [HouseholdMemberInline]

    form = BeneficiaryAdminForm

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"request": request})

    @admin.display(description=_("name in Arabic letters"), ordering="last_name_ar")
    def name_ar(self, person):
        return f"{person.first_name_ar} {person.last_name_ar}".strip()

    @admin.display(description=_("name in Latin letters"), ordering="last_name_lat")
    def name_lat(self, person):
        return f"{person.first_name_lat} {person.last_name_lat}".strip()

    @admin.display(description=_("created on"), ordering="created_at")
    def created_on(self, person):
        return date_format(timezone.localdate(person.created_at), "SHORT_DATE_FORMAT")

    def has_export_permission(self, request):
        return super().has_export_permission(request) and request.user.has_perm(
            "beneficiaries.export_beneficiary"
        )

    def get_search_results(self, request, queryset, search_term):
        # The indexed ways to find a person among 580,000: exact file number, exact CIN,
        # or words of the folded names (trigram index), never `UPPER(...) LIKE` on each column.
        text = " ".join(search_term.split())
        if not text:
            return queryset, False
        if FILE_NUMBER.match(text):
            return queryset.filter(file_number=text.upper()), False
        cin = normalise_cin(text)
        if re.match(CIN_PATTERN, cin) and any(c.isdigit() for c in cin):
            return queryset.filter(cin=cin), False
        for word in fold(text).split():
            queryset = queryset.filter(search_name__contains=word)
        return queryset, False

    def save_model(self, request, obj, form, change):
        if not change:
            obj.file_number = allocate_file_numbers(obj.delegation)[0]
            obj.created_by = request.user
        else:
            # A new version: a person form shown before this save is refused, not applied
            # over it (services.beneficiary_update).
            obj.version = F("version") + 1
        super().save_model(request, obj, form, change)
        if change:
            obj.refresh_from_db(fields=["version"])


@admin.register(CaseFile)
class CaseFileAdmin(ScopedAdminMixin, PortalAdmin):
    resource_classes = [CaseFileResource]
    list_display = ["number", "beneficiary", "delegation", "status", "risk", "worker", "opened_on"]
    list_filter = ["status", "risk", "channel"]
    list_select_related = ["beneficiary", "delegation", "worker"]
    search_fields = ["=number", "=beneficiary__file_number"]
    date_hierarchy = "opened_on"
    raw_id_fields = ["beneficiary", "worker", "created_by"]
    # Only the assigned worker, the delegate and national roles read the protection details,
    # in the portal (perms.can_see_protection_details): not every member of staff.
    exclude = ["protection_details"]
    readonly_fields = ["number", "delegation", "version", "last_activity_at", "created_by"]
    form = CaseFileAdminForm

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        # Only those who oversee assign a case (services._check_assignment): for anyone else
        # the worker stays as it is, whatever they save.
        if not can_oversee(request.user):
            readonly = [*readonly, "worker"]
        return readonly

    def save_model(self, request, obj, form, change):
        # A new version: a case form shown before this save is refused, not applied over it.
        obj.version = F("version") + 1
        super().save_model(request, obj, form, change)
        obj.refresh_from_db(fields=["version"])

    def has_add_permission(self, request):
        # Cases are opened in the portal (services.case_open) or by import.
        return False

    def has_import_permission(self, request):
        return request.user.has_perm("beneficiaries.add_casefile")


class EntryAdmin(SignedAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    signature_field = "author"
    list_display = ["case", "date", "author"]
    list_select_related = ["case", "author"]
    search_fields = ["=case__number"]
    date_hierarchy = "date"
    raw_id_fields = ["case"]
    readonly_fields = ["created_at"]
    show_full_result_count = False


@admin.register(ServiceDelivery)
class ServiceDeliveryAdmin(SignedAdminMixin, ScopedAdminMixin, PortalAdmin):
    signature_field = "author"
    resource_classes = [ServiceDeliveryResource]
    list_display = ["case", "date", "service", "centre", "quantity", "amount", "author"]
    list_filter = ["service"]
    list_select_related = ["case", "service", "centre", "author"]
    search_fields = ["=case__number"]
    date_hierarchy = "date"
    raw_id_fields = ["case", "centre"]
    readonly_fields = ["created_at"]


@admin.register(Referral)
class ReferralAdmin(EntryAdmin):
    list_display = [
        "case",
        "date",
        "target_kind",
        "centre",
        "organisation",
        "state",
        "due_at",
        "author",
    ]
    list_filter = ["state", "target_kind", "urgency"]
    list_select_related = ["case", "centre", "author"]
    raw_id_fields = ["case", "centre"]
    readonly_fields = ["created_at", "sent_at", "answered_at", "answered_by"]
    # A centre answers the referrals sent to it, from its inbox (services.referral_accept...):
    # its answer is not rewritten here.
    ANSWER = ["state", "answered_on", "refusal_reason", "refusal_note", "completed_on"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.target_kind == Referral.TargetKind.CENTRE:
            fields += [name for name in self.ANSWER if name not in fields]
        return fields


@admin.register(Note)
class NoteAdmin(EntryAdmin):
    list_display = ["case", "date", "kind", "author"]
    list_filter = ["kind"]


@admin.register(Assessment)
class AssessmentAdmin(EntryAdmin):
    pass


@admin.register(PlanGoal)
class PlanGoalAdmin(EntryAdmin):
    list_display = ["case", "goal", "state", "progress", "due_date"]
    list_filter = ["state"]


@admin.register(FollowUp)
class FollowUpAdmin(EntryAdmin):
    list_display = ["case", "date", "next_date", "done", "author"]
    list_filter = ["done"]


@admin.register(Mediation)
class MediationAdmin(EntryAdmin):
    list_display = ["case", "date", "outcome", "author"]
    list_filter = ["outcome"]


@admin.register(Consent)
class ConsentAdmin(SignedAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    signature_field = "recorded_by"
    list_display = ["beneficiary", "purpose", "given", "recorded_at", "recorded_by"]
    list_filter = ["purpose", "given"]
    list_select_related = ["beneficiary", "recorded_by"]
    search_fields = ["=beneficiary__file_number"]
    raw_id_fields = ["beneficiary", "signed_form"]
    show_full_result_count = False

    def has_change_permission(self, request, obj=None):
        # A consent is a record of what the person said at one time: a new answer is a new
        # record (services.consent_record), never an edit.
        return False


@admin.register(Attachment)
class AttachmentAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["original_name", "beneficiary", "kind", "size", "uploaded_at", "uploaded_by"]
    list_filter = ["kind"]
    list_select_related = ["beneficiary", "uploaded_by"]
    search_fields = ["=beneficiary__file_number"]
    # Never the storage path: the file is served only by the scoped, recorded download view.
    fields = [
        "beneficiary",
        "case",
        "kind",
        "original_name",
        "download",
        "content_type",
        "size",
        "uploaded_at",
        "uploaded_by",
    ]
    readonly_fields = fields
    show_full_result_count = False

    @admin.display(description=_("file"))
    def download(self, attachment):
        return format_html(
            '<a href="{}">{}</a>', attachment.get_absolute_url(), attachment.original_name
        )

    def has_add_permission(self, request):
        # Uploads go through services.attachment_add, which checks type and size.
        return False

    def has_change_permission(self, request, obj=None):
        return False
