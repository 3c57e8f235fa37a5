from shared_apps.billing.tests.conftest import razorpay_fake  # noqa: F401 - shared fixture
