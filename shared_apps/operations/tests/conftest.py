import pytest


@pytest.fixture
def run_tasks(django_capture_on_commit_callbacks):
    """``with run_tasks():`` runs the tasks queued inside (django-q2 is synchronous in tests)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def admin_a(as_user, client_a):
    return as_user(client_a, role="admin")
