# The indexes by date that let a report count a period's services and referrals from the
# period's rows (a hash join with the unit's cases) instead of probing every case of the unit
# (issue 24: 60,000 probes of 1 to 2 µs each, per figure, for a large delegation). Built
# CONCURRENTLY, outside a transaction, as 0017: the tables stay writable during the deploy.

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("beneficiaries", "0017_scope_indexes"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="servicedelivery",
            index=models.Index(
                fields=["date"], include=("case", "service"), name="service_date_idx"
            ),
        ),
        AddIndexConcurrently(
            model_name="referral",
            index=models.Index(fields=["date"], include=("case",), name="referral_date_idx"),
        ),
        AddIndexConcurrently(
            model_name="referral",
            index=models.Index(
                fields=["completed_on"], include=("case",), name="referral_completed_idx"
            ),
        ),
    ]
