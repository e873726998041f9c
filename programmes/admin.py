"""The admin of aid programmes: scoped like every page (entraide.scoping), reads recorded
(entraide.reads). The catalogue and the programmes are reference data, the administrators',
imported and exported by their code; the rest belongs to a delegation.

What has a service is written through it: a donation (donations.donation_record). The store
moves only on its pages (programmes.stock: a lot comes in with its movement, a count with its
reason): lots are corrected here but never added, movements and what was handed over
(entitlements, kits) are only shown. People are named by their file number."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from entraide.admin import ReferenceAdmin
from entraide.imports import PortalAdmin, PortalResource, ReferenceResource
from entraide.scoping import ScopedAdminMixin
from entraide.signatures import SignedAdminMixin

from . import donations
from .models import (
    AidRequest,
    Budget,
    CommitteeMeeting,
    Donation,
    EligibilityRule,
    Emergency,
    Entitlement,
    Household,
    Item,
    KitDelivery,
    Lot,
    Movement,
    Programme,
)


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def file_number_of(path, description=None):
    """A column naming the person by their file number, through `path` to the file."""

    @admin.display(description=description or _("file number"), ordering=f"{path}__file_number")
    def file_number(self, obj):
        person = obj
        for step in path.split("__"):
            person = getattr(person, step, None)
        return person.file_number if person else "—"

    return file_number


# Reference data -------------------------------------------------------------------------------


class ItemResource(ReferenceResource):
    class Meta(ReferenceResource.Meta):
        model = Item
        fields = [*ReferenceResource.Meta.fields, "unit", "unit_value"]


class ProgrammeResource(PortalResource):
    class Meta(PortalResource.Meta):
        model = Programme
        import_id_fields = ["code"]
        fields = [
            "code",
            "name_ar",
            "name_fr",
            "kind",
            "description_ar",
            "description_fr",
            "is_open",
        ]


@admin.register(Item)
class ItemAdmin(ReferenceAdmin):
    resource_classes = [ItemResource]
    list_display = ["code", "name", "unit", "unit_value", "position", "is_active"]


class EligibilityRuleInline(admin.TabularInline):
    model = EligibilityRule
    extra = 0


class BudgetInline(ScopedAdminMixin, admin.TabularInline):
    model = Budget
    extra = 0
    fields = ["unit", "year", "amount"]


@admin.register(Programme)
class ProgrammeAdmin(PortalAdmin, TranslationAdmin):
    resource_classes = [ProgrammeResource]
    list_display = ["code", "name", "kind", "is_open"]
    list_filter = ["kind", "is_open"]
    search_fields = ["code", "name_ar", "name_fr"]
    readonly_fields = ["created_at"]
    inlines = [EligibilityRuleInline, BudgetInline]


# A delegation's records -----------------------------------------------------------------------


@admin.register(Budget)
class BudgetAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["programme", "unit", "year", "amount"]
    list_filter = ["year", "programme"]
    list_select_related = ["programme", "unit"]
    search_fields = ["=unit__code", "=programme__code"]


@admin.register(CommitteeMeeting)
class CommitteeMeetingAdmin(SignedAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["held_on", "delegation", "created_by"]
    list_select_related = ["delegation", "created_by"]
    date_hierarchy = "held_on"
    search_fields = ["=delegation__code"]
    readonly_fields = ["created_at"]
    show_full_result_count = False


@admin.register(AidRequest)
class AidRequestAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Requests are recorded from a person's file, with the rules checked then: the admin shows
    them and corrects a decision (its status, reason and meeting), never adds one."""

    list_display = [
        "file_number",
        "programme",
        "delegation",
        "cycle",
        "requested_on",
        "eligible",
        "status",
    ]
    list_filter = ["status", "eligible", "cycle", "programme"]
    list_select_related = ["person", "programme", "delegation"]
    search_fields = ["=person__file_number"]
    date_hierarchy = "requested_on"
    fields = [
        "programme",
        "file_number",
        "delegation",
        "cycle",
        "requested_on",
        "need",
        "monthly_income",
        "eligible",
        "unmet",
        "status",
        "decision_reason",
        "meeting",
        "recorded_by",
        "created_at",
        "updated_at",
    ]
    readonly_fields = [
        name for name in fields if name not in ("status", "decision_reason", "meeting")
    ]
    show_full_result_count = False

    file_number = file_number_of("person")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Donation)
class DonationAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["received_on", "donor", "kind", "amount", "programme", "delegation"]
    list_filter = ["kind", "programme"]
    list_select_related = ["programme", "delegation"]
    search_fields = ["donor", "=delegation__code"]
    date_hierarchy = "received_on"
    readonly_fields = ["recorded_by"]
    show_full_result_count = False

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        data = form.cleaned_data
        donation = donations.donation_record(
            delegation=data["delegation"],
            donor=data["donor"],
            kind=data["kind"],
            amount=data["amount"],
            programme=data.get("programme"),
            received_on=data.get("received_on"),
            note=data.get("note", ""),
            actor=request.user,
        )
        obj.pk, obj.recorded_by = donation.pk, donation.recorded_by
        obj._state.adding = False

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "delegation":
            formfield.queryset = formfield.queryset.delegations()
        return formfield


class MovementInline(ReadOnlyMixin, admin.TabularInline):
    model = Movement
    fields = ["at", "kind", "quantity", "reason", "by"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("programmes.view_movement")


@admin.register(Lot)
class LotAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """A lot's origin and date are corrected here; its units move only through the store's
    pages (received with their movement, counted with a reason): `left` is PostgreSQL's."""

    list_display = ["item", "delegation", "received_on", "donation", "purchase", "left"]
    list_filter = ["item", "received_on"]
    list_select_related = ["item", "delegation", "donation"]
    search_fields = ["=delegation__code", "purchase", "donation__donor"]
    date_hierarchy = "received_on"
    fields = ["delegation", "item", "donation", "purchase", "received_on", "left", "created_at"]
    readonly_fields = ["delegation", "item", "left", "created_at"]
    inlines = [MovementInline]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "donation":
            # The lot's own delegation's donations (the change page is the only form).
            lot_id = request.resolver_match.kwargs.get("object_id")
            lot = Lot.objects.filter(pk=lot_id).values("delegation").first() if lot_id else None
            if lot:
                formfield.queryset = formfield.queryset.filter(delegation=lot["delegation"])
        return formfield


@admin.register(Movement)
class MovementAdmin(ReadOnlyMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["at", "item", "delegation", "kind", "quantity", "by"]
    list_filter = ["kind"]
    list_select_related = ["lot__item", "lot__delegation", "by"]
    search_fields = ["=lot__delegation__code"]
    date_hierarchy = "at"
    fields = ["lot", "kind", "quantity", "reason", "by", "at"]
    readonly_fields = fields
    show_full_result_count = False

    @admin.display(description=_("item"), ordering="lot__item")
    def item(self, movement):
        return movement.lot.item

    @admin.display(description=_("store of"), ordering="lot__delegation")
    def delegation(self, movement):
        return movement.lot.delegation


@admin.register(Entitlement)
class EntitlementAdmin(ReadOnlyMixin, ScopedAdminMixin, admin.ModelAdmin):
    """Granted by the committee and handed over with a receipt on the portal's pages; the
    receipt itself is served there, through its scoped view."""

    list_display = [
        "file_number",
        "programme",
        "cycle",
        "item",
        "quantity",
        "amount",
        "delivered_at",
    ]
    list_filter = ["programme", "cycle"]
    list_select_related = ["person", "programme", "item"]
    search_fields = ["=person__file_number"]
    date_hierarchy = "created_at"
    fields = [
        "request",
        "file_number",
        "programme",
        "cycle",
        "item",
        "quantity",
        "amount",
        "lot",
        "delivered_at",
        "delivered_by",
        "created_at",
    ]
    readonly_fields = fields
    show_full_result_count = False

    file_number = file_number_of("person")


@admin.register(Emergency)
class EmergencyAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["title", "delegation", "province", "started_on", "closed_on", "kit"]
    list_filter = ["started_on", "programme"]
    list_select_related = ["delegation", "province", "kit"]
    search_fields = ["title", "=delegation__code"]
    date_hierarchy = "started_on"
    readonly_fields = ["created_at"]
    show_full_result_count = False

    def has_delete_permission(self, request, obj=None):
        return False

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "delegation":
            formfield.queryset = formfield.queryset.delegations()
        return formfield


@admin.register(Household)
class HouseholdAdmin(SignedAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    signature_field = "registered_by"
    list_display = ["emergency", "commune", "douar", "members", "head_file_number"]
    list_filter = ["commune"]
    list_select_related = ["emergency", "head"]
    search_fields = ["=head__file_number", "commune"]
    raw_id_fields = ["head"]
    readonly_fields = ["registered_at"]
    show_full_result_count = False

    head_file_number = file_number_of("head", _("head of household's file"))

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(KitDelivery)
class KitDeliveryAdmin(ReadOnlyMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["delivered_at", "emergency", "commune", "round", "lot"]
    list_filter = ["round"]
    list_select_related = ["household__emergency", "lot__item"]
    date_hierarchy = "delivered_at"
    fields = ["household", "round", "lot", "delivered_at", "delivered_by"]
    readonly_fields = fields
    show_full_result_count = False

    @admin.display(description=_("emergency"), ordering="household__emergency")
    def emergency(self, kit):
        return kit.household.emergency

    @admin.display(description=_("commune"), ordering="household__commune")
    def commune(self, kit):
        return kit.household.commune
