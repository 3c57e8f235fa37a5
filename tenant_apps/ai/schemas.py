from __future__ import annotations

from typing import Any, Literal

from ninja import Field, Schema

from api.schemas import NonBlankStr


class AgentIn(Schema):
    message: NonBlankStr = Field(..., min_length=1, max_length=4000)
    context: dict[str, Any] | None = None


class AgentOut(Schema):
    response: str
    suggestions: list[str]


class McqGenerateIn(Schema):
    topic: NonBlankStr = Field(..., min_length=1, max_length=200)
    difficulty: Literal["easy", "medium", "hard"] = "medium"
    count: int = Field(5, ge=1, le=20)


class GeneratedMcqOut(Schema):
    question: str
    options: list[str]
    correct_answer: int
    explanation: str


class McqGenerateOut(Schema):
    mcqs: list[GeneratedMcqOut]


class EmailFormatIn(Schema):
    email_content: NonBlankStr = Field(..., min_length=1, max_length=20000)
    format_style: NonBlankStr = Field("professional", min_length=1, max_length=50)


class EmailFormatOut(Schema):
    formatted_content: str
