"""What beneficiaries does every day (`manage.py run_daily`, notifications.schedule): escalate
the referrals left unanswered past their deadline, and remind each worker of tomorrow's
follow-up visits."""

from .services import follow_ups_remind, referrals_sweep_overdue

DAILY = [referrals_sweep_overdue, follow_ups_remind]
