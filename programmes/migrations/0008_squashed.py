"""programmes's models as they are, part 1 of 2: the squash of the history (entraide/squash.py).
`replaces` names the share of the earlier migrations, of any app, that this part stands for."""

import django.contrib.postgres.fields
import django.core.validators
import django.db.models.functions.text
import django.utils.timezone
import entraide.fields
import entraide.search
import entraide.uploads
import entraide.validators
from decimal import Decimal
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('programmes', '0002_household_head_key'),
        ('programmes', '0003_store_indexes'),
        ('programmes', '0004_delivery_traced_and_valued'),
    ]

    dependencies = [
        ('entraide', '0015_squashed'),
    ]

    operations = [
        migrations.CreateModel(
            name='AidRequest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('cycle', models.PositiveSmallIntegerField(verbose_name='cycle (year)')),
                ('requested_on', models.DateField(default=django.utils.timezone.localdate, verbose_name='asked on')),
                ('need', entraide.fields.CleanTextField(blank=True, verbose_name='need expressed')),
                ('monthly_income', models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='declared monthly household income (MAD)')),
                ('eligible', models.BooleanField(default=False, verbose_name='eligible')),
                ('unmet', models.JSONField(blank=True, default=list, verbose_name='rules not met')),
                ('status', models.CharField(choices=[('recorded', 'awaiting the committee'), ('approved', 'approved'), ('rejected', 'rejected'), ('waiting_budget', 'waiting for budget')], default='recorded', max_length=16, verbose_name='status')),
                ('decision_reason', entraide.fields.CleanTextField(blank=True, verbose_name='reason for the decision')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='changed')),
            ],
            options={
                'verbose_name': 'aid request',
                'verbose_name_plural': 'aid requests',
                'ordering': ['-requested_on', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='AidRequestEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('cycle', models.PositiveSmallIntegerField(verbose_name='cycle (year)')),
                ('requested_on', models.DateField(default=django.utils.timezone.localdate, verbose_name='asked on')),
                ('need', entraide.fields.CleanTextField(blank=True, verbose_name='need expressed')),
                ('monthly_income', models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='declared monthly household income (MAD)')),
                ('eligible', models.BooleanField(default=False, verbose_name='eligible')),
                ('unmet', models.JSONField(blank=True, default=list, verbose_name='rules not met')),
                ('status', models.CharField(choices=[('recorded', 'awaiting the committee'), ('approved', 'approved'), ('rejected', 'rejected'), ('waiting_budget', 'waiting for budget')], default='recorded', max_length=16, verbose_name='status')),
                ('decision_reason', entraide.fields.CleanTextField(blank=True, verbose_name='reason for the decision')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='changed')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='Budget',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                ('amount', models.DecimalField(decimal_places=2, max_digits=12, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='amount (MAD)')),
            ],
            options={
                'verbose_name': 'budget',
                'verbose_name_plural': 'budgets',
                'ordering': ['-year', 'programme', 'unit'],
            },
        ),
        migrations.CreateModel(
            name='BudgetEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                ('amount', models.DecimalField(decimal_places=2, max_digits=12, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='amount (MAD)')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='CommitteeMeeting',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('held_on', models.DateField(default=django.utils.timezone.localdate, verbose_name='held on')),
                ('members', entraide.fields.CleanTextField(verbose_name='members present')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
            ],
            options={
                'verbose_name': 'committee meeting',
                'verbose_name_plural': 'committee meetings',
                'ordering': ['-held_on', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='CommitteeMeetingEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('held_on', models.DateField(default=django.utils.timezone.localdate, verbose_name='held on')),
                ('members', entraide.fields.CleanTextField(verbose_name='members present')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='Donation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('donor', entraide.fields.CleanCharField(max_length=200, verbose_name='donor')),
                ('kind', models.CharField(choices=[('in_kind', 'in kind'), ('money', 'in money')], max_length=8, verbose_name='kind')),
                ('amount', models.DecimalField(decimal_places=2, max_digits=12, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='amount or value (MAD)')),
                ('received_on', models.DateField(default=django.utils.timezone.localdate, verbose_name='received on')),
                ('note', entraide.fields.CleanTextField(blank=True, verbose_name='note')),
            ],
            options={
                'verbose_name': 'donation',
                'verbose_name_plural': 'donations',
                'ordering': ['-received_on', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='DonationEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('donor', entraide.fields.CleanCharField(max_length=200, verbose_name='donor')),
                ('kind', models.CharField(choices=[('in_kind', 'in kind'), ('money', 'in money')], max_length=8, verbose_name='kind')),
                ('amount', models.DecimalField(decimal_places=2, max_digits=12, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='amount or value (MAD)')),
                ('received_on', models.DateField(default=django.utils.timezone.localdate, verbose_name='received on')),
                ('note', entraide.fields.CleanTextField(blank=True, verbose_name='note')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='EligibilityRule',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('criterion', models.CharField(choices=[('target_group', 'belongs to the target group'), ('disability_card', 'holds a disability card'), ('age_min', 'is at least this old (years)'), ('age_max', 'is at most this old (years)'), ('province', 'lives in the province'), ('sex', 'is of the sex'), ('income_max', 'declares a monthly household income of at most (MAD)')], max_length=16, verbose_name='criterion')),
                ('value', entraide.fields.CleanCharField(blank=True, max_length=40, verbose_name='value')),
            ],
            options={
                'verbose_name': 'eligibility rule',
                'verbose_name_plural': 'eligibility rules',
                'ordering': ['programme', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='EligibilityRuleEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('criterion', models.CharField(choices=[('target_group', 'belongs to the target group'), ('disability_card', 'holds a disability card'), ('age_min', 'is at least this old (years)'), ('age_max', 'is at most this old (years)'), ('province', 'lives in the province'), ('sex', 'is of the sex'), ('income_max', 'declares a monthly household income of at most (MAD)')], max_length=16, verbose_name='criterion')),
                ('value', entraide.fields.CleanCharField(blank=True, max_length=40, verbose_name='value')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='Emergency',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', entraide.fields.CleanCharField(max_length=200, verbose_name='title')),
                ('communes', django.contrib.postgres.fields.ArrayField(base_field=entraide.fields.CleanCharField(max_length=120), size=None, verbose_name='communes hit')),
                ('started_on', models.DateField(default=django.utils.timezone.localdate, verbose_name='struck on')),
                ('closed_on', models.DateField(blank=True, null=True, verbose_name='closed on')),
                ('last_round', models.PositiveSmallIntegerField(default=0, editable=False, verbose_name='last round begun')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
            ],
            options={
                'verbose_name': 'emergency',
                'verbose_name_plural': 'emergencies',
                'ordering': ['-started_on', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='EmergencyEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('title', entraide.fields.CleanCharField(max_length=200, verbose_name='title')),
                ('communes', django.contrib.postgres.fields.ArrayField(base_field=entraide.fields.CleanCharField(max_length=120), size=None, verbose_name='communes hit')),
                ('started_on', models.DateField(default=django.utils.timezone.localdate, verbose_name='struck on')),
                ('closed_on', models.DateField(blank=True, null=True, verbose_name='closed on')),
                ('last_round', models.PositiveSmallIntegerField(default=0, editable=False, verbose_name='last round begun')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='Entitlement',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('cycle', models.PositiveSmallIntegerField(verbose_name='cycle (year)')),
                ('quantity', models.PositiveIntegerField(default=1, verbose_name='quantity')),
                ('amount', models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='amount (MAD)')),
                ('value', models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='value handed over (MAD)')),
                ('delivered_at', models.DateTimeField(blank=True, null=True, verbose_name='delivered')),
                ('receipt', models.FileField(blank=True, upload_to=entraide.uploads.PrivatePath('receipts'), validators=[entraide.validators.DocumentValidator()], verbose_name='signed receipt')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
            ],
            options={
                'verbose_name': 'entitlement',
                'verbose_name_plural': 'entitlements',
                'ordering': ['-created_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='EntitlementEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('cycle', models.PositiveSmallIntegerField(verbose_name='cycle (year)')),
                ('quantity', models.PositiveIntegerField(default=1, verbose_name='quantity')),
                ('amount', models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='amount (MAD)')),
                ('value', models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='value handed over (MAD)')),
                ('delivered_at', models.DateTimeField(blank=True, null=True, verbose_name='delivered')),
                ('receipt', models.FileField(blank=True, upload_to=entraide.uploads.PrivatePath('receipts'), validators=[entraide.validators.DocumentValidator()], verbose_name='signed receipt')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='Household',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('head_name', entraide.fields.CleanCharField(max_length=160, verbose_name='head of household')),
                ('head_key', models.GeneratedField(db_persist=True, expression=django.db.models.functions.text.Replace(entraide.search.NameKey('head_name'), models.Value(' '), output_field=models.TextField()), output_field=models.TextField())),
                ('cin', entraide.fields.CINField(blank=True, max_length=10, verbose_name='CIN')),
                ('phone', entraide.fields.CleanCharField(blank=True, max_length=20, verbose_name='phone')),
                ('members', models.PositiveSmallIntegerField(default=1, validators=[django.core.validators.MinValueValidator(1)], verbose_name='members')),
                ('commune', entraide.fields.CleanCharField(max_length=120, verbose_name='commune')),
                ('douar', entraide.fields.CleanCharField(blank=True, max_length=120, verbose_name='douar or neighbourhood')),
                ('needs', entraide.fields.CleanTextField(blank=True, verbose_name='needs')),
                ('registered_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='registered')),
            ],
            options={
                'verbose_name': 'household',
                'verbose_name_plural': 'households',
                'ordering': ['commune', 'head_name', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='HouseholdEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('head_name', entraide.fields.CleanCharField(max_length=160, verbose_name='head of household')),
                ('cin', entraide.fields.CINField(blank=True, max_length=10, verbose_name='CIN')),
                ('phone', entraide.fields.CleanCharField(blank=True, max_length=20, verbose_name='phone')),
                ('members', models.PositiveSmallIntegerField(default=1, validators=[django.core.validators.MinValueValidator(1)], verbose_name='members')),
                ('commune', entraide.fields.CleanCharField(max_length=120, verbose_name='commune')),
                ('douar', entraide.fields.CleanCharField(blank=True, max_length=120, verbose_name='douar or neighbourhood')),
                ('needs', entraide.fields.CleanTextField(blank=True, verbose_name='needs')),
                ('registered_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='registered')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='Item',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.SlugField(max_length=40, unique=True, verbose_name='code')),
                ('name', entraide.fields.CleanCharField(max_length=200, verbose_name='name')),
                ('name_ar', entraide.fields.CleanCharField(max_length=200, null=True, verbose_name='name')),
                ('name_fr', entraide.fields.CleanCharField(max_length=200, null=True, verbose_name='name')),
                ('position', models.PositiveSmallIntegerField(default=0, verbose_name='position')),
                ('is_active', models.BooleanField(default=True, verbose_name='active')),
                ('unit', entraide.fields.CleanCharField(blank=True, default='', max_length=40, verbose_name='counted in')),
                ('unit_value', models.DecimalField(decimal_places=2, default=0, max_digits=12, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='value of one (MAD)')),
            ],
            options={
                'verbose_name': 'catalogue item',
                'verbose_name_plural': 'catalogue items',
                'ordering': ['position', 'code'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='ItemEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('code', models.SlugField(db_index=False, max_length=40, verbose_name='code')),
                ('name', entraide.fields.CleanCharField(max_length=200, verbose_name='name')),
                ('name_ar', entraide.fields.CleanCharField(max_length=200, null=True, verbose_name='name')),
                ('name_fr', entraide.fields.CleanCharField(max_length=200, null=True, verbose_name='name')),
                ('position', models.PositiveSmallIntegerField(default=0, verbose_name='position')),
                ('is_active', models.BooleanField(default=True, verbose_name='active')),
                ('unit', entraide.fields.CleanCharField(blank=True, default='', max_length=40, verbose_name='counted in')),
                ('unit_value', models.DecimalField(decimal_places=2, default=0, max_digits=12, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='value of one (MAD)')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='KitDelivery',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('round', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1)], verbose_name='round')),
                ('value', models.DecimalField(decimal_places=2, default=0, max_digits=12, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='value handed over (MAD)')),
                ('delivered_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='delivered')),
            ],
            options={
                'verbose_name': 'kit delivered',
                'verbose_name_plural': 'kits delivered',
                'ordering': ['-delivered_at'],
            },
        ),
        migrations.CreateModel(
            name='KitDeliveryEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('round', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1)], verbose_name='round')),
                ('value', models.DecimalField(decimal_places=2, default=0, max_digits=12, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='value handed over (MAD)')),
                ('delivered_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='delivered')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='Lot',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('purchase', entraide.fields.CleanCharField(blank=True, help_text='A market, an order.', max_length=60, verbose_name='purchase reference')),
                ('received_on', models.DateField(default=django.utils.timezone.localdate, verbose_name='received on')),
                ('left', models.IntegerField(default=0, editable=False, verbose_name='left')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
            ],
            options={
                'verbose_name': 'lot',
                'verbose_name_plural': 'lots',
                'ordering': ['received_on', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='LotEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('purchase', entraide.fields.CleanCharField(blank=True, help_text='A market, an order.', max_length=60, verbose_name='purchase reference')),
                ('received_on', models.DateField(default=django.utils.timezone.localdate, verbose_name='received on')),
                ('left', models.IntegerField(default=0, editable=False, verbose_name='left')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='Movement',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('in', 'received'), ('out', 'delivered'), ('count', 'adjusted by a count')], max_length=6, verbose_name='kind')),
                ('quantity', models.IntegerField(help_text='Negative for units out.', verbose_name='quantity')),
                ('reason', entraide.fields.CleanTextField(blank=True, verbose_name='reason')),
                ('at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='when')),
            ],
            options={
                'verbose_name': 'stock movement',
                'verbose_name_plural': 'stock movements',
                'ordering': ['-at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='MovementEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('kind', models.CharField(choices=[('in', 'received'), ('out', 'delivered'), ('count', 'adjusted by a count')], max_length=6, verbose_name='kind')),
                ('quantity', models.IntegerField(help_text='Negative for units out.', verbose_name='quantity')),
                ('reason', entraide.fields.CleanTextField(blank=True, verbose_name='reason')),
                ('at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='when')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='Programme',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.SlugField(max_length=40, unique=True, verbose_name='code')),
                ('name', entraide.fields.CleanCharField(max_length=200, verbose_name='name')),
                ('name_ar', entraide.fields.CleanCharField(max_length=200, null=True, verbose_name='name')),
                ('name_fr', entraide.fields.CleanCharField(max_length=200, null=True, verbose_name='name')),
                ('kind', models.CharField(choices=[('technical_aids', 'technical aids and devices'), ('schooling', 'schooling of disabled children'), ('income', 'income-generating activities'), ('equipment', 'equipment of centres'), ('food_aid', 'food aid'), ('emergency', 'emergency relief'), ('other', 'other')], max_length=16, verbose_name='kind')),
                ('description', entraide.fields.CleanTextField(blank=True, verbose_name='description')),
                ('description_ar', entraide.fields.CleanTextField(blank=True, null=True, verbose_name='description')),
                ('description_fr', entraide.fields.CleanTextField(blank=True, null=True, verbose_name='description')),
                ('documents_required', django.contrib.postgres.fields.ArrayField(base_field=models.CharField(choices=[('id', 'identity document'), ('consent', 'signed consent form'), ('medical', 'medical certificate'), ('disability', 'disability card'), ('judgment', 'court decision'), ('other', 'other document')], max_length=20), blank=True, default=list, size=None, verbose_name='documents required')),
                ('is_open', models.BooleanField(default=True, verbose_name='open to requests')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
            ],
            options={
                'verbose_name': 'programme',
                'verbose_name_plural': 'programmes',
                'ordering': ['code'],
            },
        ),
        migrations.CreateModel(
            name='ProgrammeEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('code', models.SlugField(db_index=False, max_length=40, verbose_name='code')),
                ('name', entraide.fields.CleanCharField(max_length=200, verbose_name='name')),
                ('name_ar', entraide.fields.CleanCharField(max_length=200, null=True, verbose_name='name')),
                ('name_fr', entraide.fields.CleanCharField(max_length=200, null=True, verbose_name='name')),
                ('kind', models.CharField(choices=[('technical_aids', 'technical aids and devices'), ('schooling', 'schooling of disabled children'), ('income', 'income-generating activities'), ('equipment', 'equipment of centres'), ('food_aid', 'food aid'), ('emergency', 'emergency relief'), ('other', 'other')], max_length=16, verbose_name='kind')),
                ('description', entraide.fields.CleanTextField(blank=True, verbose_name='description')),
                ('description_ar', entraide.fields.CleanTextField(blank=True, null=True, verbose_name='description')),
                ('description_fr', entraide.fields.CleanTextField(blank=True, null=True, verbose_name='description')),
                ('documents_required', django.contrib.postgres.fields.ArrayField(base_field=models.CharField(choices=[('id', 'identity document'), ('consent', 'signed consent form'), ('medical', 'medical certificate'), ('disability', 'disability card'), ('judgment', 'court decision'), ('other', 'other document')], max_length=20), blank=True, default=list, size=None, verbose_name='documents required')),
                ('is_open', models.BooleanField(default=True, verbose_name='open to requests')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
            ],
            options={
                'abstract': False,
            },
        ),
    ]
