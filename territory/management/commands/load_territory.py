"""Load Morocco's regions and provinces and EN's organisational tree from territory/data/.

Idempotent: a second run creates nothing and updates names in place. Inspection teams are
created once with placeholder names; administrators name them, and later runs keep those names.
"""

import csv
from pathlib import Path

import pghistory
from django.core.management.base import BaseCommand
from django.db import transaction

from territory.models import OrgUnit, Province, Region

DATA = Path(__file__).resolve().parents[2] / "data"

ROOT = ("EN", OrgUnit.Kind.DIRECTION, "التعاون الوطني", "Entraide Nationale")
CENTRAL_UNITS = [
    (
        "EN-SDAG",
        OrgUnit.Kind.SUB_DIRECTORATE,
        "المديرية الفرعية للإدارة العامة",
        "Sous-direction de l'administration générale",
    ),
    (
        "EN-SDAS",
        OrgUnit.Kind.SUB_DIRECTORATE,
        "المديرية الفرعية للعمل الاجتماعي",
        "Sous-direction de l'action sociale",
    ),
    ("EN-INSP", OrgUnit.Kind.INSPECTORATE, "المفتشية", "Inspection"),
]
INSPECTION_TEAMS = 5


def french_of(name):
    """'de Rabat', "d'Essaouira", "de l'Oriental"."""
    if name.startswith("L'"):
        return "de l'" + name[2:]
    if name[:1].upper() in "AEIOUYÉÈ":
        return "d'" + name
    return "de " + name


def update_in_place(obj, values):
    """Save the values that differ; return whether any did."""
    changed = {k: v for k, v in values.items() if getattr(obj, k) != v}
    for key, value in changed.items():
        setattr(obj, key, value)
    if changed:
        obj.save(update_fields=list(changed))
    return bool(changed)


def read_csv(name):
    with open(DATA / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


class Command(BaseCommand):
    help = "Load regions, provinces and EN's organisational tree (idempotent)."

    def handle(self, *args, **options):
        self.counts = {}
        with transaction.atomic(), pghistory.context(command="load_territory"):
            regions = self.load_regions()
            provinces = self.load_provinces(regions)
            self.load_units(regions, provinces)
        for label, (created, updated) in self.counts.items():
            self.stdout.write(f"{label}: {created} created, {updated} updated")

    def count(self, label, created, updated):
        c, u = self.counts.get(label, (0, 0))
        self.counts[label] = (c + int(created), u + int(updated))

    def upsert(self, label, model, code, **values):
        obj = model.objects.filter(code=code).first()
        if obj is None:
            obj = model.objects.create(code=code, **values)
            self.count(label, True, False)
            return obj
        self.count(label, False, update_in_place(obj, values))
        return obj

    def load_regions(self):
        return {
            row["code"]: self.upsert(
                "regions", Region, row["code"], name_ar=row["name_ar"], name_fr=row["name_fr"]
            )
            for row in read_csv("regions.csv")
        }

    def load_provinces(self, regions):
        return {
            row["code"]: self.upsert(
                "provinces",
                Province,
                row["code"],
                region=regions[row["region_code"]],
                kind=row["kind"],
                name_ar=row["name_ar"],
                name_fr=row["name_fr"],
            )
            for row in read_csv("provinces.csv")
        }

    def unit(self, parent, code, kind, name_ar, name_fr, *, rename=True, **extra):
        unit = OrgUnit.objects.filter(code=code).first()
        if unit is None:
            values = {"code": code, "kind": kind, "name_ar": name_ar, "name_fr": name_fr, **extra}
            if parent is None:
                unit = OrgUnit.objects.add_root(create_kwargs=values)
            else:
                unit = OrgUnit.objects.add_child(parent, create_kwargs=values)
            self.count("units", True, False)
            return unit
        changed = rename and update_in_place(
            unit, {"name_ar": name_ar, "name_fr": name_fr, **extra}
        )
        self.count("units", False, changed)
        return unit

    def load_units(self, regions, provinces):
        root = self.unit(None, *ROOT)
        for code, kind, name_ar, name_fr in CENTRAL_UNITS:
            central = self.unit(root, code, kind, name_ar, name_fr)
            if kind == OrgUnit.Kind.INSPECTORATE:
                for number in range(1, INSPECTION_TEAMS + 1):
                    self.unit(
                        central,
                        f"EN-INSP-{number}",
                        OrgUnit.Kind.INSPECTION_TEAM,
                        f"فريق التفتيش {number}",
                        f"Équipe d'inspection {number}",
                        rename=False,
                    )
        coordinations = {}
        for code, region in regions.items():
            coordinations[code] = self.unit(
                root,
                f"CR-{code}",
                OrgUnit.Kind.COORDINATION,
                f"التنسيقية الجهوية لجهة {region.name_ar}",
                f"Coordination régionale {french_of(region.name_fr)}",
                region=region,
            )
        for code, province in provinces.items():
            delegation = self.unit(
                coordinations[province.region.code],
                f"DP-{code}",
                OrgUnit.Kind.DELEGATION,
                f"المندوبية الإقليمية ب{province.name_ar}",
                f"Délégation provinciale {french_of(province.name_fr)}",
            )
            if not delegation.provinces.filter(pk=province.pk).exists():
                delegation.provinces.add(province)
