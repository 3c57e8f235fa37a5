"""An idempotent demo mock interview (scheduled) for the first demo student."""

from __future__ import annotations

from tenant_apps.mock_interviews.models import MockInterview


def build_demo_mock_interviews(client, users_by_email) -> None:
    student = users_by_email.get("student1@demo.local")
    if student is None or MockInterview.objects.filter(user=student).exists():
        return
    MockInterview.objects.create(
        user=student, job_role="Python Developer", experience_level="junior", interview_type="technical"
    )
