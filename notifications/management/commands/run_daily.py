"""Run the work of every day: the apps' daily jobs (each app's `schedule.DAILY`: the overdue
referrals, the reports owed overdue, the tranches due...), then the notification digests
(notifications.schedule).

Start it on every worker, by cron or a systemd timer, once a day: one run at a time does the
work (a PostgreSQL advisory lock), the others find the lock taken and stop, and a run after
another sends nothing twice."""

from django.core.management.base import BaseCommand, CommandError

from notifications.schedule import Failed, run_daily


def _said(result):
    if isinstance(result, dict):
        return ", ".join(f"{name} {value}" for name, value in result.items())
    return str(result)


class Command(BaseCommand):
    help = (
        "Run the apps' daily jobs (overdue referrals, reports owed overdue, tranches due...), "
        "then email the notification digests. Meant for cron or a systemd timer on every "
        "worker: one run at a time does the work (a PostgreSQL advisory lock), and nobody is "
        "told twice of the same event."
    )

    def handle(self, *args, **options):
        results = run_daily()
        if results is None:
            self.stdout.write("daily jobs: already running on another worker; nothing done")
            return
        for name, result in results:
            self.stdout.write(f"{name}: {_said(result)}")
        failed = [name for name, result in results if isinstance(result, Failed)]
        if failed:
            # A non-zero exit, so that cron or the timer reports it; the others have run.
            raise CommandError(f"daily jobs failed: {', '.join(failed)} (see the log)")
