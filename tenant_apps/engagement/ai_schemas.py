from __future__ import annotations

from typing import Any, Literal

from ninja import Field, Schema
from pydantic import field_validator


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("This field may not be blank.")
    return value.strip()


class AgentIn(Schema):
    message: str = Field(..., min_length=1, max_length=4000)
    context: dict[str, Any] | None = None

    @field_validator("message")
    @classmethod
    def _message_not_blank(cls, value: str) -> str:
        return _not_blank(value)


class AgentOut(Schema):
    response: str
    suggestions: list[str]


class McqGenerateIn(Schema):
    topic: str = Field(..., min_length=1, max_length=200)
    difficulty: Literal["easy", "medium", "hard"] = "medium"
    count: int = Field(5, ge=1, le=20)

    @field_validator("topic")
    @classmethod
    def _topic_not_blank(cls, value: str) -> str:
        return _not_blank(value)


class GeneratedMcqOut(Schema):
    question: str
    options: list[str]
    correct_answer: int
    explanation: str


class McqGenerateOut(Schema):
    mcqs: list[GeneratedMcqOut]


class EmailFormatIn(Schema):
    email_content: str = Field(..., min_length=1, max_length=20000)
    format_style: str = Field("professional", min_length=1, max_length=50)

    @field_validator("email_content", "format_style")
    @classmethod
    def _text_not_blank(cls, value: str) -> str:
        return _not_blank(value)


class EmailFormatOut(Schema):
    formatted_content: str
