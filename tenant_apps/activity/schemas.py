"""Schemas of the Activity API 1-3 and of the submissions riding on API 1."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from ninja import Field, Schema

from api.schemas import JSONDecimal

SubType = Literal["runCode", "customRunCode", "submitCode", "submitAnswer"]


class UserAnswerIn(Schema):
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
    answer: str | None = Field(None, max_length=100_000)


class QuizAnswerOut(Schema):
    question_id: int
    selected_option: str | None
    correct_option: str
    is_correct: bool
    explanation: str


class TestResultOut(Schema):
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


class TrackTimeIn(Schema):
    content_id: int
    time_spent_minutes: int = Field(..., ge=0, le=1440)


class TrackTimeOut(Schema):
    total_time_spent: int
    session_time: int
