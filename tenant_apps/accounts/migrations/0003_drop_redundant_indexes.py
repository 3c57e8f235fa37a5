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
        ('accounts', '0002_user_deleted_at'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='authsession',
                    name='user',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='auth_sessions', to=settings.AUTH_USER_MODEL),
                ),
                migrations.AlterField(
                    model_name='user',
                    name='email',
                    field=models.EmailField(max_length=254),
                ),
                migrations.AlterField(
                    model_name='user',
                    name='role',
                    field=models.CharField(choices=[('student', 'Student'), ('instructor', 'Instructor'), ('admin', 'Admin'), ('superadmin', 'Super admin')], default='student', max_length=20),
                ),
                migrations.AddIndex(
                    model_name='user',
                    index=models.Index(fields=['role'], name='accounts_user_role_57e97df0'),
                ),
                migrations.AddConstraint(
                    model_name='user',
                    constraint=models.UniqueConstraint(fields=('email',), name='accounts_user_email_key'),
                ),
            ],
            database_operations=[
                indexes_drop(
                    "CREATE INDEX accounts_authsession_user_id_fced5b75 ON accounts_authsession USING btree (user_id)",
                    "CREATE INDEX accounts_user_email_b2644a56_like ON accounts_user USING btree (email varchar_pattern_ops)",
                    "CREATE INDEX accounts_user_role_57e97df0_like ON accounts_user USING btree (role varchar_pattern_ops)",
                ),
            ],
        ),
    ]
