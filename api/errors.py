"""One mapping from exceptions to the contract's error shapes."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from core.errors import DomainError, FieldErrors, Throttled

logger = logging.getLogger("api")

NOT_AUTHENTICATED = "Authentication credentials were not provided."
FORBIDDEN = "You do not have permission to perform this action."


def validation_payload(errors: list[dict[str, Any]]) -> dict[str, Any]:
    """Ninja/pydantic errors as ``{"detail": ..., "<field>": ["..."]}``."""
    fields: dict[str, list[str]] = {}
    for error in errors:
        loc = list(error.get("loc", ()))
        # Drop the source ("body", "query", ...), then the parameter's own name (e.g.
        # "payload"), keeping the field path, which may itself be called "body". A query, path
        # or header parameter followed by a list index (``course_ids: list[int]``: "course_ids",
        # 0) is itself the field: it stays.
        source = loc[0] if loc and loc[0] in ("body", "query", "path", "form", "header", "cookie", "file") else None
        if source is not None:
            loc = loc[1:]
        own_list = source in ("query", "path", "header", "cookie") and len(loc) > 1 and isinstance(loc[1], int)
        if len(loc) > 1 and not own_list:
            loc = loc[1:]
        field = ".".join(str(part) for part in loc) or "non_field_errors"
        message = error.get("msg", "Invalid value.")
        if error.get("type") == "missing":
            message = "This field is required."
        fields.setdefault(field, []).append(message)
    first_field, first_messages = next(iter(fields.items()), ("non_field_errors", ["Invalid input."]))
    return {"detail": f"{first_field}: {first_messages[0]}", **fields}


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(DomainError)
    def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
        response = api.create_response(request, exc.payload(), status=exc.status_code)
        if isinstance(exc, Throttled):
            response["Retry-After"] = str(exc.retry_after)
        return response

    @api.exception_handler(ValidationError)
    def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return api.create_response(request, validation_payload(exc.errors), status=400)

    @api.exception_handler(DjangoValidationError)
    def on_django_validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        return api.create_response(request, FieldErrors.from_django(exc).payload(), status=400)

    @api.exception_handler(AuthenticationError)
    def on_authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = api.create_response(request, {"detail": NOT_AUTHENTICATED}, status=401)
        response["WWW-Authenticate"] = 'Bearer realm="api"'
        return response

    @api.exception_handler(HttpError)
    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if isinstance(exc.__cause__, DomainError):
            # Ninja wraps whatever the body parser raises (api/parser.py: FieldErrors).
            return on_domain_error(request, exc.__cause__)
        return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)

    @api.exception_handler(RequestDataTooBig)
    def on_request_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        from api.middleware import body_too_large_response

        return body_too_large_response()

    @api.exception_handler(TooManyFieldsSent)
    def on_too_many_fields(request: HttpRequest, exc: TooManyFieldsSent) -> HttpResponse:
        return api.create_response(request, FieldErrors({"non_field_errors": str(exc)}).payload(), status=400)

    @api.exception_handler(Http404)
    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(request, {"detail": "Not found."}, status=404)

    @api.exception_handler(DjangoPermissionDenied)
    def on_forbidden(request: HttpRequest, exc: DjangoPermissionDenied) -> HttpResponse:
        return api.create_response(request, {"detail": FORBIDDEN}, status=403)

    @api.exception_handler(Exception)
    def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("Unhandled error on %s %s", request.method, request.path)
        return api.create_response(request, {"error": "Internal server error"}, status=500)
