"""Opt-in pagination: ``?page=&page_size=`` slices the list and adds headers, so the
body stays the plain JSON array the contract shows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from core.errors import FieldErrors
from core.untrusted_input import whole_number_from_text

T = TypeVar("T")
MAX_PAGE_SIZE = 200
DEFAULT_PAGE_SIZE = 20
# Any page whose offset fits PostgreSQL's bigint; past the last one the list is empty.
MAX_PAGE = (2**63 - 1) // MAX_PAGE_SIZE


def _whole_number(request: HttpRequest, name: str, default: int) -> int:
    """The query value read by the platform's one rule for numbers in text (ASCII digits)."""
    number = whole_number_from_text(request.GET.get(name, str(default)))
    if number is None:
        raise FieldErrors({name: "page and page_size must be whole numbers."})
    return number


def paginate(
    request: HttpRequest,
    response: HttpResponse,
    items: QuerySet[Any] | list[Any],
    *,
    default_page_size: int | None = None,
    max_page_size: int = MAX_PAGE_SIZE,
) -> QuerySet[Any] | list[Any]:
    """Without ``page``/``page_size`` every item, unless the list is too heavy to answer
    whole: then ``default_page_size`` bounds it (the first page of that size, with the same
    headers, as the contract's note on pagination allows: "check response headers"), and
    ``max_page_size`` bounds what a caller may ask for."""
    unpaged = "page" not in request.GET and "page_size" not in request.GET
    if unpaged and default_page_size is None:
        return items
    page = _whole_number(request, "page", 1)
    page_size = _whole_number(request, "page_size", default_page_size or DEFAULT_PAGE_SIZE)
    if not 1 <= page <= MAX_PAGE:
        raise FieldErrors({"page": f"Must be between 1 and {MAX_PAGE}."})
    if not 1 <= page_size <= max_page_size:
        raise FieldErrors({"page_size": f"Must be between 1 and {max_page_size}."})
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
    if start >= total:  # past the end: no OFFSET query (a huge one overflows PostgreSQL's bigint)
        return items[:0]
    return items[start : start + page_size]


@dataclass(frozen=True)
class PageWindow(Generic[T]):
    """One page of a list with its total and the links around it (a page schema reads it)."""

    results: list[T]
    count: int
    next: str | None
    previous: str | None


def page_window(request: HttpRequest, items: QuerySet[Any]) -> PageWindow[Any]:
    """``{results, count, next, previous}`` (the envelope the jobs pages read). Without
    ``page``/``page_size`` every item is one page (one query); with them the same limits as
    ``paginate`` apply and ``next``/``previous`` are absolute URLs or ``null``."""
    if "page" not in request.GET and "page_size" not in request.GET:
        rows = list(items)
        return PageWindow(results=rows, count=len(rows), next=None, previous=None)
    page = _whole_number(request, "page", 1)
    page_size = _whole_number(request, "page_size", DEFAULT_PAGE_SIZE)
    if not 1 <= page <= MAX_PAGE:
        raise FieldErrors({"page": f"Must be between 1 and {MAX_PAGE}."})
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise FieldErrors({"page_size": f"Must be between 1 and {MAX_PAGE_SIZE}."})
    total = items.count()
    start = (page - 1) * page_size
    base = request.build_absolute_uri(request.path)
    params = request.GET.copy()

    def link(to_page: int) -> str:
        params["page"], params["page_size"] = str(to_page), str(page_size)
        return f"{base}?{urlencode(params)}"

    return PageWindow(
        results=list(items[start : start + page_size]) if start < total else [],
        count=total,
        next=link(page + 1) if start + page_size < total else None,
        previous=link(page - 1) if page > 1 else None,
    )
