"""appointments's models as they are, part 2 of 3: the squash of the history (entraide/squash.py).
`replaces` names the share of the earlier migrations, of any app, that this part stands for."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('beneficiaries', '0009_referral_association'),
        ('beneficiaries', '0010_file_requests'),
        ('entraide', '0002_initial'),
    ]

    dependencies = [
        ('appointments', '0002_squashed'),
        ('beneficiaries', '0020_squashed'),
    ]

    operations = [
        migrations.AddField(
            model_name='appointment',
            name='beneficiary',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='appointments', to='beneficiaries.beneficiary', verbose_name='person'),
        ),
    
]
