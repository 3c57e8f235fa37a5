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
        ('lms', '0002_analytics_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='content',
                    name='submodule',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='contents', to='lms.submodule'),
                ),
                migrations.AlterField(
                    model_name='contentcomment',
                    name='content',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='comments', to='lms.content'),
                ),
                migrations.AlterField(
                    model_name='contentprogress',
                    name='content',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='progress', to='lms.content'),
                ),
                migrations.AlterField(
                    model_name='contentprogress',
                    name='user',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='content_progress', to=settings.AUTH_USER_MODEL),
                ),
                migrations.AlterField(
                    model_name='courselike',
                    name='course',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='likes', to='lms.course'),
                ),
                migrations.AlterField(
                    model_name='enrollment',
                    name='course',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='enrollments', to='lms.course'),
                ),
                migrations.AlterField(
                    model_name='enrollment',
                    name='user',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='enrollments', to=settings.AUTH_USER_MODEL),
                ),
                migrations.AlterField(
                    model_name='module',
                    name='course',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='modules', to='lms.course'),
                ),
                migrations.AlterField(
                    model_name='quizmcq',
                    name='quiz',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='quiz_mcqs', to='lms.quiz'),
                ),
                migrations.AlterField(
                    model_name='submission',
                    name='user',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='submissions', to=settings.AUTH_USER_MODEL),
                ),
                migrations.AlterField(
                    model_name='submodule',
                    name='module',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='submodules', to='lms.module'),
                ),
            ],
            database_operations=[
                indexes_drop(
                    "CREATE INDEX lms_content_submodule_id_e3eee44e ON lms_content USING btree (submodule_id)",
                    "CREATE INDEX lms_contentcomment_content_id_5b3bfe43 ON lms_contentcomment USING btree (content_id)",
                    "CREATE INDEX lms_contentprogress_content_id_75303f01 ON lms_contentprogress USING btree (content_id)",
                    "CREATE INDEX lms_contentprogress_user_id_486e2131 ON lms_contentprogress USING btree (user_id)",
                    "CREATE INDEX lms_courselike_course_id_ef0ef3b4 ON lms_courselike USING btree (course_id)",
                    "CREATE INDEX lms_enrollment_course_id_989457ae ON lms_enrollment USING btree (course_id)",
                    "CREATE INDEX lms_enrollment_user_id_2ee2c0b4 ON lms_enrollment USING btree (user_id)",
                    "CREATE INDEX lms_module_course_id_06b37703 ON lms_module USING btree (course_id)",
                    "CREATE INDEX lms_quizmcq_quiz_id_e71d39ee ON lms_quizmcq USING btree (quiz_id)",
                    "CREATE INDEX lms_submission_user_id_4194afc9 ON lms_submission USING btree (user_id)",
                    "CREATE INDEX lms_submodule_module_id_cfbcc92e ON lms_submodule USING btree (module_id)",
                ),
            ],
        ),
    ]
