"""What reports does every day (`manage.py run_daily`, notifications.schedule): compute the
home figures of every unit that has staff for the new day, by tasks, before anyone's first
home page asks for them (reports.dashboard)."""

from .dashboard import warm_home_figures

DAILY = [warm_home_figures]
