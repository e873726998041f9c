"""Import a large CSV or XLSX file of people, all or nothing (beneficiaries.bulk)."""

import time

from django.core.management.base import BaseCommand, CommandError

from beneficiaries import bulk
from entraide.models import User
from territory.models import OrgUnit


class Command(BaseCommand):
    help = (
        "Import new people's files from a .csv (UTF-8 or Windows-1256) or .xlsx file with the "
        "columns of BeneficiaryResource. A file with any bad row writes nothing; every bad row "
        "is listed with its line."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .csv or .xlsx file")
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
        parser.add_argument(
            "--unit", help="only into the delegations under this unit (its code, e.g. DP-MA-KHO)"
        )
        parser.add_argument(
            "--user", help="import as this user: only into the delegations they may see"
        )

    def handle(self, *args, file, dry_run=False, unit=None, user=None, **options):
        actor = None
        if user:
            actor = User.objects.filter(username=user, is_active=True).first()
            if actor is None:
                raise CommandError(f"No active user {user!r}.")
        scope = None
        if unit:
            units = OrgUnit.objects.all() if actor is None else OrgUnit.objects.visible_to(actor)
            scope = units.filter(code=unit).first()
            if scope is None:
                raise CommandError(f"No unit {unit!r}" + (f" visible to {user}." if actor else "."))
        verbosity = options.get("verbosity", 1)
        started = time.monotonic()

        # On a terminal, one line rewritten in place; in a log, a line every 10,000 rows.
        interactive = self.stderr.isatty()

        def progress(done, total):
            if verbosity < 1 or (not interactive and done % 10000 and done != total):
                return
            rate = done / max(time.monotonic() - started, 1e-6)
            line = f"{done}/{total} rows ({rate:.0f} rows/s)"
            self.stderr.write(line, ending="\r" if interactive else "\n")
            self.stderr.flush()

        try:
            handle = open(file, "rb")
        except OSError as error:
            raise CommandError(str(error)) from None
        with handle:
            report = bulk.import_beneficiaries(
                handle, file, actor=actor, unit=scope, dry_run=dry_run, progress=progress
            )
        if verbosity >= 1 and interactive:
            self.stderr.write("")
        if not report.ok:
            for line, reason in report.errors:
                where = f"line {line}" if line else "file"
                self.stderr.write(f"{where}: {reason}")
            raise CommandError(
                f"{len(report.errors)} error(s) in {report.total} row(s): nothing was imported."
            )
        seconds = time.monotonic() - started
        if dry_run:
            self.stdout.write(f"checked {report.total} rows: all valid, nothing written")
        else:
            self.stdout.write(
                f"imported {report.created} new files from {report.total} rows "
                f"in {seconds:.1f} s ({report.total / max(seconds, 1e-6):.0f} rows/s)"
            )
