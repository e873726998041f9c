"""Territory exports are formula-safe like every other export of the portal."""

import pytest
from django.urls import reverse

from territory.models import Region
from territory.resources import OrgUnitResource, ProvinceResource, RegionResource

pytestmark = pytest.mark.django_db


def test_a_region_named_like_a_formula_is_exported_as_text():
    region = Region.objects.first()
    Region.objects.filter(pk=region.pk).update(name_fr='=HYPERLINK("http://evil","x")')
    exported = RegionResource().export(queryset=Region.objects.filter(pk=region.pk))
    assert exported.dict[0]["name_fr"] == '\'=HYPERLINK("http://evil","x")'


def test_every_territory_resource_is_a_portal_resource():
    from entraide.imports import PortalResource

    for resource in (RegionResource, ProvinceResource, OrgUnitResource):
        assert issubclass(resource, PortalResource)


def test_the_admin_export_of_regions_is_formula_safe(client_for, administrator):
    region = Region.objects.first()
    Region.objects.filter(pk=region.pk).update(name_ar="@SUM(A1:A9)")
    response = client_for(administrator).post(
        reverse("admin:territory_region_export"),
        {"format": "0", "resource": "0", "regionresource_name_ar": "on"},
    )
    assert response.status_code == 200
    body = response.content.decode("utf-8-sig")
    assert "'@SUM(A1:A9)" in body
