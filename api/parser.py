"""The API's request parser: every JSON and form body passes ``core.untrusted_input``'s
checks (no NUL or lone surrogates, integers within 64 bits, finite numbers, nesting at most
``MAX_JSON_DEPTH``) before pydantic sees it, so a bad value is a 400 naming the field."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja.parser import Parser
from ninja.types import DictStrAny

from core.errors import FieldErrors
from core.untrusted_input import json_loads_checked, printable, text_problem


class CheckedParser(Parser):
    def parse_body(self, request: HttpRequest) -> DictStrAny:
        # Ninja turns any exception raised here into HttpError(400) "from" it; api/errors.py
        # answers such an error with this FieldErrors' own payload.
        body: DictStrAny = json_loads_checked(request.body)
        return body

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> DictStrAny:
        # The query string is checked by api.middleware for every request; form fields here.
        if data is not request.GET:
            problems: dict[str, str] = {}
            for key, values in data.lists():
                for value in [key, *values]:
                    problem = text_problem(value) if isinstance(value, str) else None
                    if problem:
                        problems.setdefault(printable(key), problem)
            if problems:
                raise FieldErrors(problems)
        return super().parse_querydict(data, list_fields, request)
