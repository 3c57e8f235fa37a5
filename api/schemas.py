"""Schemas and field types shared by several routers."""

import ipaddress
import re
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Any, Optional, TypeVar
from urllib.parse import urlsplit

from ninja import Schema
from pydantic import AfterValidator, BaseModel, PlainSerializer, create_model
from pydantic.fields import FieldInfo

TWO_PLACES = Decimal("0.01")


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("This field may not be blank.")
    return value.strip()


# Stripped text that is not only whitespace (checked after the Field length limits).
NonBlankStr = Annotated[str, AfterValidator(_not_blank)]


# C0/C1 controls and the bidirectional overrides/isolates (a name shown reversed in others'
# lists); the zero-width joiners Indic and Persian names need stay allowed.
_CONTROL_OR_DIRECTION = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Digits with spaces, dots, dashes and brackets between them, an optional "+" in front.
_PHONE = re.compile(r"\+?[0-9 ().-]*[0-9][0-9 ().-]*")


def _plain_text(value: str) -> str:
    if _CONTROL_OR_DIRECTION.search(value):
        raise ValueError("Control and text-direction characters are not allowed.")
    return value


def _phone(value: str) -> str:
    if value.strip() and not _PHONE.fullmatch(value.strip()):
        raise ValueError("A phone number has digits, spaces, dots, dashes and brackets, and may start with +.")
    return value


def _public_http_url(value: str) -> str:
    """An http(s) URL of a public host, or "": a picture URL every viewer's browser loads
    must not point at the viewer's own machine or network (the server never fetches it)."""
    if not value:
        return value
    try:
        parts = urlsplit(value.strip())
        host = (parts.hostname or "").rstrip(".").lower()
    except ValueError:
        raise ValueError("Enter a valid URL.") from None
    if parts.scheme.lower() not in ("http", "https") or not host:
        raise ValueError("Must be an http:// or https:// URL.")
    if host == "localhost" or host.endswith(".localhost"):
        raise ValueError("Must not point at a local or private address.")
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return value
    if not address.is_global:
        raise ValueError("Must not point at a local or private address.")
    return value


# A person's name: no control or text-direction characters.
PlainStr = Annotated[str, AfterValidator(_plain_text)]
# A phone number as people write one ("+44 20 1234 5678", "(020) 555-0100"), or "".
PhoneStr = Annotated[str, AfterValidator(_phone)]
# A picture's URL: http(s) on a public host, or "".
PublicUrlStr = Annotated[str, AfterValidator(_public_http_url)]


def _utc_representable(value: datetime) -> datetime:
    """Stored as UTC, read back as a Python datetime: both must exist (``0001-01-01T00:00+01:00``
    is year 0 in UTC, which PostgreSQL stores and every later read of the row fails on).
    Converted to UTC here, since PostgreSQL refuses offsets beyond 15:59 that Python allows; a
    naive one is UTC (the server's zone) made explicit, as Django would assume with a warning."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise ValueError("Must be between 0001-01-01 and 9999-12-31 in UTC.") from None


# An input datetime (naive ones are UTC, the server's zone) that survives a round trip.
InDateTime = Annotated[datetime, AfterValidator(_utc_representable)]


def decimal_to_number(value: Decimal | float | int) -> float:
    """A decimal as the JSON number the API answers: rounded half up to 2 places."""
    return float(Decimal(str(value)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP))


# Every decimal of a response (scores, marks, amounts, hours, percentages, prices): a JSON
# number rounded to 2 places, declared ``type: number`` in the OpenAPI document. The
# serializer runs in pydantic's python mode too ("always"), because Ninja dumps responses in
# python mode before its renderer encodes them (where a Decimal would become a string).
# Validation stays Decimal's: a number or a numeric string. Request bodies keep plain
# ``Decimal`` with their Field limits.
JSONDecimal = Annotated[Decimal, PlainSerializer(decimal_to_number, return_type=float, when_used="always")]


class DetailOut(Schema):
    detail: str


class ErrorOut(Schema):
    detail: str
    code: str | None = None


SchemaT = TypeVar("SchemaT", bound=BaseModel)


def patch_schema(schema: type[SchemaT]) -> type[SchemaT]:
    """``schema`` with every field optional and unset by default, for a PATCH body: read it
    with ``sent_fields`` to get only the fields sent. Constraints and
    validators stay; an explicit null reaches the model's own validation (a 400)."""
    fields: dict[str, Any] = {}
    for name, info in schema.model_fields.items():
        optional = FieldInfo.merge_field_infos(info, default=None)
        optional.default_factory = None
        fields[name] = (Optional[info.annotation], optional)  # noqa: UP045 (a run-time type, not an annotation)
    return create_model(f"{schema.__name__}Patch", __base__=schema, **fields)


def sent_fields(payload: BaseModel) -> dict[str, Any]:
    """The fields a PATCH body (a ``patch_schema``) holds: only those sent."""
    return payload.model_dump(exclude_unset=True)


class LetteredOptions(Schema):
    """Resolvers of ``option_a`` … ``option_d`` from an object's ``options`` list ("" past
    its end, or without options): the real clients' lettered names for the contract's array.
    A schema inherits them (Ninja collects ``resolve_*`` from Schema bases) and declares the
    four fields itself, where it wants them."""

    @staticmethod
    def _option(source: Any, index: int) -> str:
        options = source.options or []
        return str(options[index]) if index < len(options) else ""

    @staticmethod
    def resolve_option_a(source: Any) -> str:
        return LetteredOptions._option(source, 0)

    @staticmethod
    def resolve_option_b(source: Any) -> str:
        return LetteredOptions._option(source, 1)

    @staticmethod
    def resolve_option_c(source: Any) -> str:
        return LetteredOptions._option(source, 2)

    @staticmethod
    def resolve_option_d(source: Any) -> str:
        return LetteredOptions._option(source, 3)
