import pytest
from django_tenants.utils import schema_context


@pytest.fixture
def in_a(client_a):
    """Run the block in client A's schema: ``with in_a(): ...``."""
    return lambda: schema_context(client_a.schema_name)


@pytest.fixture
def admin_a(as_user, client_a):
    return as_user(client_a, role="admin")


@pytest.fixture
def student_a(as_user, client_a):
    return as_user(client_a, role="student")


class _QueryCount:
    """Counts SQL statements, leaving out django-tenants' ``SET search_path`` (sent
    before each cursor while ``TENANT_LIMIT_SET_CALLS`` is off)."""

    def __init__(self, expected: int):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self.expected = expected
        self.context = CaptureQueriesContext(connection)

    def __enter__(self):
        self.context.__enter__()
        return self

    def __exit__(self, *exc):
        self.context.__exit__(*exc)
        if exc[0] is not None:
            return False
        statements = [q["sql"] for q in self.context.captured_queries if not q["sql"].startswith("SET search_path")]
        assert len(statements) == self.expected, "\n".join(f"{n}. {sql[:200]}" for n, sql in enumerate(statements, 1))
        return False


@pytest.fixture
def assert_queries(api, client_a):
    """``with assert_queries(n): ...``; the client lookup cache is warmed up first."""
    api.get(f"/lms/clients/{client_a.id}/courses/")
    return _QueryCount
