"""Drop the indexes that earn nothing in every client schema (issue 11, docs/benchmarks.md
"Relations per client schema"): single-column foreign-key indexes whose column leads
another index of the same table, and varchar_pattern_ops twins no LIKE query uses.
The state learns db_index=False (unique fields become UniqueConstraints under their
existing names); the database only drops the indexes (no foreign key is re-added)."""

import django.db.models.deletion
import tenant_apps.webhooks.models
from django.db import migrations, models

from core.index_migrations import indexes_drop


class Migration(migrations.Migration):

    dependencies = [
        ('webhooks', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='webhookdelivery',
                    name='endpoint',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='deliveries', to='webhooks.webhookendpoint'),
                ),
                migrations.AlterField(
                    model_name='webhookdelivery',
                    name='message_id',
                    field=models.CharField(default=tenant_apps.webhooks.models._message_id, max_length=40),
                ),
                migrations.AddConstraint(
                    model_name='webhookdelivery',
                    constraint=models.UniqueConstraint(fields=('message_id',), name='webhooks_webhookdelivery_message_id_key'),
                ),
            ],
            database_operations=[
                indexes_drop(
                    "CREATE INDEX webhooks_webhookdelivery_endpoint_id_d5bfb5c8 ON webhooks_webhookdelivery USING btree (endpoint_id)",
                    "CREATE INDEX webhooks_webhookdelivery_message_id_47ba1c11_like ON webhooks_webhookdelivery USING btree (message_id varchar_pattern_ops)",
                ),
            ],
        ),
    ]
