"""A first quiz attempt against repeats: what ``bench_inprocess.py`` never sees (it warms up).

Usage (on a freshly seeded database: a first attempt happens once per student and quiz)::

    VERSIONED_CACHE=true REDIS_URL= .venv/bin/python tools/bench_first_attempts.py [students] [rounds]

Each of the first ``students`` (32, as ``make bench``) bench students of ``bench-1`` submits
the bench quiz ``rounds`` times (2) through Django's test client, in this process; the medians
of CPU ms, wall ms, SQL ms (Django's timing) and statements (auth included) are printed for
the first attempts (those that took the transaction path: more than 3 statements) and the
repeats. docs/benchmarks.md, "Issue 10, part G".
"""

from __future__ import annotations

import json
import os
import statistics
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
from fixtures.management.commands.bench_http import bench_endpoints  # noqa: E402
from tenant_apps.accounts.models import User  # noqa: E402
from tenant_apps.accounts.services import session_start  # noqa: E402
from tenants.models import Client  # noqa: E402


def main(students: int, rounds: int) -> None:
    settings.ALLOWED_HOSTS = ["*"]
    client = Client.objects.get(slug="bench-1")
    with schema_context(client.schema_name):
        emails = [student_email(i) for i in range(1, students + 1)]
        users = list(User.objects.filter(email__in=emails).order_by("id"))
        tokens = [session_start(user=u, client_id=client.id, user_agent="first-attempts").access for u in users]
    http = HttpClient()
    read = lambda path: http.get(path, HTTP_AUTHORIZATION=f"Bearer {tokens[0]}").json()  # noqa: E731
    quiz = next(e for e in bench_endpoints(read, client.id) if e.name == "quiz submit")
    body = json.dumps(quiz.body)
    rows: list[dict[str, Any]] = []
    for n in range(rounds):
        for token in tokens:
            cpu, wall = time.process_time(), time.perf_counter()
            with CaptureQueriesContext(connection) as captured:
                response = http.post(
                    quiz.path, data=body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
                )
            assert response.status_code == 201, response.content[:300]
            queries = [q for q in captured.captured_queries if not q["sql"].startswith("SET search_path")]
            rows.append(
                {
                    "round": n,
                    "cpu": 1000 * (time.process_time() - cpu),
                    "wall": 1000 * (time.perf_counter() - wall),
                    "sql": 1000 * sum(float(q["time"]) for q in queries),
                    "statements": len(queries),
                }
            )
    groups = {
        "first attempts": [r for r in rows if r["statements"] > 3],
        "repeats": [r for r in rows if r["statements"] <= 3],
    }
    print(f"load average {os.getloadavg()[0]:.1f}")
    for name, group in groups.items():
        if not group:
            continue
        medians = {key: statistics.median(r[key] for r in group) for key in ("cpu", "wall", "sql", "statements")}
        print(
            f"{name:<15} n={len(group):3d}  cpu {medians['cpu']:6.1f} ms  wall {medians['wall']:6.1f} ms"
            f"  sql {medians['sql']:6.1f} ms  statements {medians['statements']:.0f}  (medians)",
            flush=True,
        )


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 32,
        int(sys.argv[2]) if len(sys.argv) > 2 else 2,
    )
