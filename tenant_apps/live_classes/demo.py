"""Demo live class and attendance activity for ``make run``."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from tenant_apps.live_classes.models import Attendance, AttendanceActivity, LiveClass

DEMO_CLASS_TITLE = "Python Foundations: live Q&A"


@transaction.atomic
def build_demo_live_classes(client, users_by_email: dict) -> None:
    """Idempotent: does nothing when the demo class exists. Runs in the client's schema.

    The roll call opens at seeding time and stays open for a day, so a demo student can
    mark attendance right away; student2 has already marked it.
    """
    if LiveClass.objects.filter(title=DEMO_CLASS_TITLE).exists():
        return
    now = timezone.now().replace(second=0, microsecond=0)
    instructor = users_by_email.get("instructor@demo.local")
    live_class = LiveClass.objects.create(
        title=DEMO_CLASS_TITLE,
        description="Bring your questions about week 1.",
        scheduled_time=now + timedelta(days=1),
        duration_minutes=60,
        meeting_link="https://meet.example.com/python-foundations",
        instructor=instructor,
        created_by=users_by_email.get("admin@demo.local"),
    )
    LiveClass.objects.create(
        title="Kick-off session",
        description="Welcome and course tour.",
        scheduled_time=now - timedelta(days=3),
        duration_minutes=45,
        meeting_link="https://meet.example.com/kick-off",
        status="completed",
        instructor=instructor,
    )
    roll_call = AttendanceActivity.objects.create(
        title="Week 1 roll call",
        description="Mark yourself present for week 1.",
        scheduled_time=now,
        duration_minutes=24 * 60,
        live_class=live_class,
        created_by=users_by_email.get("admin@demo.local"),
    )
    student = users_by_email.get("student2@demo.local")
    if student is not None:
        Attendance.objects.create(activity=roll_call, user=student)
