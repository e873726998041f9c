"""Mark failed the background jobs (imports, reports) whose worker is gone, and delete the
files they were given, and those of admin import previews left unconfirmed for six hours.
Safe at any time, from any machine: a job whose worker is alive is left alone
(entraide.jobs). Run it every few minutes (cron, a systemd timer) and before the task
workers start."""

from django.core.management.base import BaseCommand

from entraide.imports import remove_stale_held_files
from entraide.jobs import reap_all


class Command(BaseCommand):
    help = "Mark failed the imports and reports whose worker is gone."

    def handle(self, *args, **options):
        for name, count in reap_all().items():
            if count or options["verbosity"] > 1:
                self.stdout.write(f"{name}: {count} marked failed")
        removed = remove_stale_held_files()
        if removed or options["verbosity"] > 1:
            self.stdout.write(f"import previews left unconfirmed: {removed} files removed")
