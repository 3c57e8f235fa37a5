from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from django.utils import timezone
from ninja import Field, Schema
from ninja.schema import DjangoGetter
from pydantic import AfterValidator, ConfigDict, field_validator, model_validator

from api.schemas import InDateTime, JSONDecimal, NonBlankStr, PlainStr
from core.errors import FieldErrors
from tenant_apps.mock_interviews.client_shape import JOB_ROLE_MAX, document_client_fields, interview_client_shape
from tenant_apps.mock_interviews.models import (
    DEFAULT_PLANNED_MINUTES,
    ExperienceLevel,
    InterviewStatus,
    InterviewType,
    MockInterview,
)
from tenant_apps.mock_interviews.services import MAX_ANSWER_CHARS

SCHEDULE_PAST = timedelta(days=7)
SCHEDULE_AHEAD = timedelta(days=366)


def _plausible_schedule(value: datetime | None) -> datetime | None:
    """A planned time within a week back (H's quick start sends 09:00 of the browser's today,
    which may have passed) and a year ahead: anything else is a typo or garbage."""
    if value is None:
        return value
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    now = timezone.now()
    if not now - SCHEDULE_PAST <= value <= now + SCHEDULE_AHEAD:
        raise ValueError("Must be within the past 7 days and the next 366 days.")
    return value


ScheduleTime = Annotated[InDateTime, AfterValidator(_plausible_schedule)]


class MockInterviewIn(Schema):
    """The contract's body, or the web client's (``topic``, ``subtopic``, ``difficulty``,
    ``duration_minutes``, ``scheduled_date_time``): ``client_shape`` translates it first
    (docs/mock-interviews.md, "Both request shapes")."""

    job_role: NonBlankStr = Field(..., min_length=1, max_length=JOB_ROLE_MAX, description="Or `topic`.")
    experience_level: ExperienceLevel = Field(..., description="Or `difficulty`.")
    interview_type: InterviewType = Field(
        ..., description="Or, with the web client's `topic`, named by its `subtopic` or `topic` (else technical)."
    )
    subtopic: PlainStr = Field("", max_length=120, description="What to focus on within the role (free text).")
    duration_minutes: int | None = Field(
        None,
        ge=1,
        le=120,
        description=f"The length the student plans (not enforced); omitted or null: {DEFAULT_PLANNED_MINUTES}.",
    )
    scheduled_at: ScheduleTime | None = Field(
        None, description="When the student plans to take it (ISO 8601; naive = UTC). Starting earlier is allowed."
    )
    scheduled_date_time: ScheduleTime | None = Field(None, description="The web client's `scheduled_at`.")

    model_config = ConfigDict(json_schema_extra=document_client_fields)

    @field_validator("subtopic", mode="before")
    @classmethod
    def _no_subtopic(cls, value: Any) -> Any:
        return "" if value is None else value  # null: no focus

    @model_validator(mode="before")
    @classmethod
    def _client_shape(cls, data: Any) -> Any:
        # Ninja's own root validator runs first and hands the body over wrapped.
        body = data._obj if isinstance(data, DjangoGetter) else data
        return interview_client_shape(body)

    @model_validator(mode="after")
    def _one_schedule(self) -> MockInterviewIn:
        if self.scheduled_at and self.scheduled_date_time and self.scheduled_at != self.scheduled_date_time:
            raise FieldErrors({"scheduled_date_time": "Disagrees with `scheduled_at`: send one of the two."})
        return self

    def create_fields(self) -> dict[str, Any]:
        """What ``services.interview_create`` stores."""
        return {
            "job_role": self.job_role,
            "experience_level": self.experience_level,
            "interview_type": self.interview_type,
            "subtopic": self.subtopic.strip(),
            "planned_minutes": self.duration_minutes or DEFAULT_PLANNED_MINUTES,
            "scheduled_at": self.scheduled_at or self.scheduled_date_time,
        }


class MockInterviewFilter(Schema):
    status: InterviewStatus | None = Field(None, description="Only interviews in this state.")


class MockInterviewOut(Schema):
    """The contract's interview, then the names the client's interview cards read for the same
    values (docs/real-client.md, "Mock interview cards"): its title, its role as ``topic``, its
    focus (else its type) as ``subtopic``, its level as ``difficulty``, when it is planned
    for, the minutes planned (else taken), and its score and feedback."""

    id: int
    job_role: str
    experience_level: str
    interview_type: str
    status: str
    created_at: datetime
    title: str
    topic: str = Field(..., validation_alias="job_role")
    subtopic: str = Field(..., description="The focus the student gave, else the type's label.")
    difficulty: str = Field(
        ..., description="Easy (entry, junior), Medium (mid) or Hard (senior, lead): the client's name for the level."
    )
    duration_minutes: int | None = Field(
        ...,
        validation_alias="planned_length",
        description=f"The minutes planned at create ({DEFAULT_PLANNED_MINUTES} when none were given). An interview "
        "created before every interview had a plan: the minutes from start to submit once submitted (rounded up), "
        f"else {DEFAULT_PLANNED_MINUTES}.",
    )
    minutes_taken: int | None = Field(
        ..., description="Minutes from start to submit, rounded up; null until submitted."
    )
    scheduled_date_time: datetime = Field(
        ..., validation_alias="scheduled_for", description="`scheduled_at` when one was given, else `created_at`."
    )
    scheduled_at: datetime | None
    score: JSONDecimal | None
    feedback: str

    @staticmethod
    def resolve_title(obj: MockInterview) -> str:
        return f"{obj.job_role} - {obj.get_interview_type_display()} Interview"

    @staticmethod
    def resolve_subtopic(obj: MockInterview) -> str:
        return obj.subtopic or obj.get_interview_type_display()


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
