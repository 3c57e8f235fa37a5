"""Drop the indexes that earn nothing in every client schema (issue 11, docs/benchmarks.md
"Relations per client schema"): single-column foreign-key indexes whose column leads
another index of the same table, and varchar_pattern_ops twins no LIKE query uses.
The state learns db_index=False (unique fields become UniqueConstraints under their
existing names); the database only drops the indexes (no foreign key is re-added)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from core.index_migrations import indexes_drop


class Migration(migrations.Migration):

    dependencies = [
        ('engagement', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='referralprogram',
                    name='referral_code',
                    field=models.CharField(max_length=40),
                ),
                migrations.AlterField(
                    model_name='workshopregistration',
                    name='user',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='workshop_registrations', to=settings.AUTH_USER_MODEL),
                ),
                migrations.AlterField(
                    model_name='workshopvariable',
                    name='key',
                    field=models.CharField(max_length=100),
                ),
                migrations.AddConstraint(
                    model_name='referralprogram',
                    constraint=models.UniqueConstraint(fields=('referral_code',), name='engagement_referralprogram_referral_code_key'),
                ),
                migrations.AddConstraint(
                    model_name='workshopvariable',
                    constraint=models.UniqueConstraint(fields=('key',), name='engagement_workshopvariable_key_key'),
                ),
            ],
            database_operations=[
                indexes_drop(
                    "CREATE INDEX engagement_referralprogram_referral_code_4bf6a2bb_like ON engagement_referralprogram USING btree (referral_code varchar_pattern_ops)",
                    "CREATE INDEX engagement_workshopregistration_user_id_3dc60251 ON engagement_workshopregistration USING btree (user_id)",
                    "CREATE INDEX engagement_workshopvariable_key_53b48feb_like ON engagement_workshopvariable USING btree (key varchar_pattern_ops)",
                ),
            ],
        ),
    ]
