import pytest

from tenant_apps.lms.tests.conftest import admin_a, in_a  # noqa: F401


@pytest.fixture
def student_a(as_user, client_a):
    return as_user(client_a, role="student", first_name="Stu", last_name="Dent")


@pytest.fixture
def warm(api, client_a):
    """Caches client A's lookup so query budgets count only the request's own work."""
    api.get(f"/api/clients/{client_a.id}/client-info/")
