# The indexes that let home pages and reports count a scope's open cases and pending follow-up
# visits from the index alone (index-only scans; issue 24). Built CONCURRENTLY, outside a
# transaction: on the national data set a plain build would hold the case files' table locked
# (its former index dropped first) while both are built.

from django.contrib.postgres.operations import AddIndexConcurrently, RemoveIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("beneficiaries", "0016_history_without_computed_columns"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="casefile",
            index=models.Index(
                fields=["delegation", "status"],
                include=("id", "worker", "beneficiary", "opened_on", "closed_on"),
                name="case_scope_idx",
            ),
        ),
        AddIndexConcurrently(
            model_name="followup",
            index=models.Index(
                condition=models.Q(("done", False)),
                fields=["case"],
                include=("date", "next_date"),
                name="followup_pending_idx",
            ),
        ),
        RemoveIndexConcurrently(
            model_name="casefile",
            name="case_delegation_status_idx",
        ),
    ]
