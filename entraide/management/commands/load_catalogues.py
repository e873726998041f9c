"""Create the missing entries of the partnership and recruitment catalogues; idempotent.

Their migrations load them once; this command loads them again where a database was emptied
(the browser tests' transactional databases) or after an administrator removed an entry."""

import pghistory
from django.core.management.base import BaseCommand
from django.db import transaction

from partnerships import reference as partnerships
from recruitment import reference as recruitment


class Command(BaseCommand):
    help = "Seed fields of action, grades and specialties; existing entries are left as edited."

    def handle(self, *args, **options):
        with transaction.atomic(), pghistory.context(command="load_catalogues"):
            created = partnerships.load() + recruitment.load()
        self.stdout.write(f"catalogues: {created} entries created (existing entries kept)")
