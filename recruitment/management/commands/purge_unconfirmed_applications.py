"""Delete the online applications whose candidate never confirmed their email address, with
their documents. They were never received: every page, list, count and import already ignores
them (`Application.objects.confirmed()`), so this only frees the disk and the table. A link is
kept answering "expired" for `--grace-days` after it expires, then says "not valid". Safe at
any time and idempotent: run it daily (cron, a systemd timer)."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from entraide.uploads import HeldUploads
from recruitment.services import applications_purge_expired


class Command(BaseCommand):
    help = "Delete online applications never confirmed, a few days after their link expired."

    def add_arguments(self, parser):
        parser.add_argument("--grace-days", type=int, default=7)
        parser.add_argument("--dry-run", action="store_true", help="Count, delete nothing.")

    def handle(self, *args, grace_days, dry_run, **options):
        before = timezone.now() - datetime.timedelta(days=grace_days)
        count = applications_purge_expired(before=before, dry_run=dry_run)
        verb = "would delete" if dry_run else "deleted"
        self.stdout.write(
            f"{verb} {count} unconfirmed applications expired before {before:%Y-%m-%d %H:%M}"
        )
        # Documents held for a form never sent again (entraide.uploads.HeldUploads).
        if not dry_run:
            held = HeldUploads.purge(
                before=timezone.now() - datetime.timedelta(seconds=HeldUploads.MAX_AGE)
            )
            self.stdout.write(f"deleted {held} documents held for forms never sent again")
