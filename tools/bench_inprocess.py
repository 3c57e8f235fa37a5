"""Per-request CPU time and SQL statements of ``make bench``'s endpoints, in this process.

Usage (after ``manage.py seed_bench --preset small``)::

    VERSIONED_CACHE=true .venv/bin/python tools/bench_inprocess.py ["heatmap,thread detail"] [requests]

Each endpoint (and the floor, ``GET /accounts/features/``) runs through Django's test client
over the seeded ``bench-1`` with 8 students' tokens round robin: 3 warm-up requests, then
``requests`` timed ones. CPU ms is this Python process's (PostgreSQL's share shows in the
wall time); on a shared machine compare each endpoint with the floor of the same run.
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
    floor_cpu = 0.0
    for endpoint in endpoints:
        if only and endpoint.name not in only and endpoint.name != "floor":
            continue
        for n in range(3):
            call(endpoint, n)
        with CaptureQueriesContext(connection) as queries:
            call(endpoint, 0)
        statements = sum(1 for q in queries.captured_queries if not q["sql"].startswith("SET search_path"))
        cpu, wall = time.process_time(), time.perf_counter()
        for n in range(requests):
            call(endpoint, n)
        cpu_ms = 1000 * (time.process_time() - cpu) / requests
        wall_ms = 1000 * (time.perf_counter() - wall) / requests
        floor_cpu = floor_cpu or cpu_ms
        print(
            f"{endpoint.name:<24} cpu {cpu_ms:7.2f} ms  wall {wall_ms:7.2f} ms  sql {statements:3d}"
            f"  x floor {cpu_ms / floor_cpu:5.2f}",
            flush=True,
        )


if __name__ == "__main__":
    main(
        set(sys.argv[1].split(",")) if len(sys.argv) > 1 and sys.argv[1] else None,
        int(sys.argv[2]) if len(sys.argv) > 2 else 30,
    )
