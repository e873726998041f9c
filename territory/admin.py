from django.contrib import admin
from import_export.admin import ExportActionModelAdmin
from modeltranslation.admin import TranslationAdmin
from treebeard.forms import movenodeform_factory

from entraide.audit import AuditedExportMixin
from entraide.imports import PortalAdmin, PortalExportAdminMixin
from entraide.scoping import ScopedAdminMixin

from .models import OrgUnit, Province, Region
from .resources import OrgUnitResource, ProvinceResource, RegionResource


@admin.register(Region)
class RegionAdmin(PortalAdmin, TranslationAdmin):
    resource_classes = [RegionResource]
    list_display = ["code", "name"]
    search_fields = ["code", "name_ar", "name_fr"]


@admin.register(Province)
class ProvinceAdmin(PortalAdmin, TranslationAdmin):
    resource_classes = [ProvinceResource]
    list_display = ["code", "name", "kind", "region"]
    list_filter = ["region", "kind"]
    list_select_related = ["region"]
    search_fields = ["code", "name_ar", "name_fr"]


@admin.register(OrgUnit)
class OrgUnitAdmin(
    ScopedAdminMixin,
    PortalExportAdminMixin,
    AuditedExportMixin,
    ExportActionModelAdmin,
    TranslationAdmin,
):
    """Administrators add divisions, services, inspection teams and delegations here; the
    position fields place the new unit in the tree."""

    form = movenodeform_factory(OrgUnit, exclude=["path", "depth", "numchild"])
    resource_classes = [OrgUnitResource]
    list_display = ["indented_name", "code", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name_ar", "name_fr"]
    filter_horizontal = ["provinces"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        visible = OrgUnit.objects.visible_to(request.user)

        class ScopedPositionForm(form):
            # The tree position is chosen among the units the administrator may see.
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                ref = self.fields["treebeard_ref_node"]
                ref.queryset = ref.queryset.filter(pk__in=visible.values("pk"))

        return ScopedPositionForm

    @admin.display(description=OrgUnit._meta.get_field("name").verbose_name, ordering="path")
    def indented_name(self, unit):
        return f"{'— ' * (unit.depth - 1)}{unit.name}"
