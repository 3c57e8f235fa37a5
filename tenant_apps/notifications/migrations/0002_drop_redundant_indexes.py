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
        ('notifications', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='notification',
                    name='user',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL),
                ),
            ],
            database_operations=[
                indexes_drop(
                    "CREATE INDEX notifications_notification_user_id_b5e8c0ff ON notifications_notification USING btree (user_id)",
                ),
            ],
        ),
    ]
