import pytest


@pytest.fixture(autouse=True)
def _fast_retries(settings):
    settings.MAILING_RETRY_DELAYS = (0.01, 0.01)


@pytest.fixture
def admin_a(as_user, client_a):
    return as_user(client_a, role="admin")


@pytest.fixture
def send_job(django_capture_on_commit_callbacks):
    """``send_job(api_client, client, payload)`` -> response; queued tasks run synchronously."""

    def _send(api_client, client, payload):
        with django_capture_on_commit_callbacks(execute=True):
            return api_client.post(f"/admin-dashboard/api/clients/{client.id}/email-jobs/", payload)

    return _send
