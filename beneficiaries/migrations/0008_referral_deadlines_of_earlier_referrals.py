from django.conf import settings
from django.db import migrations


def earlier_rule(apps, schema_editor):
    """The referrals recorded before deadlines existed keep the rule they were sent under: an
    answer was awaited for 15 days after the referral's date (the home page's former
    "unanswered" item), so their answer is due at the end of the 15th day. Their clocks run
    at the day's precision: sent and answered at the start of their days."""
    zone = settings.TIME_ZONE
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE beneficiaries_referral SET
                sent_at = "date"::timestamp AT TIME ZONE %(zone)s,
                due_at = ("date" + 16)::timestamp AT TIME ZONE %(zone)s,
                answered_at = answered_on::timestamp AT TIME ZONE %(zone)s
            WHERE sent_at IS NULL
            """,
            {"zone": zone},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("beneficiaries", "0007_referral_deadlines"),
    ]

    operations = [migrations.RunPython(earlier_rule, migrations.RunPython.noop)]
