import pytest

from tests.fakes.http import FakeHttpServer
from tests.fakes.razorpay import FakeRazorpay


@pytest.fixture(scope="session")
def _razorpay_server():
    # One server for the session: stopping one takes half a second (its poll interval).
    fake = FakeRazorpay(key_id="rzp_test_k1", key_secret="k1_secret", webhook_secret="wh_secret")
    with FakeHttpServer(lambda *args: fake.handle(*args)) as server:
        fake.server = server
        yield fake


@pytest.fixture
def razorpay_fake(_razorpay_server, settings):
    """A Razorpay-compatible server on 127.0.0.1 (fresh state); the settings point the
    real SDK at it."""
    fake = _razorpay_server
    fake.orders.clear()
    fake.payments.clear()
    fake.server.requests.clear()
    settings.RAZORPAY_KEY_ID = fake.key_id
    settings.RAZORPAY_KEY_SECRET = fake.key_secret
    settings.RAZORPAY_WEBHOOK_SECRET = fake.webhook_secret
    settings.RAZORPAY_BASE_URL = fake.server.url
    return fake
