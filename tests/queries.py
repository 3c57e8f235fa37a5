"""The one query-budget helper of the tests: it counts the statements a block runs, not
django-tenants' ``SET search_path`` (issued once per schema switch, so their number says
where a request ran, not what it cost).

- ``with StatementCount(n):`` asserts the block runs exactly ``n`` statements (the failure
  lists them);
- ``with StatementCount() as counted:`` only counts: compare ``counted.count`` across sizes.
"""

from __future__ import annotations

from types import TracebackType

from django.db import connection
from django.test.utils import CaptureQueriesContext


class StatementCount:
    def __init__(self, expected: int | None = None):
        self.expected = expected
        self.context = CaptureQueriesContext(connection)
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)

    def __enter__(self) -> StatementCount:
        self.context.__enter__()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.context.__exit__(kind, error, trace)
        if kind is not None:
            return
        self.statements = [
            q["sql"] for q in self.context.captured_queries if not q["sql"].startswith("SET search_path")
        ]
        if self.expected is not None:
            assert self.count == self.expected, "\n".join(
                f"{n}. {sql[:300]}" for n, sql in enumerate(self.statements, 1)
            )
