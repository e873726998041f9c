"""What beneficiaries does every day (`manage.py run_daily`, notifications.schedule): escalate
the referrals left unanswered past their deadline, and remind each worker of tomorrow's
follow-up visits, search the country's files for likely duplicates (a task, whose progress
shows on the queue's page), and make the search's lexicon the words of the names on file."""

from .services import follow_ups_remind, name_words_reconcile, referrals_sweep_overdue
from .tasks import duplicate_scan_nightly

DAILY = [referrals_sweep_overdue, follow_ups_remind, duplicate_scan_nightly, name_words_reconcile]
