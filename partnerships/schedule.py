"""What partnerships does every day (`manage.py run_daily`, notifications.schedule): tell the
partnership officers of the reports owed that are overdue and of the tranches coming due."""

from .services import partnerships_sweep

DAILY = [partnerships_sweep]
