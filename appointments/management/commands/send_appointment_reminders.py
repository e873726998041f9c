"""Text a reminder to each person who has an appointment tomorrow and consented to being
contacted. `manage.py run_daily` does it too (appointments.schedule); safe to run again the same
day, on every worker at once: a reminder goes once per appointment and day."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from appointments.services import appointments_send_reminders


class Command(BaseCommand):
    help = "Text tomorrow's appointment reminders to the people who consented to being contacted."

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            help="Remind of the appointments of the day after this one (YYYY-MM-DD); "
            "by default, today.",
        )

    def handle(self, *args, today=None, **options):
        if today:
            try:
                today = datetime.date.fromisoformat(today)
            except ValueError:
                raise CommandError(f"--today takes a date as YYYY-MM-DD, not {today!r}.") from None
        queued = appointments_send_reminders(today=today)
        self.stdout.write(f"appointment reminders: {queued} queued")
