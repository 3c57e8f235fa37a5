import pytest

from tests.fakes.smtp import SmtpSink


@pytest.fixture(autouse=True)
def _fast_retries(settings):
    settings.MAILING_RETRY_DELAYS = (0.01, 0.01)


@pytest.fixture(scope="module")
def _shared_smtp_sink():
    # One server for the module: stopping a sink costs ~0.5 s (socketserver's poll).
    with SmtpSink() as sink:
        yield sink


@pytest.fixture
def smtp_sink(_shared_smtp_sink, settings):
    """The root ``smtp_sink`` (real SMTP on 127.0.0.1), shared by this module's tests and
    emptied before each."""
    sink = _shared_smtp_sink
    with sink.state.lock:
        sink.state.messages.clear()
        sink.state.refuse.clear()
        sink.state.fail_transiently.clear()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = sink.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    return sink


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
