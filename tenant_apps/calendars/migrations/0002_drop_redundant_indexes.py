"""Drop the indexes that earn nothing in every client schema (issue 11, docs/benchmarks.md
"Relations per client schema"): single-column foreign-key indexes whose column leads
another index of the same table, and varchar_pattern_ops twins no LIKE query uses.
The state learns db_index=False (unique fields become UniqueConstraints under their
existing names); the database only drops the indexes (no foreign key is re-added)."""

from django.conf import settings
from django.db import migrations, models

from core.index_migrations import indexes_drop


class Migration(migrations.Migration):

    dependencies = [
        ('calendars', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='calendarfeedtoken',
                    name='token_hash',
                    field=models.CharField(max_length=64),
                ),
                migrations.AddConstraint(
                    model_name='calendarfeedtoken',
                    constraint=models.UniqueConstraint(fields=('token_hash',), name='calendars_calendarfeedtoken_token_hash_key'),
                ),
            ],
            database_operations=[
                indexes_drop(
                    "CREATE INDEX calendars_calendarfeedtoken_token_hash_de6134f9_like ON calendars_calendarfeedtoken USING btree (token_hash varchar_pattern_ops)",
                ),
            ],
        ),
    ]
