"""Import a CSV or XLSX file through one of the portal's Resources, all or nothing."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string

from entraide.imports import read_dataset, run_import
from entraide.models import User


class Command(BaseCommand):
    help = (
        "Import a file with a Resource, e.g. `import_records centres.resources.CentreResource "
        "centres.csv`. A file with any bad row writes nothing; every bad row is listed."
    )

    def add_arguments(self, parser):
        parser.add_argument("resource", help="dotted path of the Resource class")
        parser.add_argument("file", help="a .csv (UTF-8 or Windows-1256) or .xlsx file")
        parser.add_argument(
            "--user", help="import as this user: lookups limited to what they may see"
        )
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")

    def handle(self, *args, resource, file, user=None, dry_run=False, **options):
        try:
            resource_class = import_string(resource)
        except ImportError as error:
            raise CommandError(f"No resource {resource!r}: {error}") from None
        actor = None
        if user:
            actor = User.objects.filter(username=user, is_active=True).first()
            if actor is None:
                raise CommandError(f"No active user {user!r}.")
        try:
            with open(file, "rb") as handle:
                dataset = read_dataset(handle.read(), file)
        except (OSError, ValueError) as error:
            raise CommandError(str(error)) from None
        report = run_import(resource_class(user=actor), dataset, actor=actor, dry_run=dry_run)
        if not report.ok:
            for line, reason in report.errors:
                where = f"line {line}" if line else "file"
                self.stderr.write(f"{where}: {reason}")
            raise CommandError(
                f"{len(report.errors)} error(s) in {report.total} row(s): nothing was imported."
            )
        verb = "would import" if dry_run else "imported"
        self.stdout.write(
            f"{verb} {report.total} rows: {report.new} new, {report.updated} updated, "
            f"{report.unchanged} unchanged"
        )
