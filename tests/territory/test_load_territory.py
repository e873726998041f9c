import io

import pytest
from django.core.management import call_command

from territory.models import OrgUnit, Province, Region

pytestmark = pytest.mark.django_db


def run_load():
    out = io.StringIO()
    call_command("load_territory", stdout=out)
    return out.getvalue()


def test_reference_data_holds_the_2015_division():
    assert Region.objects.count() == 12
    assert Province.objects.count() == 75
    assert Province.objects.filter(kind="prefecture").count() == 13
    nouaceur = Province.objects.get(code="MA-NOU")
    assert nouaceur.region.code == "MA-06"  # the decree, not ISO's error
    assert Region.objects.get(code="MA-05").name_ar == "بني ملال-خنيفرة"


def test_the_tree_has_the_direction_central_units_coordinations_and_delegations():
    root = OrgUnit.objects.get_root_nodes().get()
    assert root.code == "EN"
    assert root.name_fr == "Entraide Nationale"
    assert root.name_ar == "التعاون الوطني"
    kinds = {u.code: u.kind for u in OrgUnit.objects.get_children(root)}
    assert kinds["EN-SDAG"] == OrgUnit.Kind.SUB_DIRECTORATE
    assert kinds["EN-SDAS"] == OrgUnit.Kind.SUB_DIRECTORATE
    assert kinds["EN-INSP"] == OrgUnit.Kind.INSPECTORATE
    assert OrgUnit.objects.get_children(OrgUnit.objects.get(code="EN-INSP")).count() == 5
    assert OrgUnit.objects.filter(kind=OrgUnit.Kind.COORDINATION).count() == 12
    assert OrgUnit.objects.filter(kind=OrgUnit.Kind.DELEGATION).count() == 75


def test_a_delegation_sits_under_its_regions_coordination_and_covers_its_province():
    khouribga = OrgUnit.objects.get(code="DP-MA-KHO")
    assert OrgUnit.objects.get_parent(khouribga).code == "CR-MA-05"
    assert list(khouribga.provinces.values_list("code", flat=True)) == ["MA-KHO"]
    assert khouribga.name_fr == "Délégation provinciale de Khouribga"
    assert khouribga.name_ar == "المندوبية الإقليمية بخريبكة"
    assert OrgUnit.objects.get(code="CR-MA-02").name_fr == "Coordination régionale de l'Oriental"


def test_a_second_run_creates_nothing_and_prints_what_it_did():
    before = OrgUnit.objects.count()
    output = run_load()
    assert OrgUnit.objects.count() == before
    assert "regions: 0 created, 0 updated" in output
    assert "units: 0 created, 0 updated" in output


def test_names_are_updated_in_place_but_named_inspection_teams_are_kept():
    Region.objects.filter(code="MA-05").update(name_fr="Ancien nom")
    OrgUnit.objects.filter(code="DP-MA-KHO").update(name_ar="قديم")
    OrgUnit.objects.filter(code="EN-INSP-1").update(name_fr="Équipe Nord")
    pk = OrgUnit.objects.get(code="DP-MA-KHO").pk
    output = run_load()
    assert Region.objects.get(code="MA-05").name_fr == "Béni Mellal-Khénifra"
    unit = OrgUnit.objects.get(code="DP-MA-KHO")
    assert unit.pk == pk
    assert unit.name_ar == "المندوبية الإقليمية بخريبكة"
    assert OrgUnit.objects.get(code="EN-INSP-1").name_fr == "Équipe Nord"
    assert "regions: 0 created, 1 updated" in output


def test_an_administrator_added_delegation_survives_a_reload():
    casablanca = OrgUnit.objects.get(code="CR-MA-06")
    OrgUnit.objects.add_child(
        casablanca,
        create_kwargs={
            "code": "DP-CASA-ANFA",
            "kind": OrgUnit.Kind.DELEGATION,
            "name_ar": "الدار البيضاء-أنفا",
            "name_fr": "Délégation de Casablanca-Anfa",
        },
    )
    run_load()
    assert OrgUnit.objects.get_parent(OrgUnit.objects.get(code="DP-CASA-ANFA")).code == "CR-MA-06"
