"""The AI assistant endpoints: the student agent (Student APIs 20), MCQ generation and
e-mail formatting (Admin Dashboard 28-29). Each is one chat completion whose JSON
answer is validated before it reaches the caller (a malformed answer is a 502)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.conf import settings

from core.untrusted_input import id_from_text
from platform_services.throttling.services import throttle_hit
from tenant_apps.ai import client as ai
from tenant_apps.lms.selectors import course_brief_get

MAX_SUGGESTIONS = 5
MCQ_OPTIONS = 4

AGENT_PROMPT = (
    "You are the friendly learning assistant of {client}, an online academy. Help the student with their "
    "studies: explain concepts, suggest next steps, stay on topic and be concise. {course}"
    'Answer with a JSON object {{"response": "<your answer>", "suggestions": ["<short follow-up question or '
    'next step>", ...]}} with at most {max_suggestions} suggestions. No other text.'
)
MCQ_PROMPT = (
    "You write multiple-choice questions for an online course. Write exactly {count} {difficulty} questions "
    "about the topic the user gives. Each has exactly 4 options, exactly one correct. Answer with a JSON "
    'object {{"mcqs": [{{"question": "...", "options": ["...", "...", "...", "..."], "correct_answer": '
    '<index 0-3 of the correct option>, "explanation": "..."}}]}}. No other text.'
)
EMAIL_PROMPT = (
    "You format e-mails for {client}, an online academy. Rewrite the e-mail body the user gives in a "
    "{style} style: fix grammar, structure it into short paragraphs, keep every fact, link and placeholder "
    '(like {{{{name}}}}) unchanged, add nothing invented. Answer with a JSON object {{"formatted_content": '
    '"<the e-mail body>"}}. No other text.'
)


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{what} must be a non-empty string")
    return value.strip()


def ai_throttle(caller_key: str) -> None:
    """Count one AI request for a caller (``Actor.throttle_key``); 429 past ``AI_THROTTLE_RATE``.

    The key names the token's client and the user id, so a platform admin and a client's
    user with the same id never share a bucket."""
    throttle_hit(key=f"ai:{caller_key}", rate=settings.AI_THROTTLE_RATE)


# --- Student APIs 20 -----------------------------------------------------------------------


def _course_context(context: dict[str, Any]) -> str:
    course_id = context.get("course_id")
    if isinstance(course_id, bool) or not isinstance(course_id, (int, str)):
        return ""
    number = id_from_text(str(course_id))
    if number is None:
        return ""
    course = course_brief_get(course_id=number)
    if course is None:
        return ""
    description = f" Course description: {course.description[:1000]}" if course.description else ""
    return f"The student is asking about the course '{course.title}'.{description} "


def _validate_agent(data: dict[str, Any]) -> dict[str, Any]:
    suggestions = data.get("suggestions") or []
    if not isinstance(suggestions, list):
        raise ValueError("suggestions must be a list")
    return {
        "response": _text(data["response"], "response"),
        "suggestions": [s.strip() for s in suggestions if isinstance(s, str) and s.strip()][:MAX_SUGGESTIONS],
    }


def agent_answer(*, client_name: str, message: str, context: dict[str, Any] | None) -> dict[str, Any]:
    context = context or {}
    extra = {k: v for k, v in context.items() if k != "course_id"}
    user_message = message
    if extra:
        user_message += "\n\nContext from the page the student is on: " + json.dumps(extra, default=str)[:2000]
    return ai.chat_json(
        ai.system_user(
            AGENT_PROMPT.format(client=client_name, course=_course_context(context), max_suggestions=MAX_SUGGESTIONS),
            user_message,
        ),
        validate=_validate_agent,
        temperature=0.5,
    )


# --- Admin Dashboard 28 --------------------------------------------------------------------


def _validate_mcqs(count: int) -> Callable[[dict[str, Any]], list[dict[str, Any]]]:
    def validate(data: dict[str, Any]) -> list[dict[str, Any]]:
        items = data["mcqs"]
        if not isinstance(items, list):
            raise ValueError("mcqs must be a list")
        if len(items) < count:
            raise ValueError(f"expected {count} questions, got {len(items)}")
        mcqs = []
        for number, item in enumerate(items[:count], start=1):
            if not isinstance(item, dict):
                raise ValueError(f"question {number} is not an object")
            options = item["options"]
            if not isinstance(options, list) or len(options) != MCQ_OPTIONS:
                raise ValueError(f"question {number} must have exactly {MCQ_OPTIONS} options")
            options = [_text(option, f"question {number} option") for option in options]
            if len({option.casefold() for option in options}) != MCQ_OPTIONS:
                raise ValueError(f"question {number} has duplicate options")
            correct = item["correct_answer"]
            if isinstance(correct, bool) or not isinstance(correct, int) or not 0 <= correct < MCQ_OPTIONS:
                raise ValueError(f"question {number} correct_answer must be an index 0-{MCQ_OPTIONS - 1}")
            explanation = item.get("explanation") or ""
            mcqs.append(
                {
                    "question": _text(item["question"], f"question {number} text"),
                    "options": options,
                    "correct_answer": correct,
                    "explanation": explanation.strip() if isinstance(explanation, str) else "",
                }
            )
        return mcqs

    return validate


def mcqs_generate(*, topic: str, difficulty: str, count: int) -> list[dict[str, Any]]:
    return ai.chat_json(
        ai.system_user(MCQ_PROMPT.format(count=count, difficulty=difficulty), f"Topic: {topic}"),
        validate=_validate_mcqs(count),
        temperature=0.7,
    )


# --- Admin Dashboard 29 --------------------------------------------------------------------


def email_body_format(*, client_name: str, email_content: str, format_style: str) -> str:
    return ai.chat_json(
        ai.system_user(EMAIL_PROMPT.format(client=client_name, style=format_style), email_content),
        validate=lambda data: _text(data["formatted_content"], "formatted_content"),
    )
