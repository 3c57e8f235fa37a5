"""Gunicorn settings for the `web` process; every value can be set from the environment."""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", min(4, multiprocessing.cpu_count() * 2)))
threads = int(os.environ.get("WEB_THREADS", "1"))
timeout = int(os.environ.get("WEB_TIMEOUT", "60"))
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# A worker is replaced after this many requests: its PostgreSQL connection (and that
# backend's relation caches, which grow with every client schema it touches, see
# docs/benchmarks.md "1,000 clients") goes with it, so memory stays bounded at any number of
# clients. The jitter keeps the workers from restarting together.
max_requests = int(os.environ.get("WEB_MAX_REQUESTS", "2000"))
max_requests_jitter = int(os.environ.get("WEB_MAX_REQUESTS_JITTER", "500"))
# The app is imported once, in the master, and every worker is a fork of it: a replaced
# worker is serving again in milliseconds. Without it each replacement imported Django and
# the project anew (seconds of CPU), and workers under even load reach max_requests
# together, so `make bench` saw the whole server answer nothing for 5 s at a time.
preload_app = os.environ.get("WEB_PRELOAD", "true").lower() not in ("0", "false", "no")


def pre_fork(server, worker):  # noqa: ANN001, ARG001 (gunicorn's hook signature)
    """No connection the master may have opened while importing may be shared by a fork.
    Without preloading (`WEB_PRELOAD=false`) the master never configured Django: nothing to close."""
    if not preload_app:
        return
    from django.core.cache import caches
    from django.db import connections

    connections.close_all()
    caches.close_all()
