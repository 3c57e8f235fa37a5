import pytest
from django_tenants.utils import schema_context

from tests.queries import StatementCount


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


@pytest.fixture
def assert_queries(api, client_a):
    """``with assert_queries(n): ...``; the client lookup cache is warmed up first."""
    api.get(f"/lms/clients/{client_a.id}/courses/")
    return StatementCount
