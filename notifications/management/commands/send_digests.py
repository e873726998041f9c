"""Email each user the daily digest of the notifications they chose to receive that way, and
try again the emails at once that failed. Run it once a day (cron, a systemd timer).

Safe on every worker at once: each user's waiting notifications are claimed with
SELECT ... FOR UPDATE SKIP LOCKED in a transaction that marks them emailed before it commits
(notifications.emails), so a second run at the same moment passes over them, and a run after
finds nothing left to send."""

from django.core.management.base import BaseCommand

from notifications import emails


class Command(BaseCommand):
    help = "Email the daily digests of notifications, and retry the failed emails at once."

    def handle(self, *args, **options):
        sent, listed, failed = emails.digests_send()
        line = f"digests: {sent} sent, {listed} notifications"
        self.stdout.write(f"{line}, {failed} failed" if failed else line)
        retried = [emails.email_at_once(row.pk) for row in emails.failed_at_once().only("pk")]
        if retried:
            self.stdout.write(
                f"emails retried: {retried.count(emails.SENT)} sent, "
                f"{retried.count(emails.FAILED)} failed"
            )
