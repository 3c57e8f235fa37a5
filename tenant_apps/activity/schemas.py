"""Schemas of the Activity API 1-3 and of the submissions riding on API 1."""

from __future__ import annotations

from datetime import date as CalendarDate
from datetime import datetime
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import BaseModel, BeforeValidator

from api.schemas import JSONDecimal
from tenant_apps.lms.schemas import ContentTypeName

SubType = Literal["runCode", "customRunCode", "submitCode", "submitAnswer"]


class ActivityQuery(Schema):
    """``?activity_type=<content type>&sub_type=...``: the real client's submissions."""

    activity_type: ContentTypeName | None = None
    sub_type: SubType | None = None


# The items of a submission's body and of its graded answer are plain pydantic models: Ninja's
# ``Schema`` wraps every value it validates in a ``DjangoGetter`` (for ORM objects), which cost
# a quiz submit ~0.4 ms of CPU for two questions (ten times the validation itself); these
# items are only ever dicts. The OpenAPI document is the same.
class UserAnswerIn(BaseModel):
    questionId: int | None = None  # noqa: N815 (the real client's field names)
    questionIndex: int | None = None  # noqa: N815
    selectedOption: str = Field(..., max_length=2)  # noqa: N815


class ActivityIn(Schema):
    """The contract body (``activity_type``, ``metadata``) or a submission body."""

    activity_type: str | None = Field(None, max_length=20)
    metadata: dict[str, Any] | None = None
    userAnswers: list[UserAnswerIn] | None = Field(None, max_length=200)  # noqa: N815
    source_code: str | None = None
    language_id: int | None = None
    stdin: str | None = Field(None, max_length=65536)
    input: str | None = Field(None, max_length=65536, description="The web client's name for `stdin`.")
    answer: str | None = Field(None, max_length=100_000)

    @property
    def custom_input(self) -> str | None:
        """The custom run's input, under either name (``stdin`` wins when both are sent)."""
        return self.stdin if self.stdin is not None else self.input


class QuizAnswerOut(BaseModel):
    question_id: int
    selected_option: str | None
    correct_option: str
    is_correct: bool
    explanation: str


class QuizQuestionResultOut(BaseModel):
    """A graded question as the web client's results view reads it."""

    question_id: int
    question_text: str
    options: dict[str, str] = Field(..., description="Each option by its letter: {A: ..., B: ...}.")
    selected_option: str | None
    correct_option: str
    is_correct: bool
    explanation: str


class TestResultOut(BaseModel):
    input: str | None
    expected_output: str | None
    actual_output: str | None
    status: str
    stderr: str
    time: str | None
    memory: int | None


class ActivityOut(Schema):
    """Keys that don't apply to the kind of activity are left out (``exclude_unset``)."""

    id: int
    activity_type: str
    created_at: datetime
    sub_type: str | None = None
    is_completed: bool | None = None
    submission_id: int | None = None
    status: str | None = None
    score: JSONDecimal | None = None
    obtained_marks: JSONDecimal | None = None
    maximum_marks: JSONDecimal | None = None
    answers: list[QuizAnswerOut] | None = None
    questions: list[QuizQuestionResultOut] | None = None
    total_test_cases: int | None = None
    passed: int | None = None
    failed: int | None = None
    results: list[TestResultOut] | None = None


class CodeRunOut(Schema):
    status: str
    total_test_cases: int
    passed: int
    failed: int
    results: list[TestResultOut]


class ActivityLogIn(Schema):
    action: str = Field(..., min_length=1, max_length=100)
    details: dict[str, Any] = Field(default_factory=dict)


class ActivityLogOut(Schema):
    id: int
    action: str
    created_at: datetime


def _number_as_text(value: Any) -> Any:
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


# Text, or a whole number taken as its text (the older build sends the user id).
SessionId = Annotated[str, BeforeValidator(_number_as_text)]


class TrackTimeIn(Schema):
    """The contract's body (``content_id``, ``time_spent_minutes``: time on one content), or
    the web client's heartbeat (``time_spent_seconds`` on the platform as a whole, sent about
    once a minute, with its session id, its own date and its device; ``session_only`` marks
    the flush when a tab is left; the older build also sends a pending total of several
    minutes). One of the two shapes is required. Every second counts, within the day's
    24 hours."""

    content_id: int | None = None
    time_spent_minutes: int | None = Field(None, ge=0, le=1440)
    time_spent_seconds: int | None = Field(None, ge=0, le=86400)
    session_id: SessionId | None = Field(
        None, max_length=100, description="A UUID (current build) or the user id (older build)."
    )
    date: CalendarDate | None = None
    device_type: Literal["desktop", "tablet", "mobile"] | None = None
    session_only: bool = False
    event_type: str | None = Field(None, max_length=50)


class TrackTimeOut(Schema):
    total_time_spent: int = Field(..., description="Minutes: on the content, or on the platform today.")
    session_time: int = Field(..., description="Minutes credited by this call.")
    total_time_spent_seconds: int = Field(..., description="`total_time_spent` in seconds.")
    credited_seconds: int = Field(..., description="`session_time` in seconds.")
