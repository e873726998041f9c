"""`manage.py activity_report --unit DP-MA-KHO --period 2026-10 --lang fr --output r.pdf`:
the activity report of a unit, for scripts and schedules; kept and recorded like one asked
for from the unit's page."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from entraide.models import User
from reports.periods import Period
from reports.tasks import request_report
from territory.models import OrgUnit


class Command(BaseCommand):
    help = "Generate the PDF activity report of a unit for a month, a quarter or a year."

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="the unit's code, e.g. DP-MA-KHO")
        parser.add_argument("--period", required=True, help="2026-10, 2026-Q3 or 2026")
        parser.add_argument("--lang", choices=["ar", "fr"], default="ar")
        parser.add_argument("--output", required=True, help="the PDF file to write")
        parser.add_argument(
            "--user", help="the account the report is generated for (recorded in the audit)"
        )

    def handle(self, *args, **options):
        try:
            period = Period.parse(options["period"])
        except ValueError as error:
            raise CommandError(error.args[0]) from None
        unit = OrgUnit.objects.filter(code=options["unit"]).first()
        if unit is None:
            raise CommandError(f"No unit with the code {options['unit']!r}.")
        actor = None
        if options["user"]:
            actor = User.objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"No account {options['user']!r}.")
            if not OrgUnit.objects.visible_to(actor).filter(pk=unit.pk).exists():
                raise CommandError(f"{unit.code} is outside the scope of {actor.username}.")
        report = request_report(
            unit=unit, period=period, language=options["lang"], actor=actor, at_once=True
        )
        output = Path(options["output"])
        with report.file.open("rb") as source:
            output.write_bytes(source.read())
        self.stdout.write(
            f"{unit.code} {period} ({options['lang']}): {output} in {report.seconds} s"
        )
