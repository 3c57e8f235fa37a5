"""api/renderer.py: orjson gives the same JSON values the standard encoder gave."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from enum import StrEnum

from ninja import Schema

from api.renderer import CONTENT_TYPE, NumberEncoder, dumps, json_response


class Colour(StrEnum):  # as Django's TextChoices (the project has no plain Enum)
    RED = "red"


class Point(Schema):
    x: int
    label: str


def test_orjson_answers_the_values_the_standard_encoder_did():
    data = {
        "marks": Decimal("2.50"),
        "whole": Decimal("3"),
        "at": datetime(2026, 11, 30, 16, 13, 10, 123456, tzinfo=UTC),
        "plain_at": datetime(2026, 11, 30, 16, 13, 10, tzinfo=UTC),
        "day": date(2026, 11, 30),
        "clock": time(9, 30, 15, 250000),
        "took": timedelta(minutes=90),
        "ref": uuid.UUID("12345678-1234-5678-1234-567812345678"),
        "colour": Colour.RED,
        "point": Point(x=1, label="é"),
        3: "int key",
        "nested": [{"score": Decimal("0.00")}, None, True, 1.5],
    }
    standard = json.loads(json.dumps(data, cls=NumberEncoder))
    assert json.loads(dumps(data)) == standard
    assert standard["at"] == "2026-11-30T16:13:10.123Z" and standard["marks"] == 2.5
    assert b'"marks":2.5' in dumps(data) and b'"whole":3' in dumps(data)


def test_integers_orjson_refuses_fall_back_to_the_standard_encoder():
    assert json.loads(dumps({"big": 2**70})) == {"big": 2**70}


def test_json_response_keeps_the_api_content_type_and_the_given_response():
    response = json_response([{"a": Decimal("1.10")}])
    assert response["Content-Type"] == CONTENT_TYPE == "application/json; charset=utf-8"
    assert json.loads(response.content) == [{"a": 1.1}]
