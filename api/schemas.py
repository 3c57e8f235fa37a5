"""Schemas shared by several routers."""

from ninja import Schema


class DetailOut(Schema):
    detail: str


class ErrorOut(Schema):
    detail: str
    code: str | None = None
