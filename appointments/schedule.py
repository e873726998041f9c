"""What appointments does every day (`manage.py run_daily`, notifications.schedule): remind by
text message the people expected tomorrow who consented to being contacted."""

from .services import appointments_send_reminders

DAILY = [appointments_send_reminders]
