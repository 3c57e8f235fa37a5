import pytest

from shared_apps.billing.fake_razorpay import FakeRazorpay
from tests.fakes.http import FakeHttpServer


@pytest.fixture
def razorpay_fake(settings):
    """A Razorpay-compatible server on 127.0.0.1; the settings point the real SDK at it."""
    fake = FakeRazorpay(key_id="rzp_test_k1", key_secret="k1_secret", webhook_secret="wh_secret")
    with FakeHttpServer(fake.handle) as server:
        settings.RAZORPAY_KEY_ID = fake.key_id
        settings.RAZORPAY_KEY_SECRET = fake.key_secret
        settings.RAZORPAY_WEBHOOK_SECRET = fake.webhook_secret
        settings.RAZORPAY_BASE_URL = server.url
        fake.server = server
        yield fake
