from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from api.schemas import JSONDecimal, NonBlankStr
from tenant_apps.mock_interviews.models import ExperienceLevel, InterviewType
from tenant_apps.mock_interviews.services import MAX_ANSWER_CHARS


class MockInterviewIn(Schema):
    job_role: NonBlankStr = Field(..., min_length=1, max_length=120)
    experience_level: ExperienceLevel
    interview_type: InterviewType


class MockInterviewOut(Schema):
    id: int
    job_role: str
    experience_level: str
    interview_type: str
    status: str
    created_at: datetime


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
    score: JSONDecimal | None
    feedback: str
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
