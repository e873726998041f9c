""" "Under a unit" is said once: `OrgUnit.objects.under(unit)`, the unit and everything below it
by one prefix match on the materialised path. No other code writes that match by hand."""

from pathlib import Path

import pytest

from territory.models import OrgUnit
from tests.factories import unit

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_under_a_coordination_are_itself_and_its_delegations_only():
    region = unit("CR-MA-05")  # Béni Mellal-Khénifra
    under = set(OrgUnit.objects.under(region).values_list("code", flat=True))
    assert "CR-MA-05" in under
    assert "DP-MA-KHO" in under  # Khouribga
    assert "DP-MA-RAB" not in under  # Rabat, another region
    assert all(child.path.startswith(region.path) for child in OrgUnit.objects.under(region))
    assert set(OrgUnit.objects.under(unit("DP-MA-KHO")).values_list("code", flat=True)) == {
        "DP-MA-KHO"
    }


def test_no_code_writes_the_subtree_match_by_hand():
    written = [
        str(path.relative_to(ROOT))
        for folder in (
            "entraide",
            "territory",
            "centres",
            "beneficiaries",
            "partnerships",
            "recruitment",
        )
        for path in (ROOT / folder).rglob("*.py")
        if "migrations" not in path.parts and "path__startswith" in path.read_text(encoding="utf-8")
    ]
    assert written == ["territory/models.py"]
