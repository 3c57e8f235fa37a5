"""Drop the indexes that earn nothing in every client schema (issue 11, docs/benchmarks.md
"Relations per client schema"): single-column foreign-key indexes whose column leads
another index of the same table, and varchar_pattern_ops twins no LIKE query uses.
The state learns db_index=False (unique fields become UniqueConstraints under their
existing names); the database only drops the indexes (no foreign key is re-added)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from core.index_migrations import index_rename, indexes_drop


class Migration(migrations.Migration):

    dependencies = [
        ('assessment', '0002_certificate_and_window'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='assessment',
                    name='program_slug',
                    field=models.SlugField(blank=True, db_index=False, default='', max_length=120),
                ),
                migrations.AlterField(
                    model_name='question',
                    name='section',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='questions', to='assessment.section'),
                ),
                migrations.AlterField(
                    model_name='scholarshipband',
                    name='assessment',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='scholarship_bands', to='assessment.assessment'),
                ),
                migrations.AlterField(
                    model_name='section',
                    name='assessment',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='sections', to='assessment.assessment'),
                ),
                migrations.AlterField(
                    model_name='submission',
                    name='assessment',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='submissions', to='assessment.assessment'),
                ),
                migrations.AlterField(
                    model_name='submission',
                    name='referral_code',
                    field=models.CharField(blank=True, max_length=16, null=True),
                ),
                migrations.AlterField(
                    model_name='submission',
                    name='user',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='assessment_submissions', to=settings.AUTH_USER_MODEL),
                ),
                migrations.AddIndex(
                    model_name='assessment',
                    index=models.Index(fields=['program_slug'], name='assessment_program_slug_idx'),
                ),
                migrations.AddConstraint(
                    model_name='submission',
                    constraint=models.UniqueConstraint(fields=('referral_code',), name='assessment_submission_referral_code_key'),
                ),
            ],
            database_operations=[
                indexes_drop(
                    "CREATE INDEX assessment_assessment_program_slug_fb1b9f80_like ON assessment_assessment USING btree (program_slug varchar_pattern_ops)",
                    "CREATE INDEX assessment_question_section_id_f14e522b ON assessment_question USING btree (section_id)",
                    "CREATE INDEX assessment_scholarshipband_assessment_id_1dd961b1 ON assessment_scholarshipband USING btree (assessment_id)",
                    "CREATE INDEX assessment_section_assessment_id_7f8a9e8a ON assessment_section USING btree (assessment_id)",
                    "CREATE INDEX assessment_submission_assessment_id_d6a299fd ON assessment_submission USING btree (assessment_id)",
                    "CREATE INDEX assessment_submission_referral_code_a1da8ad8_like ON assessment_submission USING btree (referral_code varchar_pattern_ops)",
                    "CREATE INDEX assessment_submission_user_id_10cb2de6 ON assessment_submission USING btree (user_id)",
                ),
                index_rename("assessment_assessment_program_slug_fb1b9f80", "assessment_program_slug_idx"),
            ],
        ),
    ]
