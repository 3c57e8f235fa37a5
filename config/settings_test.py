"""Test settings: the real stack, with fast hashing and synchronous tasks."""

import os

# The tests' own key, set before the base settings read it (they refuse to start without
# one); in the environment, so the worker processes some tests start share it.
os.environ["SECRET_KEY"] = "test-only-secret-key-not-used-anywhere-else-0123456789"

from config.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
Q_CLUSTER = {**Q_CLUSTER, "sync": True}  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
THROTTLE_EMAIL_RATE = "1000/600"
THROTTLE_IP_RATE = "10000/600"
# No spare schemas unless a test builds them (tenants/tests): each costs a DDL replay.
TENANT_SPARE_SCHEMAS = 0
GOOGLE_CLIENT_ID = "test-google-client-id"
# In-process tests serve static files from the apps' folders (no collectstatic, no manifest);
# the production-shape tests run collectstatic and the production storage.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.1/32"]  # the test receivers listen on 127.0.0.1
# Every test starts and ends with an empty cache (conftest), so the client rows stay cached
# for the whole test: query budgets must not depend on how fast a loaded machine runs setup
# (a 30 s expiry in the middle of one cost an extra lookup).
CLIENT_CACHE_SECONDS = 3600
VERSIONED_CACHE = True  # core/cache.py: one process, so versions are shared
