from import_export import fields, widgets

from entraide.imports import PortalResource

from .models import OrgUnit, Province, Region

# PortalResource: formula-safe exports, rows checked by full_clean, all or nothing.


class RegionResource(PortalResource):
    class Meta(PortalResource.Meta):
        model = Region
        import_id_fields = ["code"]
        fields = ["code", "name_fr", "name_ar"]
        skip_unchanged = True


class ProvinceResource(PortalResource):
    region_code = fields.Field(
        attribute="region",
        column_name="region_code",
        widget=widgets.ForeignKeyWidget(Region, field="code"),
    )

    class Meta(PortalResource.Meta):
        model = Province
        import_id_fields = ["code"]
        fields = ["code", "region_code", "kind", "name_fr", "name_ar"]
        skip_unchanged = True


class OrgUnitResource(PortalResource):
    parent_code = fields.Field(column_name="parent_code")
    region_code = fields.Field(
        attribute="region",
        column_name="region_code",
        widget=widgets.ForeignKeyWidget(Region, "code"),
    )

    class Meta(PortalResource.Meta):
        model = OrgUnit
        fields = ["code", "kind", "name_ar", "name_fr", "parent_code", "region_code", "is_active"]
        export_order = fields

    def dehydrate_parent_code(self, unit):
        parent = OrgUnit.objects.get_parent(unit)
        return parent.code if parent else ""
