from shared_apps.billing.tests.conftest import _razorpay_server, razorpay_fake  # noqa: F401 - shared fixtures
