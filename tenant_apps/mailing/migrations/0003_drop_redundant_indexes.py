"""Drop the indexes that earn nothing in every client schema (issue 11, docs/benchmarks.md
"Relations per client schema"): single-column foreign-key indexes whose column leads
another index of the same table, and varchar_pattern_ops twins no LIKE query uses.
The state learns db_index=False (unique fields become UniqueConstraints under their
existing names); the database only drops the indexes (no foreign key is re-added)."""

import django.db.models.deletion
from django.db import migrations, models

from core.index_migrations import indexes_drop


class Migration(migrations.Migration):

    dependencies = [
        ('mailing', '0002_job_attempts_and_sweep_index'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='emailrecipient',
                    name='job',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='recipients', to='mailing.emailjob'),
                ),
            ],
            database_operations=[
                indexes_drop(
                    "CREATE INDEX mailing_emailrecipient_job_id_c31f0b4e ON mailing_emailrecipient USING btree (job_id)",
                ),
            ],
        ),
    ]
