"""Takes over the certificate table of ``dashboard`` without touching the database: the
state gains the model as it was there (same table, same constraint and index names);
``dashboard/0002`` drops it from the dashboard's state, and ``0002`` here changes it."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import tenant_apps.certificates.models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("dashboard", "0001_initial"),
        ("lms", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Certificate",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("course_title", models.CharField(max_length=255)),
                        ("user_name", models.CharField(max_length=320)),
                        (
                            "code",
                            models.CharField(
                                default=tenant_apps.certificates.models.certificate_code,
                                editable=False,
                                max_length=32,
                                unique=True,
                            ),
                        ),
                        ("issued_at", models.DateTimeField()),
                        (
                            "course",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="certificates",
                                to="lms.course",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="certificates",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "dashboard_certificate",
                        "ordering": ["-issued_at", "-id"],
                        "indexes": [models.Index(fields=["user", "-issued_at"], name="dash_cert_user_recent_idx")],
                        "constraints": [
                            models.UniqueConstraint(fields=("user", "course"), name="dash_one_certificate_per_course")
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
