"""An idempotent demo mock interview (scheduled for tomorrow, 20 minutes) for the first demo student."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tenant_apps.mock_interviews.models import MockInterview


def build_demo_mock_interviews(client, users_by_email) -> None:
    student = users_by_email.get("student1@demo.local")
    if student is None or MockInterview.objects.filter(user=student).exists():
        return
    MockInterview.objects.create(
        user=student,
        job_role="Python Developer",
        experience_level="junior",
        interview_type="technical",
        subtopic="Data structures",
        planned_minutes=20,
        scheduled_at=timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=1),
    )
