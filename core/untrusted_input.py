"""Checks on what a request carries before any of it reaches a handler or the database.

PostgreSQL cannot store a NUL character in text (``A string literal cannot contain NUL``)
or a lone UTF-16 surrogate (no UTF-8 encoding), its integer columns hold at most a signed
64-bit value, and a deeply nested JSON document costs recursion everywhere it is walked.
Each is refused here, once, as a 400 naming the field (``FieldErrors``), instead of a
500 from whichever query or serializer meets it first. ``api/parser.py`` applies this to
every JSON and form body, ``api/middleware.py`` to every path part and query value; a
handler reading a raw body (the Razorpay webhook) calls ``json_loads_checked`` itself.

No web imports: services may call it too.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from core.errors import FieldErrors

MAX_JSON_DEPTH = 32
BIGINT_MIN = -(2**63)
BIGINT_MAX = 2**63 - 1

NUL_MESSAGE = "Null characters are not allowed."
SURROGATE_MESSAGE = "Invalid Unicode: unpaired surrogate characters are not allowed."
INTEGER_RANGE_MESSAGE = f"Must be an integer between {BIGINT_MIN} and {BIGINT_MAX}."
NOT_FINITE_MESSAGE = "Must be a finite number."
TOO_DEEP_MESSAGE = f"JSON is nested too deeply (at most {MAX_JSON_DEPTH} levels)."

_BAD_CHARACTER = re.compile("[\x00\ud800-\udfff]")
# How pydantic reads an integer from text: optional blanks and sign, ASCII digits, underscores.
_INTEGER_TEXT = re.compile(r"\s*[+-]?\d[\d_]*\s*", re.ASCII)
_JSON_STRUCTURE = re.compile(rb'[\\"\[\]{}]')


def text_problem(value: str) -> str | None:
    """Why ``value`` cannot be stored as text, or None."""
    found = _BAD_CHARACTER.search(value)
    if found is None:
        return None
    return NUL_MESSAGE if found.group() == "\x00" else SURROGATE_MESSAGE


def url_value_problem(value: str) -> str | None:
    """Why a path part or query value is refused: bad characters, or an integer that no
    column can hold (the value would only ever be read as an id, a page or a count)."""
    problem = text_problem(value)
    if problem is None and _INTEGER_TEXT.fullmatch(value):
        digits = value.strip().lstrip("+-").replace("_", "").lstrip("0")
        # 20+ digits never fit (and int() refuses thousands of them).
        if len(digits) > 19 or not BIGINT_MIN <= int(value.strip().replace("_", "")) <= BIGINT_MAX:
            problem = INTEGER_RANGE_MESSAGE
    return problem


def _nesting_exceeds(body: bytes, limit: int) -> bool:
    """Whether the JSON text nests arrays/objects deeper than ``limit``, found without
    parsing (so without recursion): brackets inside strings do not count."""
    depth = 0
    in_string = False
    escaped_at = -1
    for match in _JSON_STRUCTURE.finditer(body):
        position = match.start()
        if position == escaped_at:
            continue
        token = match.group()
        if in_string:
            if token == b"\\":
                escaped_at = position + 1
            elif token == b'"':
                in_string = False
        elif token == b'"':
            in_string = True
        elif token in (b"[", b"{"):
            depth += 1
            if depth > limit:
                return True
        elif token in (b"]", b"}"):
            depth -= 1
    return False


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def printable(text: str) -> str:
    """``text`` safe to echo back as a field name: NUL and lone surrogates escaped."""
    return text.encode("utf-8", "backslashreplace").decode().replace("\x00", "\\x00")


def _field(path: list[str | int]) -> str:
    return ".".join(str(part) for part in path) or "non_field_errors"


def json_value_problems(data: Any) -> dict[str, str]:
    """``{field path: message}`` for the first unusable value found in parsed JSON (a
    string or key with NUL or a lone surrogate, an integer beyond 64 bits, a non-finite
    number). Iterative, so any depth is walked without recursion."""
    stack: list[tuple[Any, list[str | int]]] = [(data, [])]
    while stack:
        value, path = stack.pop()
        problem = None
        if isinstance(value, str):
            problem = text_problem(value)
        elif isinstance(value, bool):
            continue
        elif isinstance(value, int):
            problem = None if BIGINT_MIN <= value <= BIGINT_MAX else INTEGER_RANGE_MESSAGE
        elif isinstance(value, float):
            problem = None if math.isfinite(value) else NOT_FINITE_MESSAGE
        elif isinstance(value, dict):
            for key, item in value.items():
                key_problem = text_problem(key)
                if key_problem:
                    return {_field([*path, printable(key)]): key_problem}
                stack.append((item, [*path, key]))
        elif isinstance(value, list):
            stack.extend((item, [*path, index]) for index, item in enumerate(value))
        if problem:
            return {_field(path): problem}
    return {}


def json_loads_checked(body: bytes | str) -> Any:
    """``json.loads`` for untrusted input: a 400 (``FieldErrors``) for text that is not
    JSON, nests deeper than ``MAX_JSON_DEPTH``, or holds a value no column can store."""
    raw = body.encode("utf-8", "surrogatepass") if isinstance(body, str) else body
    if _nesting_exceeds(raw, MAX_JSON_DEPTH):
        raise FieldErrors({"non_field_errors": TOO_DEEP_MESSAGE})
    try:
        data = json.loads(raw, parse_constant=_refuse_constant)
    except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError, NaN/Infinity
        raise FieldErrors({"non_field_errors": f"Cannot parse request body: {exc}"}) from exc
    problems = json_value_problems(data)
    if problems:
        raise FieldErrors(problems)
    return data
