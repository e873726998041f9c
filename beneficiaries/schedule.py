"""What beneficiaries does every day (`manage.py run_daily`, notifications.schedule): escalate
the referrals left unanswered past their deadline, and remind each worker of tomorrow's
follow-up visits, and search the country's files for likely duplicates (a task, whose progress
shows on the queue's page)."""

from .services import follow_ups_remind, referrals_sweep_overdue
from .tasks import duplicate_scan_nightly

DAILY = [referrals_sweep_overdue, follow_ups_remind, duplicate_scan_nightly]
