"""HTTP-level answers the routers never see.

``UntrustedInputMiddleware`` refuses, before any view runs, what no handler can use: a body
larger than ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (a multipart one: ``MULTIPART_MAX_BYTES``) (413),
and path parts or query values holding NUL, lone surrogates or an integer beyond 64 bits (400
naming the parameter). Bodies themselves are checked by ``api.parser.CheckedParser``.
``JsonMethodNotAllowedMiddleware`` makes a wrong method a JSON 405."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

from core.errors import FieldErrors
from core.untrusted_input import printable, url_value_problem


class JsonMethodNotAllowedMiddleware:
    """A wrong method is a JSON 405 ``{"detail": "Method \\"X\\" not allowed."}``.

    Ninja (``PathView._not_allowed``) and Django's own views answer a plain-text 405;
    rewriting it here, once, covers every route. The ``Allow`` header is kept.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 405 or response.get("Content-Type", "").startswith("application/json"):
            return response
        answer = JsonResponse({"detail": f'Method "{request.method}" not allowed.'}, status=405)
        if response.has_header("Allow"):
            answer["Allow"] = response["Allow"]
        return answer


def body_too_large_response(limit: int | None = None) -> JsonResponse:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE if limit is None else limit
    return JsonResponse(
        {"detail": f"Request body too large (at most {limit} bytes).", "code": "request_too_large"}, status=413
    )


class UntrustedInputMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = self._body_limit(request)
        if limit is not None and self._declared_length(request) > limit:
            return body_too_large_response(limit)
        problems: dict[str, str] = {}
        for key, values in request.GET.lists():
            for value in [key, *values]:
                problem = url_value_problem(value)
                if problem:
                    problems.setdefault(printable(key), problem)
        if problems:
            return _refuse(problems)
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        problems = {}
        for name, value in view_kwargs.items():
            problem = url_value_problem(value) if isinstance(value, str) else None
            if problem:
                problems[name] = problem
        return _refuse(problems) if problems else None

    @staticmethod
    def _body_limit(request: HttpRequest) -> int | None:
        """Any body but multipart is read into memory (``DATA_UPLOAD_MAX_MEMORY_SIZE``).
        Django streams a multipart body's files to temporary files with no limit of its own,
        all of it before a view can look at a file's size, so multipart has its own
        (``MULTIPART_MAX_BYTES``). Django reads no more than the declared length."""
        if request.content_type == "multipart/form-data":
            multipart: int | None = settings.MULTIPART_MAX_BYTES
            return multipart
        limit: int | None = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        return limit

    @staticmethod
    def _declared_length(request: HttpRequest) -> int:
        try:
            return int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return 0


def _refuse(problems: dict[str, str]) -> JsonResponse:
    return JsonResponse(FieldErrors(problems).payload(), status=400)
