"""Drop the indexes that earn nothing in every client schema (issue 11, docs/benchmarks.md
"Relations per client schema"): single-column foreign-key indexes whose column leads
another index of the same table, and varchar_pattern_ops twins no LIKE query uses.
The state learns db_index=False (unique fields become UniqueConstraints under their
existing names); the database only drops the indexes (no foreign key is re-added)."""

import django.db.models.deletion
import tenant_apps.certificates.models
from django.conf import settings
from django.db import migrations, models

from core.index_migrations import indexes_drop


class Migration(migrations.Migration):

    dependencies = [
        ('assessment', '0003_drop_redundant_indexes'),
        ('certificates', '0002_issue_render_revoke'),
        ('lms', '0003_drop_redundant_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='certificate',
                    name='code',
                    field=models.CharField(default=tenant_apps.certificates.models.certificate_code, editable=False, max_length=32),
                ),
                migrations.AlterField(
                    model_name='certificate',
                    name='user',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='certificates', to=settings.AUTH_USER_MODEL),
                ),
                migrations.AddConstraint(
                    model_name='certificate',
                    constraint=models.UniqueConstraint(fields=('code',), name='dashboard_certificate_code_key'),
                ),
            ],
            database_operations=[
                indexes_drop(
                    "CREATE INDEX dashboard_certificate_code_630ed2d8_like ON certificates_certificate USING btree (code varchar_pattern_ops)",
                    "CREATE INDEX dashboard_certificate_user_id_bb1b19c6 ON certificates_certificate USING btree (user_id)",
                ),
            ],
        ),
    ]
