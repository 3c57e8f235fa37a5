"""Settings for the real ``qcluster`` the integration tests start: the test settings,
asynchronous, on the test database the running pytest session created."""

import os

from config.settings_test import *  # noqa: F403

DATABASES["default"]["NAME"] = os.environ["QCLUSTER_TEST_DB"]  # noqa: F405
Q_CLUSTER = {  # noqa: F405
    **Q_CLUSTER,  # noqa: F405
    "sync": False,
    "workers": 2,
    "poll": 0.1,
    "timeout": int(os.environ.get("QCLUSTER_TEST_TIMEOUT", "60")),
    "retry": int(os.environ.get("QCLUSTER_TEST_RETRY", "90")),
}
OPERATIONS_STALE_SECONDS = int(os.environ.get("QCLUSTER_TEST_STALE_SECONDS", "90"))
MAILING_SENDING_STALE_SECONDS = OPERATIONS_STALE_SECONDS
MAILING_JOB_STALE_SECONDS = OPERATIONS_STALE_SECONDS
if os.environ.get("QCLUSTER_TEST_EMAIL_PORT"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = "127.0.0.1"
    EMAIL_PORT = int(os.environ["QCLUSTER_TEST_EMAIL_PORT"])
    EMAIL_USE_TLS = False
    EMAIL_TIMEOUT = 5
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
