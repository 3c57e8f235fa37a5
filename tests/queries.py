"""Query budgets that count the statements an endpoint runs, not django-tenants'
``SET search_path`` (issued once per schema switch)."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext


class StatementCount:
    """``with StatementCount(n):`` asserts the block runs exactly ``n`` statements."""

    def __init__(self, expected: int):
        self.expected = expected
        self.context = CaptureQueriesContext(connection)

    def __enter__(self) -> StatementCount:
        self.context.__enter__()
        return self

    def __exit__(self, *exc) -> bool:
        self.context.__exit__(*exc)
        if exc[0] is not None:
            return False
        statements = [q["sql"] for q in self.context.captured_queries if not q["sql"].startswith("SET search_path")]
        assert len(statements) == self.expected, "\n".join(f"{n}. {sql[:300]}" for n, sql in enumerate(statements, 1))
        return False
