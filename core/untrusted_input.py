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
from bisect import bisect_right
from itertools import accumulate, chain, islice
from typing import Any, NamedTuple

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


def whole_number_from_text(value: str) -> int | None:
    """Text a request carries read as a whole number: plain ASCII digits (blanks around
    them allowed), else None; past a bigint, ``BIGINT_MAX + 1`` (out of every range here).
    The one rule for every id, page or count read from text: ``str.isdigit`` is not enough,
    it accepts superscripts and other Unicode digits (``"³"``) that ``int`` then refuses (a
    500), and ``int`` of thousands of digits raises too."""
    value = value.strip()
    if not (value.isascii() and value.isdigit()):
        return None
    digits = value.lstrip("0") or "0"
    return int(digits) if len(digits) <= 19 else BIGINT_MAX + 1


def id_from_text(value: str) -> int | None:
    """A path or query part that names a row by id: ``whole_number_from_text`` within a
    bigint, else None."""
    number = whole_number_from_text(value)
    return number if number is not None and number <= BIGINT_MAX else None


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


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def printable(text: str) -> str:
    """``text`` safe to echo back as a field name: NUL and lone surrogates escaped."""
    return text.encode("utf-8", "backslashreplace").decode().replace("\x00", "\\x00")


def _field(path: list[str | int]) -> str:
    return ".".join(str(part) for part in path) or "non_field_errors"


def _scalar_problem(value: Any) -> str | None:
    """Why a JSON scalar cannot be stored, or None (``bool`` is not an ``int`` here)."""
    kind = value.__class__
    if kind is str:
        return text_problem(value)
    if kind is int:
        return None if BIGINT_MIN <= value <= BIGINT_MAX else INTEGER_RANGE_MESSAGE
    if kind is float:
        return None if math.isfinite(value) else NOT_FINITE_MESSAGE
    return None


def _members_clean(members: list[Any], kinds: set[type]) -> bool:
    """Whether no scalar among ``members`` (whose types are ``kinds``) has a problem, decided
    with C-level passes (one joined string searched once, min/max of the integers,
    ``isfinite`` mapped over the floats) instead of a Python step per member."""
    if str in kinds:
        strings = members if len(kinds) == 1 else [member for member in members if member.__class__ is str]
        if _BAD_CHARACTER.search("".join(strings)) is not None:
            return False
    if int in kinds:
        integers = members if len(kinds) == 1 else [member for member in members if member.__class__ is int]
        if min(integers) < BIGINT_MIN or max(integers) > BIGINT_MAX:
            return False
    if float in kinds:
        floats = members if len(kinds) == 1 else [member for member in members if member.__class__ is float]
        return all(map(math.isfinite, floats))
    return True


class _Level(NamedTuple):
    """One depth of a parsed document: its arrays/objects, where each sits among the previous
    level's members, and the running total of their member counts."""

    containers: list[Any]
    owners: list[int]
    ends: list[int]


def _key_at(container: Any, offset: int) -> str | int:
    return offset if container.__class__ is list else next(islice(container, offset, None))


def _path_of(levels: list[_Level], depth: int, position: int) -> list[str | int]:
    """The keys leading to ``levels[depth].containers[position]`` from the document's root."""
    path: list[str | int] = []
    while depth > 0:
        member = levels[depth].owners[position]
        above = levels[depth - 1]
        position = bisect_right(above.ends, member)
        path.append(_key_at(above.containers[position], member - (above.ends[position - 1] if position else 0)))
        depth -= 1
    path.reverse()
    return path


def json_value_problems(data: Any, *, max_depth: int | None = None) -> dict[str, str]:
    """``{field path: message}`` for the first unusable value found in parsed JSON (a
    string or key with NUL or a lone surrogate, an integer beyond 64 bits, a non-finite
    number; with ``max_depth``, arrays/objects nested deeper).

    Walked a depth at a time, without recursion: each depth's members are flattened and
    screened in bulk (``_members_clean``), so a clean document costs a few C-level passes per
    depth; only a depth with a problem is searched member by member, and a path is built only
    for that problem. A Python step and a copied path per value made a 2 MB array of short
    strings cost ~4 s of CPU (the ``attack`` review)."""
    if data.__class__ is not dict and data.__class__ is not list:
        problem = _scalar_problem(data)
        return {_field([]): problem} if problem else {}
    levels: list[_Level] = []
    containers, owners = [data], [0]
    while containers:
        if max_depth is not None and len(levels) >= max_depth:
            return {"non_field_errors": TOO_DEEP_MESSAGE}
        depth = len(levels)
        levels.append(_Level(containers, owners, list(accumulate(map(len, containers)))))
        dicts = [container for container in containers if container.__class__ is dict]
        if dicts and _BAD_CHARACTER.search("".join(chain.from_iterable(dicts))) is not None:
            for position, container in enumerate(containers):
                if container.__class__ is not dict:
                    continue
                bad = next((key for key in container if text_problem(key)), None)
                if bad is not None:
                    path = [*_path_of(levels, depth, position), printable(bad)]
                    return {_field(path): text_problem(bad) or NUL_MESSAGE}
        members = list(chain.from_iterable([c.values() if c.__class__ is dict else c for c in containers]))
        kinds = set(map(type, members))
        if not _members_clean(members, kinds):
            ends = levels[depth].ends
            for at, member in enumerate(members):
                problem = _scalar_problem(member)
                if problem:
                    position = bisect_right(ends, at)
                    key = _key_at(containers[position], at - (ends[position - 1] if position else 0))
                    return {_field([*_path_of(levels, depth, position), key]): problem}
        if dict not in kinds and list not in kinds:
            break
        owners = [at for at, member in enumerate(members) if member.__class__ is dict or member.__class__ is list]
        containers = [members[at] for at in owners]
    return {}


def json_loads_checked(body: bytes | str) -> Any:
    """``json.loads`` for untrusted input: a 400 (``FieldErrors``) for text that is not
    JSON, nests deeper than ``MAX_JSON_DEPTH``, or holds a value no column can store.

    Deep nesting: the C parser counts its own recursion (a ``RecursionError`` long before
    the C stack is at risk, for a body of any size), and the walk refuses what parsed but
    nests deeper than ``MAX_JSON_DEPTH``."""
    raw = body.encode("utf-8", "surrogatepass") if isinstance(body, str) else body
    try:
        data = json.loads(raw, parse_constant=_refuse_constant)
    except RecursionError as exc:
        raise FieldErrors({"non_field_errors": TOO_DEEP_MESSAGE}) from exc
    except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError, NaN/Infinity
        raise FieldErrors({"non_field_errors": f"Cannot parse request body: {exc}"}) from exc
    problems = json_value_problems(data, max_depth=MAX_JSON_DEPTH)
    if problems:
        raise FieldErrors(problems)
    return data
