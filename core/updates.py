"""The one partial-update rule: what a ``changes`` mapping holds changes, what it leaves out stays.

Routers give a PATCH body's ``api.schemas.sent_fields`` (only the fields sent) or a PUT body's
``dict()``; services whose changes are optional keyword arguments give ``given(...)`` (the
arguments that are not None). Services then call ``fields_apply`` and save with the names it
returns as ``update_fields``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Field, Model

from core.errors import FieldErrors

NULL_MESSAGE = "This field cannot be null."


def given(**values: Any) -> dict[str, Any]:
    """The keyword arguments that carry a value (None means "leave as is")."""
    return {name: value for name, value in values.items() if value is not None}


def differing(instance: Model, changes: Mapping[str, Any]) -> dict[str, Any]:
    """The changes whose value is not the instance's already: a write that changes nothing
    then saves nothing and records no event."""
    return {name: value for name, value in changes.items() if getattr(instance, name) != value}


def fields_apply(instance: Model, changes: Mapping[str, Any], *, null_as_blank: Collection[str] = ()) -> list[str]:
    """Set each field of ``changes`` on ``instance``; returns their names, in order.
    A null for a field in ``null_as_blank`` (text fields the web client clears with null) is "";
    a null for any other field that cannot hold one is a 400 naming it, before anything is
    set: ``full_clean`` lets a null through for a field that may be blank (it skips empty
    values there), and the database then refused it (a 500)."""
    refused = {
        name: NULL_MESSAGE
        for name, value in changes.items()
        if value is None and name not in null_as_blank and not _nullable(instance, name)
    }
    if refused:
        raise FieldErrors(refused)
    for name, value in changes.items():
        setattr(instance, name, "" if value is None and name in null_as_blank else value)
    return list(changes)


def _nullable(instance: Model, name: str) -> bool:
    """Whether ``name`` may be set to None: a column that holds null, or no column at all."""
    try:
        field = instance._meta.get_field(name)
    except FieldDoesNotExist:
        return True
    return not isinstance(field, Field) or not field.concrete or field.null
