"""Import and export of centres and their activity: related records by code, all or nothing
(entraide.imports)."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, widgets

from entraide.imports import (
    CodesWidget,
    CodeWidget,
    PortalResource,
    ReferenceResource,
    ScopedForeignKeyWidget,
)
from territory.models import OrgUnit, Province

from .models import (
    ActivityLine,
    Centre,
    CentreType,
    MonthlyActivity,
    Service,
    TargetGroup,
)


class TargetGroupResource(ReferenceResource):
    class Meta(ReferenceResource.Meta):
        model = TargetGroup


class ServiceResource(ReferenceResource):
    class Meta(ReferenceResource.Meta):
        model = Service


class CentreTypeResource(ReferenceResource):
    parent_code = fields.Field(
        attribute="parent",
        column_name="parent_code",
        widget=CodeWidget(CentreType, "code"),
    )

    class Meta(ReferenceResource.Meta):
        model = CentreType
        fields = [*ReferenceResource.Meta.fields, "family", "capacity_unit", "parent_code"]


class CentreResource(PortalResource):
    type_code = fields.Field(
        attribute="type",
        column_name="type_code",
        widget=CodeWidget(CentreType, "code"),
    )
    delegation_code = fields.Field(
        attribute="delegation",
        column_name="delegation_code",
        widget=ScopedForeignKeyWidget(OrgUnit, "code"),
    )
    province_code = fields.Field(
        attribute="province",
        column_name="province_code",
        widget=CodeWidget(Province, "code"),
    )
    target_groups = fields.Field(
        attribute="target_groups", column_name="target_groups", widget=CodesWidget(TargetGroup)
    )
    services = fields.Field(
        attribute="services", column_name="services", widget=CodesWidget(Service)
    )

    class Meta:
        model = Centre
        import_id_fields = ["code"]
        fields = [
            "code",
            "name_ar",
            "name_fr",
            "type_code",
            "delegation_code",
            "province_code",
            "commune",
            "address",
            "latitude",
            "longitude",
            "phone",
            "email",
            "management_mode",
            "status",
            "status_date",
            "opened_on",
            "capacity",
            "capacity_unit",
            "staff_count",
            "target_groups",
            "services",
        ]
        export_order = fields

    def get_queryset(self):
        queryset = Centre.objects.select_related("type", "delegation", "province")
        return queryset.visible_to(self.user) if self.user is not None else queryset


class MonthWidget(widgets.Widget):
    """A month as 2026-10 (or any date in it, as spreadsheets like to turn it into)."""

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        if isinstance(value, datetime.datetime):
            value = value.date()
        if isinstance(value, datetime.date):
            return value.replace(day=1)
        text = str(value).strip()
        for pattern in ("%Y-%m", "%Y-%m-%d", "%m/%Y"):
            try:
                return datetime.datetime.strptime(text, pattern).date().replace(day=1)  # noqa: DTZ007 - a calendar month
            except ValueError:
                continue
        raise ValueError(_("Write the month as YYYY-MM, for example 2026-10."))

    def render(self, value, obj=None, **kwargs):
        return value.strftime("%Y-%m") if value else ""


def _refuse_locked(activity):
    if (
        activity.pk
        and MonthlyActivity.objects.filter(
            pk=activity.pk, status=MonthlyActivity.Status.VALIDATED
        ).exists()
    ):
        raise ValidationError(
            _("%(month)s is validated and locked; the delegation must reopen it first.")
            % {"month": activity}
        )


class MonthlyActivityResource(PortalResource):
    centre_code = fields.Field(
        attribute="centre",
        column_name="centre_code",
        widget=ScopedForeignKeyWidget(Centre, "code"),
    )
    month = fields.Field(attribute="month", column_name="month", widget=MonthWidget())
    status = fields.Field(attribute="status", column_name="status", readonly=True)

    class Meta:
        model = MonthlyActivity
        import_id_fields = ["centre_code", "month"]
        fields = [
            "centre_code",
            "month",
            "people_served",
            "new_entries",
            "exits",
            "sessions_held",
            "over_capacity_note",
            "status",
        ]
        export_order = fields

    def get_queryset(self):
        queryset = MonthlyActivity.objects.select_related("centre")
        return queryset.visible_to(self.user) if self.user is not None else queryset

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        _refuse_locked(instance)
        super().validate_instance(instance, import_validation_errors, validate_unique)


class ActivityOfRowWidget(ScopedForeignKeyWidget):
    """The month of the row's centre (columns centre_code and month)."""

    def __init__(self):
        super().__init__(MonthlyActivity, "month")

    def clean(self, value, row=None, **kwargs):
        month = MonthWidget().clean(value)
        if month is None:
            return None
        activity = (
            self.get_queryset(value, row)
            .filter(centre__code=(row or {}).get("centre_code"), month=month)
            .first()
        )
        if activity is None:
            raise ValueError(
                _("No figures for this centre and month: import the month's totals first.")
            )
        return activity

    def render(self, value, obj=None, **kwargs):
        return value.month.strftime("%Y-%m") if value else ""


class ActivityLineResource(PortalResource):
    centre_code = fields.Field(
        attribute="activity__centre__code", column_name="centre_code", readonly=True
    )
    month = fields.Field(attribute="activity", column_name="month", widget=ActivityOfRowWidget())
    service_code = fields.Field(
        attribute="service",
        column_name="service_code",
        widget=CodeWidget(Service, "code"),
    )

    class Meta:
        model = ActivityLine
        import_id_fields = ["month", "service_code", "sex", "age_band"]
        fields = ["centre_code", "month", "service_code", "sex", "age_band", "people"]
        export_order = fields

    def get_queryset(self):
        queryset = ActivityLine.objects.select_related("activity__centre", "service")
        return queryset.visible_to(self.user) if self.user is not None else queryset

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        if instance.activity_id:
            _refuse_locked(instance.activity)
        super().validate_instance(instance, import_validation_errors, validate_unique)
