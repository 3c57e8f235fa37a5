"""Domain errors: raised by services and selectors, mapped to HTTP once in ``api/``.

This module must not import Ninja, so the domain stays independent of the web layer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model


class DomainError(Exception):
    """An expected failure with a client-facing message, a stable code and a status."""

    status_code = 400
    code = "error"
    default_message = "Bad request."

    def __init__(self, message: str | None = None, *, code: str | None = None, status_code: int | None = None):
        self.message = message or self.default_message
        if code is not None:
            self.code = code
        if status_code is not None:
            self.status_code = status_code
        super().__init__(self.message)

    def payload(self) -> dict[str, Any]:
        return {"detail": self.message, "code": self.code}


class FieldErrors(DomainError):
    """A 400 naming the fields at fault: ``{"detail": ..., "<field>": ["..."]}``."""

    code = "invalid"
    default_message = "Invalid input."

    def __init__(self, errors: Mapping[str, Sequence[str] | str], message: str | None = None):
        # "detail" is the payload's message string; errors filed under it are not about a field.
        self.errors = {
            ("non_field_errors" if field == "detail" else field): [msgs] if isinstance(msgs, str) else list(msgs)
            for field, msgs in errors.items()
        }
        if message is None:
            field, msgs = next(iter(self.errors.items()))
            message = msgs[0] if field == "non_field_errors" else f"{field}: {msgs[0]}"
        super().__init__(message)

    def payload(self) -> dict[str, Any]:
        return {"detail": self.message, "code": self.code, **self.errors}

    @classmethod
    def from_pydantic(cls, exc: ValueError) -> FieldErrors:
        """A pydantic ``ValidationError`` (validated outside Ninja) as the same 400 shape."""
        errors: dict[str, list[str]] = {}
        for error in exc.errors():  # type: ignore[attr-defined]
            field = ".".join(str(part) for part in error.get("loc", ())) or "non_field_errors"
            message = "This field is required." if error.get("type") == "missing" else error.get("msg", "Invalid.")
            errors.setdefault(field, []).append(message)
        return cls(errors or {"non_field_errors": "Invalid input."})

    @classmethod
    def from_django(cls, exc: DjangoValidationError) -> FieldErrors:
        """Django's model/form ValidationError as the same 400 shape."""
        if hasattr(exc, "error_dict"):
            errors = {
                ("non_field_errors" if field == NON_FIELD_ERRORS else field): msgs
                for field, msgs in exc.message_dict.items()
            }
        else:
            errors = {"non_field_errors": list(exc.messages)}
        return cls(errors)


def full_clean(instance: Model, **kwargs: Any) -> None:
    """``instance.full_clean(**kwargs)``, failing as a FieldErrors 400."""
    try:
        instance.full_clean(**kwargs)
    except DjangoValidationError as exc:
        raise FieldErrors.from_django(exc) from exc


class NotFound(DomainError):
    status_code = 404
    code = "not_found"
    default_message = "Not found."


class PermissionDenied(DomainError):
    status_code = 403
    code = "permission_denied"
    default_message = "You do not have permission to perform this action."


class NotAuthenticated(DomainError):
    status_code = 401
    code = "not_authenticated"
    default_message = "Authentication credentials were not provided."


class InvalidToken(DomainError):
    status_code = 401
    code = "token_not_valid"
    default_message = "Given token not valid for any token type"


class Throttled(DomainError):
    status_code = 429
    code = "throttled"

    def __init__(self, retry_after: int):
        self.retry_after = max(1, int(retry_after))
        super().__init__(f"Request was throttled. Expected available in {self.retry_after} seconds.")


class ServiceUnavailable(DomainError):
    status_code = 503
    code = "service_unavailable"
    default_message = "Service temporarily unavailable."


class Conflict(DomainError):
    status_code = 409
    code = "conflict"


def spelling_agreed(
    out: dict[str, Any], ours: str, theirs: str, value: Any, errors: dict[str, str], *, what: str
) -> None:
    """Put a client's ``value`` (sent as ``theirs``) under our name ``ours``, unless ``out``
    already holds ``ours`` with another value: then an error on ``theirs``, the name the
    caller sent (``what``: the thing both name, for the message)."""
    if ours in out and out[ours] != value:
        errors[theirs] = f"Disagrees with `{ours}`: send one of the two, or the same {what} in both."
        return
    out[ours] = value
