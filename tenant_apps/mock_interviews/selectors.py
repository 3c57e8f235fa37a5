"""Reads of mock interviews: a user sees only their own."""

from __future__ import annotations

from django.db.models import QuerySet

from tenant_apps.accounts.models import User
from tenant_apps.mock_interviews.errors import InterviewNotFound
from tenant_apps.mock_interviews.models import MockInterview

LIST_FIELDS = ("id", "user_id", "job_role", "experience_level", "interview_type", "status", "created_at")


def interview_list(*, user: User) -> QuerySet[MockInterview]:
    return MockInterview.objects.filter(user_id=user.id).only(*LIST_FIELDS)


def interview_get_for_user(*, interview_id: int, user: User) -> MockInterview:
    """The user's own interview; anyone else's (or none) is a 404."""
    interview = MockInterview.objects.filter(id=interview_id, user_id=user.id).first()
    if interview is None:
        raise InterviewNotFound()
    return interview


def interview_list_of_student(*, user_id: int) -> QuerySet[MockInterview]:
    """One query: a student's interviews (newest first) with their scores and times, for the
    admin student report (``interview_list`` leaves those out)."""
    return MockInterview.objects.filter(user_id=user_id).only(
        *LIST_FIELDS, "score", "started_at", "submitted_at", "updated_at"
    )
