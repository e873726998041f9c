# The reports' people by sex and age band read from an index alone (issue 24: a large
# delegation's month probes 40,000 people by their key, and read their table's pages for three
# columns). Built CONCURRENTLY, outside a transaction, as 0017 and 0018.

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("beneficiaries", "0018_report_date_indexes"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="beneficiary",
            index=models.Index(
                fields=["id"],
                include=("sex", "birth_date", "birth_year"),
                name="beneficiary_age_idx",
            ),
        ),
    ]
