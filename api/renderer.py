"""The API's JSON renderer: a ``Decimal`` that reaches it (inside a ``dict[str, Any]``
field, a dict-built response) is encoded as a JSON number, as ``api.schemas.JSONDecimal``
serializes the typed fields, so every decimal of every response is a number."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder

from api.schemas import decimal_to_number


class NumberEncoder(NinjaJSONEncoder):
    def default(self, o: Any) -> Any:
        if isinstance(o, Decimal):
            return decimal_to_number(o)
        return super().default(o)


class NumberJSONRenderer(JSONRenderer):
    encoder_class = NumberEncoder
