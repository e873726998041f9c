from import_export import fields, resources, widgets

from .models import OrgUnit, Province, Region


class RegionResource(resources.ModelResource):
    class Meta:
        model = Region
        import_id_fields = ["code"]
        fields = ["code", "name_fr", "name_ar"]
        skip_unchanged = True


class ProvinceResource(resources.ModelResource):
    region_code = fields.Field(
        attribute="region",
        column_name="region_code",
        widget=widgets.ForeignKeyWidget(Region, field="code"),
    )

    class Meta:
        model = Province
        import_id_fields = ["code"]
        fields = ["code", "region_code", "kind", "name_fr", "name_ar"]
        skip_unchanged = True


class OrgUnitResource(resources.ModelResource):
    parent_code = fields.Field(column_name="parent_code")
    region_code = fields.Field(
        attribute="region",
        column_name="region_code",
        widget=widgets.ForeignKeyWidget(Region, "code"),
    )

    class Meta:
        model = OrgUnit
        fields = ["code", "kind", "name_ar", "name_fr", "parent_code", "region_code", "is_active"]
        export_order = fields

    def dehydrate_parent_code(self, unit):
        parent = OrgUnit.objects.get_parent(unit)
        return parent.code if parent else ""
