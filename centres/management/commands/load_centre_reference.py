"""Create the missing entries of the centre catalogues (centres/reference.py); idempotent."""

import pghistory
from django.core.management.base import BaseCommand
from django.db import transaction

from centres import reference
from centres.models import CentreType, Service, TargetGroup


class Command(BaseCommand):
    help = "Seed target groups, centre types and services; existing entries are left as edited."

    def handle(self, *args, **options):
        with transaction.atomic(), pghistory.context(command="load_centre_reference"):
            groups = self.seed(
                TargetGroup,
                [
                    (code, {"name_ar": ar, "name_fr": fr, "position": i})
                    for i, (code, ar, fr) in enumerate(reference.TARGET_GROUPS)
                ],
            )
            types = 0
            for i, (code, family, unit, ar, fr, parent) in enumerate(reference.CENTRE_TYPES):
                defaults = {
                    "family": family,
                    "capacity_unit": unit,
                    "name_ar": ar,
                    "name_fr": fr,
                    "position": i,
                    "parent": CentreType.objects.get(code=parent) if parent else None,
                }
                types += CentreType.objects.get_or_create(code=code, defaults=defaults)[1]
            services = self.seed(
                Service,
                [
                    (code, {"name_ar": ar, "name_fr": fr, "position": i})
                    for i, (code, ar, fr) in enumerate(reference.SERVICES)
                ],
            )
        self.stdout.write(
            f"target groups: {groups} created; centre types: {types} created; "
            f"services: {services} created (existing entries kept as edited)"
        )

    def seed(self, model, entries):
        return sum(model.objects.get_or_create(code=code, defaults=d)[1] for code, d in entries)
