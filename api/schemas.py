"""Schemas and field types shared by several routers."""

from typing import Annotated

from ninja import Schema
from pydantic import AfterValidator


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("This field may not be blank.")
    return value.strip()


# Stripped text that is not only whitespace (checked after the Field length limits).
NonBlankStr = Annotated[str, AfterValidator(_not_blank)]


class DetailOut(Schema):
    detail: str


class ErrorOut(Schema):
    detail: str
    code: str | None = None
