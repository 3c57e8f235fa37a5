"""The web client's "new interview" body, translated to the contract's.

H's quick-start and schedule forms (``app/mock-interview/quick-start``, ``…/schedule``) send
``{topic, subtopic, difficulty: "Easy"|"Medium"|"Hard", duration_minutes?,
scheduled_date_time}``; the contract's body is ``{job_role, experience_level,
interview_type}``. ``interview_client_shape`` runs before ``MockInterviewIn``'s own
validation, so both shapes are checked by the same field limits and stored the same way
(docs/mock-interviews.md, "Both request shapes"). Sending a field in both shapes is fine
when they agree; disagreeing, or leaving a required one out of both, is a 400 naming the
field.
"""

from __future__ import annotations

import re
from typing import Any

from core.errors import FieldErrors, spelling_agreed
from tenant_apps.mock_interviews.models import (
    DEFAULT_PLANNED_MINUTES,
    DIFFICULTY_LEVELS,
    LEVEL_DIFFICULTY,
    ExperienceLevel,
    InterviewType,
)

# The client's fields that are only translated (``subtopic``, ``duration_minutes`` and the
# schedule time are fields of both shapes).
CLIENT_FIELDS = frozenset({"topic", "difficulty"})
JOB_ROLE_MAX = 120

# Topics and subtopics that name an interview type (lower case, "_", "-" and "&" spelled out
# as spaces and "and"). H's quick-start topics are subjects ("Python", "SQL", ...), which are
# technical interviews, except these.
TYPE_NAMES: dict[str, InterviewType] = {
    "technical": InterviewType.TECHNICAL,
    "behavioral": InterviewType.BEHAVIORAL,
    "behavioural": InterviewType.BEHAVIORAL,
    "behavioral questions": InterviewType.BEHAVIORAL,
    "behavioural questions": InterviewType.BEHAVIORAL,
    "leadership and management": InterviewType.BEHAVIORAL,
    "hr": InterviewType.HR,
    "human resources": InterviewType.HR,
    "system design": InterviewType.SYSTEM_DESIGN,
    "mixed": InterviewType.MIXED,
}


def type_named(text: Any) -> InterviewType | None:
    """The interview type a topic or subtopic names, if it names one."""
    if not isinstance(text, str):
        return None
    words = re.sub(r"[\s_-]+", " ", text.replace("&", " and ")).strip().lower()
    return TYPE_NAMES.get(words)


def _topic(data: dict[str, Any], out: dict[str, Any], errors: dict[str, str]) -> None:
    topic = data["topic"]
    if not isinstance(topic, str) or not topic.strip():
        errors["topic"] = "This field may not be blank."
    elif len(topic.strip()) > JOB_ROLE_MAX:
        errors["topic"] = f"At most {JOB_ROLE_MAX} characters."
    else:
        mine = out.get("job_role")
        if isinstance(mine, str):
            out["job_role"] = mine.strip()
        spelling_agreed(out, "job_role", "topic", topic.strip(), errors, what="value")


def _difficulty(data: dict[str, Any], out: dict[str, Any], errors: dict[str, str]) -> None:
    value = data["difficulty"]
    named = next(
        (name for name in DIFFICULTY_LEVELS if isinstance(value, str) and value.strip().lower() == name.lower()),
        None,
    )
    if named is None:
        errors["difficulty"] = f"Choose one of {', '.join(DIFFICULTY_LEVELS)}."
        return
    level = out.get("experience_level")
    if level is None:
        out["experience_level"] = DIFFICULTY_LEVELS[named].value
    # A level's name first (a list's membership test, not a dict's: a list or an object as the
    # level is unhashable, and a dict lookup of it was a 500).
    elif level in ExperienceLevel.values and LEVEL_DIFFICULTY[ExperienceLevel(level)] != named:
        errors["difficulty"] = (
            f"Disagrees with `experience_level` ({level} is {LEVEL_DIFFICULTY[ExperienceLevel(level)]})."
        )
    # An unknown experience_level (or one not text) is left to the contract's own check (a 400
    # naming it).


def interview_client_shape(data: Any) -> Any:
    """The contract's body for ``data`` (returned as is, but for the required-field messages,
    when it has none of the client's fields)."""
    if not isinstance(data, dict):
        return data
    errors: dict[str, str] = {}
    client = bool(CLIENT_FIELDS & data.keys())
    out = {key: value for key, value in data.items() if key not in CLIENT_FIELDS}
    if "topic" in data:
        _topic(data, out, errors)
    if "difficulty" in data:
        _difficulty(data, out, errors)
    if client:
        if "interview_type" not in out:
            named = type_named(data.get("subtopic")) or type_named(data.get("topic"))
            out["interview_type"] = (named or InterviewType.TECHNICAL).value
    for ours, theirs in (("job_role", "topic"), ("experience_level", "difficulty")):
        if ours not in out and theirs not in errors:
            errors[ours] = f"This field is required (or the web client's `{theirs}`)."
    if "interview_type" not in out:
        errors["interview_type"] = "This field is required (or the web client's `topic` and `subtopic`)."
    if errors:
        raise FieldErrors(errors)
    return out


def document_client_fields(schema: dict[str, Any]) -> None:
    """Adds the client's translated fields to the JSON schema of the create body (OpenAPI)."""
    properties = schema.setdefault("properties", {})
    properties["topic"] = {
        "type": "string",
        "maxLength": JOB_ROLE_MAX,
        "description": "The web client's `job_role`. Without `interview_type`, a topic naming a type "
        "(Behavioral Questions, System Design, HR, ...) gives it; any other topic is a technical interview.",
    }
    properties["difficulty"] = {
        "type": "string",
        "enum": list(DIFFICULTY_LEVELS),
        "description": "The web client's `experience_level` (any case): Easy = junior, Medium = mid, "
        f"Hard = senior. A body without `duration_minutes` (either shape) plans "
        f"{DEFAULT_PLANNED_MINUTES} minutes.",
    }
