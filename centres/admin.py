from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from entraide.admin import ReferenceAdmin
from entraide.imports import PortalAdmin
from entraide.scoping import ScopedAdminMixin

from .models import ActivityLine, Centre, CentreType, MonthlyActivity, Service, TargetGroup
from .resources import (
    ActivityLineResource,
    CentreResource,
    CentreTypeResource,
    MonthlyActivityResource,
    ServiceResource,
    TargetGroupResource,
)


@admin.register(TargetGroup)
class TargetGroupAdmin(ReferenceAdmin):
    resource_classes = [TargetGroupResource]


@admin.register(Service)
class ServiceAdmin(ReferenceAdmin):
    resource_classes = [ServiceResource]
    # The deadlines of the referrals that ask for the service (beneficiaries.Referral.due_at).
    list_display = [
        "code",
        "name",
        "urgent_response_hours",
        "response_days",
        "position",
        "is_active",
    ]


@admin.register(CentreType)
class CentreTypeAdmin(ReferenceAdmin):
    resource_classes = [CentreTypeResource]
    list_display = ["code", "name", "family", "parent", "capacity_unit", "position", "is_active"]
    list_filter = ["family", "is_active"]
    list_select_related = ["parent"]


@admin.register(Centre)
class CentreAdmin(ScopedAdminMixin, PortalAdmin, TranslationAdmin):
    resource_classes = [CentreResource]
    list_display = ["code", "name", "type", "delegation", "status", "management_mode", "capacity"]
    list_filter = ["status", "management_mode", "type", "province__region"]
    list_select_related = ["type", "delegation"]
    search_fields = ["code", "name_ar", "name_fr"]
    filter_horizontal = ["target_groups", "services", "managers"]
    readonly_fields = ["created_at", "updated_at"]


class ActivityLineInline(admin.TabularInline):
    model = ActivityLine
    extra = 0


@admin.register(MonthlyActivity)
class MonthlyActivityAdmin(ScopedAdminMixin, PortalAdmin):
    resource_classes = [MonthlyActivityResource]
    list_display = ["centre", "month", "status", "people_served", "new_entries", "exits"]
    list_filter = ["status", "month"]
    list_select_related = ["centre"]
    search_fields = ["centre__code", "centre__name_ar", "centre__name_fr"]
    date_hierarchy = "month"
    readonly_fields = ["submitted_at", "submitted_by", "validated_at", "validated_by"]
    inlines = [ActivityLineInline]


@admin.register(ActivityLine)
class ActivityLineAdmin(ScopedAdminMixin, PortalAdmin):
    resource_classes = [ActivityLineResource]
    list_display = ["activity", "service", "sex", "age_band", "people"]
    list_filter = ["sex", "age_band", "service"]
    list_select_related = ["activity__centre", "service"]
