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
# A worker is replaced after this many requests, a guard against a slow leak in a long-lived
# process (its own caches are bounded: core/cache.py's LRU, the token memory, and a worker's
# RSS levels off within 4,000 requests, docs/benchmarks.md "part E"). It is not what bounds
# PostgreSQL's per-backend relation caches (which grow with every client schema a connection
# touches): `CONN_MAX_AGE` (60 s) ends each connection after a minute however many requests it
# served, and behind PgBouncer its `server_lifetime` does. A replaced worker starts with cold
# caches (20-50 ms of CPU on its first request per cached read, against 3-6 ms warm) and a new
# connection; at 2,000 (+0-500) workers under even load reached the limit together, so `make
# bench` saw bursts of 3-4 replacements (29 in one `medium` run), and the two reads that missed
# their p99 line were the ones right after or during a burst. Hence a high limit, with a jitter
# of half of it so the workers' limits spread over [20,000, 30,000] instead of coinciding.
max_requests = int(os.environ.get("WEB_MAX_REQUESTS", "20000"))
max_requests_jitter = int(os.environ.get("WEB_MAX_REQUESTS_JITTER", "10000"))
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
