"""File and case numbers in capitals, as every number is now written (services.delegation_prefix)
and looked up (selectors.numbered: by the unique index, in capitals): a number given before by a
delegation whose code held small letters would otherwise be found only typed exactly as stored.
The reference delegations' codes are in capitals: on their data this changes no row. The rows
it changes are audited as any update (the history's triggers)."""

from django.db import migrations

CAPITALS = """
UPDATE beneficiaries_beneficiary SET file_number = upper(file_number)
    WHERE file_number <> upper(file_number);
UPDATE beneficiaries_casefile SET number = upper(number) WHERE number <> upper(number);
UPDATE beneficiaries_numberalias SET number = upper(number) WHERE number <> upper(number);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("beneficiaries", "0023_history_by_time"),
    ]

    operations = [
        migrations.RunSQL(CAPITALS, reverse_sql=migrations.RunSQL.noop),
    ]
