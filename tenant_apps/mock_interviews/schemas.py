from __future__ import annotations

import math
from datetime import datetime

from ninja import Field, Schema

from api.schemas import JSONDecimal, NonBlankStr
from tenant_apps.mock_interviews.models import ExperienceLevel, InterviewStatus, InterviewType, MockInterview
from tenant_apps.mock_interviews.services import MAX_ANSWER_CHARS


class MockInterviewIn(Schema):
    job_role: NonBlankStr = Field(..., min_length=1, max_length=120)
    experience_level: ExperienceLevel
    interview_type: InterviewType


class MockInterviewFilter(Schema):
    status: InterviewStatus | None = Field(None, description="Only interviews in this state.")


class MockInterviewOut(Schema):
    """The contract's interview, then the names the client's interview cards read for the same
    values (docs/real-client.md, "Mock interview cards"): its title, its role as ``topic``, its
    type as ``subtopic``, its level as ``difficulty``, when it was set up
    (``scheduled_date_time``: interviews here start whenever the student opens them), the
    minutes it took once submitted, and its score and feedback."""

    id: int
    job_role: str
    experience_level: str
    interview_type: str
    status: str
    created_at: datetime
    title: str
    topic: str = Field(..., validation_alias="job_role")
    subtopic: str
    difficulty: str
    duration_minutes: int | None = Field(
        ..., description="Minutes from start to submit, rounded up; null until submitted (no time limit here)."
    )
    scheduled_date_time: datetime = Field(..., validation_alias="created_at")
    score: JSONDecimal | None
    feedback: str

    @staticmethod
    def resolve_title(obj: MockInterview) -> str:
        return f"{obj.job_role} - {obj.get_interview_type_display()} Interview"

    @staticmethod
    def resolve_subtopic(obj: MockInterview) -> str:
        return obj.get_interview_type_display()

    @staticmethod
    def resolve_difficulty(obj: MockInterview) -> str:
        return obj.get_experience_level_display()

    @staticmethod
    def resolve_duration_minutes(obj: MockInterview) -> int | None:
        if obj.started_at is None or obj.submitted_at is None:
            return None
        return max(1, math.ceil((obj.submitted_at - obj.started_at).total_seconds() / 60))


class InterviewQuestionOut(Schema):
    id: int
    question: str
    type: str


class QuestionFeedbackOut(Schema):
    question_id: int
    score: float | None = None
    feedback: str


class MockInterviewDetailOut(MockInterviewOut):
    questions: list[InterviewQuestionOut]
    started_at: datetime | None
    submitted_at: datetime | None
    question_feedback: list[QuestionFeedbackOut]


class MockInterviewStartOut(Schema):
    id: int
    status: str
    started_at: datetime
    questions: list[InterviewQuestionOut]


class ResponseIn(Schema):
    question_id: int
    answer: str = Field("", max_length=MAX_ANSWER_CHARS)
    audio_url: str | None = Field(None, max_length=500)


class MockInterviewSubmitIn(Schema):
    responses: list[ResponseIn] = Field(..., min_length=1, max_length=50)


class MockInterviewSubmitOut(Schema):
    id: int
    status: str
    score: JSONDecimal
    feedback: str
    submitted_at: datetime
