"""Anonymise the files whose retention period has ended (beneficiaries.retention).

A dry run unless --apply: it lists the files that would be anonymised and changes nothing.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from beneficiaries.models import Beneficiary
from beneficiaries.retention import (
    beneficiary_anonymise,
    eligible_for_anonymisation,
    retention_cutoff,
    retention_years,
)


class Command(BaseCommand):
    help = (
        "Anonymise the files whose cases were all closed more than BENEFICIARY_RETENTION_YEARS "
        "years ago (or, without a case, created that long ago). Lists them only, unless --apply."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--apply", action="store_true", help="anonymise them (without it: list them only)"
        )
        parser.add_argument(
            "--retention-years",
            dest="years",
            type=int,
            metavar="N",
            help="retention period in years (default: the BENEFICIARY_RETENTION_YEARS setting)",
        )

    def handle(self, *args, apply=False, years=None, **options):
        years = retention_years() if years is None else years
        if years < 1:
            raise CommandError("--retention-years must be at least 1.")
        cutoff = retention_cutoff(years=years)
        with transaction.atomic():
            due = eligible_for_anonymisation(years=years).order_by("file_number")
            if apply:
                due = due.select_for_update()
            numbers = list(due.values_list("file_number", flat=True))
            period = f"retention {years} years, quiet since before {cutoff:%Y-%m-%d}"
            if not apply:
                self.stdout.write(f"{len(numbers)} file(s) to anonymise ({period}):")
                for number in numbers:
                    self.stdout.write(f"  {number}")
                self.stdout.write(
                    "Dry run: nothing was changed. Run again with --apply to anonymise them."
                )
                return
            for person in Beneficiary.objects.filter(file_number__in=numbers).order_by(
                "file_number"
            ):
                beneficiary_anonymise(beneficiary=person)
            self.stdout.write(f"anonymised {len(numbers)} file(s) ({period}):")
            for number in numbers:
                self.stdout.write(f"  {number}")
