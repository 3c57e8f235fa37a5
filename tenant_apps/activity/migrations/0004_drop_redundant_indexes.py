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
        ('activity', '0003_time_in_seconds_and_platform_time'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='activitylog',
                    name='user',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='activity_logs', to=settings.AUTH_USER_MODEL),
                ),
                migrations.AlterField(
                    model_name='timespent',
                    name='user',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='time_spent', to=settings.AUTH_USER_MODEL),
                ),
                migrations.AlterField(
                    model_name='useractivity',
                    name='user',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='activities', to=settings.AUTH_USER_MODEL),
                ),
            ],
            database_operations=[
                indexes_drop(
                    "CREATE INDEX activity_activitylog_user_id_8d0905d1 ON activity_activitylog USING btree (user_id)",
                    "CREATE INDEX activity_timespent_user_id_fb673fc6 ON activity_timespent USING btree (user_id)",
                    "CREATE INDEX activity_useractivity_user_id_c8b97bcd ON activity_useractivity USING btree (user_id)",
                ),
            ],
        ),
    ]
