"""Per-request CPU time and SQL statements of ``make bench``'s endpoints, in this process.

Usage (after ``manage.py seed_bench --preset small``)::

    VERSIONED_CACHE=true .venv/bin/python tools/bench_inprocess.py ["heatmap,thread detail"] [requests]

Each endpoint (and the floor, ``GET /accounts/features/``) runs through Django's test client
over the seeded ``bench-1`` with 8 students' tokens round robin: 3 warm-up requests, then
``requests`` timed ones. CPU ms is this Python process's; "best" is the cheapest tenth of
the requests (the batch least disturbed by other processes: steadier on a busy machine), and
"pg cpu" the connection's PostgreSQL backend's CPU per request (its user and system ticks,
read from /proc: 10 ms ticks, so take it over 100+ requests). On a shared machine compare
each endpoint with the floor of the same run.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "false")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client as HttpClient  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django_tenants.utils import schema_context  # noqa: E402

from fixtures.bench import student_email  # noqa: E402
from fixtures.management.commands.bench_http import Endpoint, bench_endpoints  # noqa: E402
from tenant_apps.accounts.models import User  # noqa: E402
from tenant_apps.accounts.services import session_start  # noqa: E402
from tenants.models import Client  # noqa: E402


def main(only: set[str] | None, requests: int) -> None:
    settings.ALLOWED_HOSTS = ["*"]
    client = Client.objects.get(slug="bench-1")
    with schema_context(client.schema_name):
        users = list(User.objects.filter(email__in=[student_email(i) for i in range(1, 9)]))
        tokens = [session_start(user=u, client_id=client.id, user_agent="inprocess").access for u in users]
    http = HttpClient()

    def call(endpoint: Endpoint, n: int) -> Any:
        auth = f"Bearer {tokens[n % len(tokens)]}"
        if endpoint.method == "GET":
            response = http.get(endpoint.path, HTTP_AUTHORIZATION=auth)
        else:
            body = json.dumps(endpoint.body)
            response = http.post(endpoint.path, data=body, content_type="application/json", HTTP_AUTHORIZATION=auth)
        assert response.status_code < 300, (endpoint.path, response.status_code, response.content[:300])
        return response

    endpoints = [Endpoint("floor", "/accounts/features/")]
    endpoints += bench_endpoints(lambda path: call(Endpoint("read", path), 0).json(), client.id)
    floor_cpu = floor_best = 0.0
    for endpoint in endpoints:
        if only and endpoint.name not in only and endpoint.name != "floor":
            continue
        for n in range(3):
            call(endpoint, n)
        with CaptureQueriesContext(connection) as queries:
            call(endpoint, 0)
        statements = sum(1 for q in queries.captured_queries if not q["sql"].startswith("SET search_path"))
        backend = _backend_ticks()
        cpu, wall = time.process_time(), time.perf_counter()
        batches, size = [], max(1, requests // 10)
        for n in range(requests):
            if n % size == 0:
                batch = time.process_time()
            call(endpoint, n)
            if n % size == size - 1:
                batches.append(time.process_time() - batch)
        cpu_ms = 1000 * (time.process_time() - cpu) / requests
        wall_ms = 1000 * (time.perf_counter() - wall) / requests
        best_ms = 1000 * min(batches) / size
        db_ms = 1000 * (_backend_ticks() - backend) / _TICKS / requests
        floor_cpu = floor_cpu or cpu_ms
        floor_best = floor_best or best_ms
        print(
            f"{endpoint.name:<24} cpu {cpu_ms:7.2f} ms  wall {wall_ms:7.2f} ms  sql {statements:3d}"
            f"  x floor {cpu_ms / floor_cpu:5.2f}  best {best_ms:6.2f} ms (x {best_ms / floor_best:4.2f})"
            f"  pg cpu {db_ms:5.2f} ms",
            flush=True,
        )


_TICKS = os.sysconf("SC_CLK_TCK")


def _backend_ticks() -> int:
    """CPU ticks (user + system) of this connection's PostgreSQL backend so far: the
    database's share of a request, which the process's own CPU time leaves out."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


if __name__ == "__main__":
    main(
        set(sys.argv[1].split(",")) if len(sys.argv) > 1 and sys.argv[1] else None,
        int(sys.argv[2]) if len(sys.argv) > 2 else 30,
    )
