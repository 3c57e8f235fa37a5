"""The API's JSON renderer: orjson (several times faster than ``json.dumps`` with an encoder
class, which mattered on every hot read), with the values the standard encoder produced
kept as they were:

- a ``Decimal`` (inside a ``dict[str, Any]`` field, a dict-built response) is a JSON number,
  as ``api.schemas.JSONDecimal`` serializes the typed fields, so every decimal of every
  response is a number;
- datetimes, dates and times keep Django's encoding (``DjangoJSONEncoder``: milliseconds,
  ``Z`` for UTC), pydantic models, enums, URLs and lazy strings Ninja's;
- anything orjson refuses (an integer beyond 64 bits) falls back to the standard encoder.

One value would differ: a plain ``Enum`` member (orjson: its value; Ninja: ``str(member)``);
the project has none (choices are Django's ``TextChoices``/``IntegerChoices``, which are
``str``/``int`` and encode alike).

The bytes differ from ``json.dumps``'s only in whitespace (no space after ``,`` and ``:``)
and in non-ASCII text sent as UTF-8 instead of ``\\uXXXX`` escapes: the same JSON.
``json_response`` renders already-validated data (a cached read) the same way.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

import orjson
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder

from api.schemas import decimal_to_number

ORJSON_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_NON_STR_KEYS
CONTENT_TYPE = "application/json; charset=utf-8"


class NumberEncoder(NinjaJSONEncoder):
    def default(self, o: Any) -> Any:
        if isinstance(o, Decimal):
            return decimal_to_number(o)
        return super().default(o)


_fallback = NumberEncoder()
_django = DjangoJSONEncoder()


def _default(o: Any) -> Any:
    """What orjson does not encode itself, encoded as the standard encoder did."""
    if isinstance(o, Decimal):
        return decimal_to_number(o)
    if isinstance(o, datetime | date | time):
        return _django.default(o)
    return _fallback.default(o)


def dumps(data: Any) -> bytes:
    try:
        return orjson.dumps(data, default=_default, option=ORJSON_OPTIONS)
    except (orjson.JSONEncodeError, TypeError):
        return json.dumps(data, cls=NumberEncoder).encode()


class NumberJSONRenderer(JSONRenderer):
    encoder_class = NumberEncoder

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> Any:
        return dumps(data)


def json_bytes_response(body: bytes, response: HttpResponse | None = None, status: int = 200) -> HttpResponse:
    """``body``, JSON already rendered by ``dumps`` (pieces of a cached answer joined), as
    ``json_response`` would send it."""
    if response is None:
        response = HttpResponse(content_type=CONTENT_TYPE)
    response.status_code = status
    response["Content-Type"] = CONTENT_TYPE
    response.content = body
    return response


def json_response(data: Any, response: HttpResponse | None = None, status: int = 200) -> HttpResponse:
    """``data`` (already in the shape of the operation's response schema) as the JSON answer,
    into ``response`` (Ninja's temporal response: keeps pagination headers) when given."""
    if response is None:
        response = HttpResponse(content_type=CONTENT_TYPE)
    response.status_code = status
    response["Content-Type"] = CONTENT_TYPE
    response.content = dumps(data)
    return response
