"""HTTP-level answers the routers never see."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse


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
