"""Reads of mock interviews: a user sees only their own."""

from __future__ import annotations

from django.db.models import QuerySet

from tenant_apps.accounts.models import User
from tenant_apps.mock_interviews.errors import InterviewNotFound
from tenant_apps.mock_interviews.models import MockInterview

LIST_FIELDS = (
    "id",
    "user_id",
    "job_role",
    "experience_level",
    "interview_type",
    "subtopic",
    "scheduled_at",
    "planned_minutes",
    "status",
    "created_at",
    "started_at",
    "submitted_at",
    "score",
    "feedback",
)


def interview_list(*, user: User, status: str | None = None) -> QuerySet[MockInterview]:
    """The user's own interviews, newest first; ``status`` keeps one state (the client's
    "previous" and "scheduled" pages ask for ``completed`` and ``scheduled``)."""
    interviews = MockInterview.objects.filter(user_id=user.id)
    if status:
        interviews = interviews.filter(status=status)
    return interviews.only(*LIST_FIELDS)


def interview_get_for_user(*, interview_id: int, user: User) -> MockInterview:
    """The user's own interview; anyone else's (or none) is a 404."""
    interview = MockInterview.objects.filter(id=interview_id, user_id=user.id).first()
    if interview is None:
        raise InterviewNotFound()
    return interview


def interview_list_of_student(*, user_id: int) -> QuerySet[MockInterview]:
    """One query: a student's interviews (newest first) with their scores and times, for the
    admin student report (``interview_list`` leaves those out)."""
    return MockInterview.objects.filter(user_id=user_id).only(*LIST_FIELDS, "updated_at")
