"""The periodic sweep that finishes e-mail jobs whose worker died (tenant_apps.mailing).

It lives here because django-q2's tables are in ``public``, while the mailing app's own
migrations run only in client schemas.
"""

from django.db import migrations
from django.utils import timezone

NAME = "mailing: sweep e-mail jobs whose worker died"


def add_schedule(apps, schema_editor):
    if schema_editor.connection.schema_name != "public":
        return
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.get_or_create(
        name=NAME,
        defaults={
            "func": "tenant_apps.mailing.tasks.email_jobs_sweep_run",
            "schedule_type": "I",  # minutes
            "minutes": 5,
            "repeats": -1,
            "next_run": timezone.now(),
        },
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("operations", "0002_sweep_schedule"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(add_schedule, remove_schedule)]
