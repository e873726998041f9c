# The indexes that let home pages and reports count a scope's open cases and pending follow-up
# visits from the index alone (index-only scans; issue 24).

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("beneficiaries", "0016_history_without_computed_columns"),
        ("territory", "0002_clean_text_fields"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="casefile",
            name="case_delegation_status_idx",
        ),
        migrations.AddIndex(
            model_name="casefile",
            index=models.Index(
                fields=["delegation", "status"],
                include=("id", "worker", "beneficiary", "opened_on", "closed_on"),
                name="case_scope_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="followup",
            index=models.Index(
                condition=models.Q(("done", False)),
                fields=["case"],
                include=("date", "next_date"),
                name="followup_pending_idx",
            ),
        ),
    ]
