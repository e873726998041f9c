"""Escalate the referrals still unanswered past their deadline (services.referrals_sweep_overdue).

Meant to run on a schedule, on every worker if need be: each person is told once per referral.
"""

from django.core.management.base import BaseCommand

from beneficiaries.models import Referral
from beneficiaries.services import referrals_sweep_overdue


class Command(BaseCommand):
    help = (
        "Tell the referring worker and the delegates of the referring delegation of each "
        "referral past its answer deadline; nobody is told twice of the same referral."
    )

    def handle(self, *args, **options):
        escalated = referrals_sweep_overdue()
        overdue = Referral.objects.overdue().count()
        self.stdout.write(
            f"overdue referrals: {overdue}; escalated now: {escalated} "
            "(the others were escalated before)"
        )
