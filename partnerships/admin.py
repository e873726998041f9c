"""The admin of partnerships: scoped like every page (entraide.scoping), imports and exports
through the Resources, bank details only for those allowed to see them, and the budget rule of
tranches said in words before the database refuses it."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from entraide.admin import ReferenceAdmin
from entraide.imports import PortalAdmin
from entraide.scoping import ScopedAdminMixin
from entraide.signatures import SignedAdminMixin

from .models import (
    Amendment,
    Association,
    Commitment,
    ControlCampaign,
    Convention,
    FieldOfAction,
    Inspection,
    OwedReport,
    Partner,
    Recommendation,
    Tranche,
)
from .resources import (
    AmendmentResource,
    AssociationResource,
    CommitmentResource,
    ControlCampaignResource,
    ConventionResource,
    FieldOfActionResource,
    InspectionResource,
    OwedReportResource,
    PartnerResource,
    RecommendationResource,
    TrancheResource,
    budget_message,
    contribution_message,
    locked_contribution,
    tranches_planned,
)


class FoldedSearchMixin:
    """Searched through the folded column (`QuerySet.search`), as in the portal: a name is
    found whatever its diacritics, hamza, alef forms, case or accents."""

    def get_search_results(self, request, queryset, search_term):
        return queryset.search(search_term), False


@admin.register(FieldOfAction)
class FieldOfActionAdmin(ReferenceAdmin):
    resource_classes = [FieldOfActionResource]


@admin.register(Association)
class AssociationAdmin(FoldedSearchMixin, ScopedAdminMixin, PortalAdmin, TranslationAdmin):
    resource_classes = [AssociationResource]
    list_display = [
        "registration_number",
        "name",
        "acronym",
        "delegation",
        "legal_status",
        "public_utility",
        "status",
    ]
    list_filter = ["status", "legal_status", "public_utility", "province__region"]
    list_select_related = ["delegation"]
    search_fields = ["registration_number", "acronym", "name_ar", "name_fr"]
    search_help_text = _("A registration number, an acronym, or words of the name.")
    filter_horizontal = ["fields_of_action", "target_groups", "staff"]
    readonly_fields = ["created_at", "updated_at"]


class ConventionAdminForm(forms.ModelForm):
    def clean_en_contribution(self):
        contribution = self.cleaned_data.get("en_contribution")
        if self.instance.pk and contribution is not None:
            locked_contribution(self.instance)
            planned = tranches_planned(self.instance)
            if planned > contribution:
                raise forms.ValidationError(contribution_message(planned))
        return contribution


class PartnerInline(admin.TabularInline):
    model = Partner
    extra = 0


class CommitmentInline(TranslationTabularInline):
    model = Commitment
    extra = 0
    fields = ["party", "description", "due_date", "done", "done_on", "comment"]


@admin.register(Convention)
class ConventionAdmin(
    SignedAdminMixin, FoldedSearchMixin, ScopedAdminMixin, PortalAdmin, TranslationAdmin
):
    form = ConventionAdminForm
    resource_classes = [ConventionResource]
    list_display = [
        "reference",
        "title",
        "kind",
        "signing_unit",
        "status",
        "start_date",
        "end_date",
        "en_contribution",
    ]
    list_filter = ["status", "kind"]
    list_select_related = ["signing_unit"]
    search_fields = ["reference", "title_ar", "title_fr"]
    search_help_text = _("A reference or words of the title.")
    date_hierarchy = "start_date"
    autocomplete_fields = ["associations", "centres"]
    readonly_fields = ["created_at", "updated_at", "created_by"]
    inlines = [PartnerInline, CommitmentInline]


class ConventionChildAdmin(ScopedAdminMixin, PortalAdmin):
    list_select_related = ["convention"]
    search_fields = ["convention__reference"]
    search_help_text = _("A convention's reference.")
    autocomplete_fields = ["convention"]


@admin.register(Partner)
class PartnerAdmin(ConventionChildAdmin):
    resource_classes = [PartnerResource]
    list_display = ["name", "convention", "kind", "contribution"]
    list_filter = ["kind"]
    search_fields = ["name", "convention__reference"]


@admin.register(Commitment)
class CommitmentAdmin(ConventionChildAdmin, TranslationAdmin):
    resource_classes = [CommitmentResource]
    list_display = ["__str__", "convention", "party", "due_date", "done", "done_on"]
    list_filter = ["done"]
    date_hierarchy = "due_date"


@admin.register(OwedReport)
class OwedReportAdmin(ConventionChildAdmin):
    resource_classes = [OwedReportResource]
    list_display = ["__str__", "convention", "due_date", "received_on", "assessment"]
    list_filter = ["kind", "assessment", ("received_on", admin.EmptyFieldListFilter)]
    date_hierarchy = "due_date"


class TrancheAdminForm(forms.ModelForm):
    def clean(self):
        cleaned_data = super().clean()
        convention = cleaned_data.get("convention")
        if convention is None and self.instance.convention_id:
            convention = self.instance.convention
        amount = cleaned_data.get("planned_amount")
        if convention is not None and amount is not None:
            contribution = locked_contribution(convention)
            planned = tranches_planned(convention, excluding_pk=self.instance.pk) + amount
            if planned > contribution:
                self.add_error("planned_amount", budget_message(convention, planned, contribution))
        return cleaned_data


@admin.register(Tranche)
class TrancheAdmin(ConventionChildAdmin):
    form = TrancheAdminForm
    resource_classes = [TrancheResource]
    list_display = [
        "convention",
        "number",
        "planned_amount",
        "planned_date",
        "paid_amount",
        "paid_on",
    ]
    list_filter = [("paid_on", admin.EmptyFieldListFilter)]
    date_hierarchy = "planned_date"
    raw_id_fields = ["condition_report"]
    # A payment is recorded in the portal (services.tranche_pay), where overdue reports
    # hold it back and only a delegate may let it through, saying why.
    readonly_fields = [
        "paid_amount",
        "paid_on",
        "payment_reference",
        "paid_by",
        "override_reason",
        "override_by",
    ]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return [*readonly, "convention"] if obj is not None else readonly

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_paid:
            return False  # a paid tranche is history
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_paid:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Amendment)
class AmendmentAdmin(SignedAdminMixin, ConventionChildAdmin):
    signature_field = "recorded_by"
    resource_classes = [AmendmentResource]
    list_display = ["__str__", "convention", "signed_on", "new_end_date", "new_en_contribution"]
    date_hierarchy = "signed_on"
    readonly_fields = ["recorded_at", "recorded_by"]


@admin.register(ControlCampaign)
class ControlCampaignAdmin(SignedAdminMixin, ScopedAdminMixin, PortalAdmin):
    resource_classes = [ControlCampaignResource]
    list_display = ["title", "year", "unit", "share", "status", "drawn_at"]
    list_filter = ["status", "year"]
    list_select_related = ["unit"]
    search_fields = ["title"]
    readonly_fields = ["drawn_at", "created_at", "created_by"]


class RecommendationInline(admin.TabularInline):
    model = Recommendation
    extra = 0


@admin.register(Inspection)
class InspectionAdmin(SignedAdminMixin, ScopedAdminMixin, PortalAdmin):
    resource_classes = [InspectionResource]
    list_display = ["__str__", "unit", "team", "planned_date", "status", "conclusion"]
    list_filter = ["status", "subject", "conclusion"]
    list_select_related = ["association", "convention", "centre", "unit", "team"]
    search_fields = [
        "=association__registration_number",
        "=convention__reference",
        "=centre__code",
        "inspectors",
    ]
    search_help_text = _("A registration number, a convention reference, a centre code or a name.")
    date_hierarchy = "planned_date"
    autocomplete_fields = ["association", "convention", "centre"]
    # The unit concerned follows the subject (Inspection.clean).
    readonly_fields = ["unit", "created_at", "created_by"]
    inlines = [RecommendationInline]


@admin.register(Recommendation)
class RecommendationAdmin(ScopedAdminMixin, PortalAdmin):
    resource_classes = [RecommendationResource]
    list_display = ["__str__", "inspection", "status", "due_date", "closed_on"]
    list_filter = ["status"]
    list_select_related = [
        "inspection__association",
        "inspection__convention",
        "inspection__centre",
    ]
    search_fields = ["text"]
    raw_id_fields = ["inspection"]
