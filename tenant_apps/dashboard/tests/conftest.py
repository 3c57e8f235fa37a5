import pytest
from django_tenants.utils import schema_context


@pytest.fixture
def in_a(client_a):
    """Run the block in client A's schema: ``with in_a(): ...``."""
    return lambda: schema_context(client_a.schema_name)


@pytest.fixture
def student_a(as_user, client_a):
    return as_user(client_a, role="student", first_name="Stu", last_name="Dent")


@pytest.fixture
def warm(api, client_a):
    """Caches client A's lookup so query budgets count only the request's own work."""
    api.get(f"/api/clients/{client_a.id}/client-info/")
