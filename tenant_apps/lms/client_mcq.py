"""The older web build's question body, translated to the contract's.

The build's question bank, quiz editor and assessment composer (docs/real-client.md, "V's
admin area") send ``{question_text, option_a..option_d, correct_option: "A".."D",
explanation?, difficulty_level?: "Easy"|"Medium"|"Hard", topic?, skills?}``; the contract's
body is ``{question, options, correct_answer: index, explanation}``. ``mcq_client_shape``
runs before ``MCQIn``'s own validation (and its PATCH form's), so one stored form serves both
and every limit of the contract's fields applies to the translated body too. Sending a field
in both shapes is fine when they agree; disagreeing, or leaving both out of a full body, is a
400 naming the field.
"""

from __future__ import annotations

from typing import Any

from core.errors import FieldErrors, spelling_agreed
from tenant_apps.lms.grading import OPTION_LETTERS

# The client's option fields, in order (its form has four).
OPTION_FIELDS = tuple(f"option_{letter.lower()}" for letter in OPTION_LETTERS[:4])
# Each required field of ours and the client's field that gives it.
PAIRS = (("question", "question_text"), ("options", "option_a"), ("correct_answer", "correct_option"))
CLIENT_FIELDS = frozenset({"question_text", "correct_option", "difficulty_level", *OPTION_FIELDS})


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _client_options(data: dict[str, Any], errors: dict[str, str]) -> list[str] | None:
    """``option_a``.. as a list, trailing empty ones left out; None when none was sent. The
    options sent replace the question's as a whole (a PATCH too), so ``option_a`` and
    ``option_b`` are required and an empty one may not come before a filled one."""
    sent = [name for name in OPTION_FIELDS if name in data]
    if not sent:
        return None
    values = [data.get(name) for name in OPTION_FIELDS]
    for name, value in zip(OPTION_FIELDS, values, strict=True):
        if value is not None and not isinstance(value, str):
            errors[name] = "Must be a string."
    if errors:
        return None
    while values and _blank(values[-1]):
        values.pop()
    for name, value in zip(OPTION_FIELDS[:2], [*values, None, None][:2], strict=True):
        if _blank(value):
            errors[name] = "This field is required: option_a to option_d replace the question's options together."
    for name, value in zip(OPTION_FIELDS[2:], values[2:], strict=False):
        if _blank(value):
            errors[name] = "May not be empty while a later option is filled."
    return None if errors else [str(value) for value in values]


def _letter_index(value: Any, errors: dict[str, str], count: int | None) -> int | None:
    letters = OPTION_LETTERS[: count if count is not None else len(OPTION_FIELDS)]
    if isinstance(value, str) and len(value.strip()) == 1 and value.strip().upper() in letters:
        return letters.index(value.strip().upper())
    errors["correct_option"] = f"Choose one of {', '.join(letters)} (the letter of the right option)."
    return None


def _difficulty(value: Any, errors: dict[str, str], choices: tuple[str, ...]) -> str | None:
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        for choice in choices:
            if value.strip().lower() == choice.lower():
                return choice
    errors["difficulty_level"] = f"Choose one of {', '.join(choices)}."
    return None


def mcq_client_shape(data: Any, *, full: bool, difficulties: tuple[str, ...]) -> Any:
    """The contract's body for ``data`` (returned as is when it has none of the client's
    fields). ``full``: a POST or PUT body, where the question, its options and the right
    answer are each required in one of the two shapes; ``difficulties``: the levels a
    question may have."""
    if not isinstance(data, dict):
        return data
    errors: dict[str, str] = {}
    if CLIENT_FIELDS & data.keys():
        out = {key: value for key, value in data.items() if key not in CLIENT_FIELDS}
        if "question_text" in data:
            if _blank(data["question_text"]):
                errors["question_text"] = "This field may not be blank."
            else:
                spelling_agreed(out, "question", "question_text", data["question_text"], errors, what="question")
        options = _client_options(data, errors)
        if options is not None:
            if "options" in out and out["options"] != options:
                errors["option_a"] = "Disagrees with `options`: send one of the two."
            out["options"] = options
        if "correct_option" in data:
            count = len(out["options"]) if isinstance(out.get("options"), list) else None
            index = _letter_index(data["correct_option"], errors, count)
            if index is not None:
                spelling_agreed(out, "correct_answer", "correct_option", index, errors, what="question")
        if "difficulty_level" in data:
            level = _difficulty(data["difficulty_level"], errors, difficulties)
            if level is not None:
                spelling_agreed(out, "difficulty", "difficulty_level", level, errors, what="question")
        data = out
    if full:
        for ours, theirs in PAIRS:
            if ours not in data and theirs not in errors:
                errors[ours] = f"This field is required (or the older build's `{theirs}`)."
    if errors:
        raise FieldErrors(errors)
    return data


def document_client_fields(schema: dict[str, Any]) -> None:
    """Adds the client's fields to the JSON schema of the question body (OpenAPI): they are
    read by ``mcq_client_shape`` before validation, never stored under these names."""
    letters = ", ".join(OPTION_LETTERS[: len(OPTION_FIELDS)])
    properties = schema.setdefault("properties", {})
    properties["question_text"] = {"type": "string", "description": "The older build's `question`."}
    for n, name in enumerate(OPTION_FIELDS):
        properties[name] = {
            "type": "string",
            "description": f"The older build's `options[{n}]`; option_a to option_d replace the options together.",
        }
    properties["correct_option"] = {
        "type": "string",
        "description": f"The older build's `correct_answer`: the right option's letter ({letters}, any case).",
    }
    properties["difficulty_level"] = {
        "type": "string",
        "description": "The older build's `difficulty` (Easy, Medium or Hard, any case; empty: not set).",
    }
