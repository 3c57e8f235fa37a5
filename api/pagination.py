"""Opt-in pagination: ``?page=&page_size=`` slices the list and adds headers, so the
body stays the plain JSON array the contract shows."""

from __future__ import annotations

from typing import TypeVar
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from core.errors import FieldErrors

T = TypeVar("T")
MAX_PAGE_SIZE = 200
DEFAULT_PAGE_SIZE = 20


def paginate(request: HttpRequest, response: HttpResponse, items: QuerySet | list) -> QuerySet | list:
    if "page" not in request.GET and "page_size" not in request.GET:
        return items
    try:
        page = int(request.GET.get("page", 1))
        page_size = int(request.GET.get("page_size", DEFAULT_PAGE_SIZE))
    except ValueError as exc:
        raise FieldErrors({"page": "page and page_size must be whole numbers."}) from exc
    if page < 1:
        raise FieldErrors({"page": "Must be 1 or more."})
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise FieldErrors({"page_size": f"Must be between 1 and {MAX_PAGE_SIZE}."})
    total = items.count() if isinstance(items, QuerySet) else len(items)
    start = (page - 1) * page_size
    response["X-Total-Count"] = str(total)
    links = []
    base = request.build_absolute_uri(request.path)
    params = request.GET.copy()
    if start + page_size < total:
        params["page"], params["page_size"] = str(page + 1), str(page_size)
        links.append(f'<{base}?{urlencode(params)}>; rel="next"')
    if page > 1:
        params["page"], params["page_size"] = str(page - 1), str(page_size)
        links.append(f'<{base}?{urlencode(params)}>; rel="prev"')
    if links:
        response["Link"] = ", ".join(links)
    return items[start : start + page_size]
