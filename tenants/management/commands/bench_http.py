"""``make bench``'s driver: the platform in its production shape, measured from outside.

Starts the Procfile's ``web`` (gunicorn) and ``worker`` (qcluster) on a port of its own,
signs in ``--users`` bench students of the first seeded client (sessions made through the
accounts service, so no login throttle or PBKDF2 stands in the way), then runs ``wrk``
against each hot endpoint, each one between two runs of the floor (a trivial public read),
and reports requests/s, p50 and p99, and the ratio to the mean of the two floors around it.
Every request of a run picks one of the signed-in students at random, as a class would.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_tenants.utils import schema_context

from fixtures.bench import student_email
from tenant_apps.accounts.models import User
from tenant_apps.accounts.services import session_start
from tenants.models import Client

FLOOR = "/accounts/features/"
LUA = """
local tokens = {%(tokens)s}
local method, body = "%(method)s", %(body)s
math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
request = function()
  local headers = {["Authorization"] = "Bearer " .. tokens[math.random(#tokens)]}
  if body then headers["Content-Type"] = "application/json" end
  return wrk.format(method, nil, headers, body)
end
"""


@dataclass
class Endpoint:
    name: str
    path: str
    method: str = "GET"
    body: dict[str, Any] | None = None
    target: float = 0.6  # the ratio to the floor


@dataclass
class Result:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int


class Command(BaseCommand):
    help = "Measure the hot endpoints over HTTP with wrk against gunicorn + worker (see make bench)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8990)
        parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run")
        parser.add_argument("--connections", type=int, default=32)
        parser.add_argument("--threads", type=int, default=2, help="wrk threads")
        parser.add_argument("--users", type=int, default=32, help="students whose tokens the load uses")
        parser.add_argument("--only", default="", help="comma-separated endpoint names")
        parser.add_argument("--slug", default="bench-1", help="the seeded client to measure")
        parser.add_argument("--markdown", default="", help="append the table to this file")
        parser.add_argument("--label", default="", help="a label for the markdown table")

    def handle(self, *args: Any, **options: Any) -> None:
        if not shutil.which("wrk"):
            raise CommandError("wrk is not installed (make bench installs it with apt).")
        client = Client.objects.filter(slug=options["slug"]).first()
        if client is None:
            raise CommandError(f"No client {options['slug']!r}: run manage.py seed_bench first.")
        tokens = self._tokens(client, options["users"])
        base = f"http://127.0.0.1:{options['port']}"
        with _platform(options["port"]):
            endpoints = bench_endpoints(_http_get(base, tokens[0]), client.id)
            if options["only"]:
                wanted = set(options["only"].split(","))
                endpoints = [e for e in endpoints if e.name in wanted]
            rows = self._measure(base, endpoints, tokens, options)
        self._report(rows, options)

    def _tokens(self, client: Client, users: int) -> list[str]:
        with schema_context(client.schema_name):
            students = User.objects.filter(email__in=[student_email(i) for i in range(1, users + 1)])
            return [session_start(user=user, client_id=client.id, user_agent="bench").access for user in students]

    def _measure(
        self, base: str, endpoints: list[Endpoint], tokens: list[str], options: dict[str, Any]
    ) -> list[tuple[Endpoint, Result, Result]]:
        run = lambda path, script=None: _wrk(base + path, script, options)  # noqa: E731
        rows = []
        floor = run(FLOOR)
        for endpoint in endpoints:
            with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
                lua.write(
                    LUA
                    % {
                        "tokens": ", ".join(f'"{t}"' for t in tokens),
                        "method": endpoint.method,
                        "body": "[[" + json.dumps(endpoint.body) + "]]" if endpoint.body is not None else "nil",
                    }
                )
            result = run(endpoint.path, lua.name)
            os.unlink(lua.name)
            after = run(FLOOR)
            mean_floor = Result(
                (floor.rps + after.rps) / 2, (floor.p50_ms + after.p50_ms) / 2, max(floor.p99_ms, after.p99_ms), 0
            )
            rows.append((endpoint, result, mean_floor))
            self.stdout.write(
                f"{endpoint.name:<28} {result.rps:8.0f} req/s  p50 {result.p50_ms:7.1f} ms  p99 {result.p99_ms:7.1f} ms"
                f"  ratio {_ratio(result, mean_floor):5.2f}  errors {result.errors}"
            )
            floor = after
        return rows

    def _report(self, rows: list[tuple[Endpoint, Result, Result]], options: dict[str, Any]) -> None:
        lines = [
            "| endpoint | req/s | p50 ms | p99 ms | floor req/s | floor p99 ms | ratio | target | met |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for endpoint, result, floor in rows:
            ratio = _ratio(result, floor)
            met = ratio >= endpoint.target and result.p99_ms <= 2 * floor.p99_ms and result.errors == 0
            lines.append(
                f"| {endpoint.name} | {result.rps:.0f} | {result.p50_ms:.1f} | {result.p99_ms:.1f} | {floor.rps:.0f} "
                f"| {floor.p99_ms:.1f} | {ratio:.2f} | {endpoint.target} | {'yes' if met else 'no'} |"
            )
        table = "\n".join(lines)
        self.stdout.write("\n" + table)
        if options["markdown"]:
            with Path(options["markdown"]).open("a") as out:
                out.write(f"\n{options['label']}\n\n{table}\n")


def _http_get(base: str, token: str) -> Callable[[str], Any]:
    def get(path: str) -> Any:
        request = urllib.request.Request(  # noqa: S310 (our own server on 127.0.0.1)
            base + path, headers={"Authorization": f"Bearer {token}"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return json.loads(response.read())

    return get


def bench_endpoints(get: Callable[[str], Any], client_id: int) -> list[Endpoint]:
    """The hot paths, with ids read from the API itself (what a student's pages would open)."""
    courses = get(f"/api/clients/{client_id}/student/enrolled-courses/")
    course_id = next(c["id"] for c in courses if c.get("title") == "Bench course 1")
    detail = get(f"/lms/clients/{client_id}/courses/{course_id}/")
    submodule_id = detail["modules"][0]["submodules"][0]["id"]
    submodule = get(f"/lms/clients/{client_id}/courses/{course_id}/sub-module/{submodule_id}/")
    by_type = {c["content_type"]: c["id"] for c in submodule["contents"]}
    quiz = get(f"/lms/clients/{client_id}/courses/{course_id}/content/{by_type['Quiz']}/")
    answers = [{"questionId": q["id"], "selectedOption": "A"} for q in quiz["details"]["mcqs"]]
    threads = get(f"/community-forum/api/clients/{client_id}/threads/")
    thread_id = (threads["results"] if isinstance(threads, dict) else threads)[0]["id"]
    lms, student = f"/lms/clients/{client_id}/courses/{course_id}", f"/api/clients/{client_id}/student"
    forum = f"/community-forum/api/clients/{client_id}/threads"
    activity = f"/activity/clients/{client_id}"
    return [
        Endpoint("user-profile", f"/accounts/clients/{client_id}/user-profile/", target=0.8),
        Endpoint("course list", f"/lms/clients/{client_id}/courses/"),
        Endpoint("course detail", f"{lms}/"),
        Endpoint("submodule", f"{lms}/sub-module/{submodule_id}/"),
        Endpoint("content detail", f"{lms}/content/{by_type['Article']}/"),
        Endpoint("course leaderboard", f"{lms}/leaderboard/"),
        Endpoint("user course dashboard", f"{lms}/user-course-dashboard/"),
        Endpoint("heatmap", f"{student}/user-activity-heatmap/"),
        Endpoint("daily time spent", f"{student}/user-daily-time-spent/"),
        Endpoint("hours graph", f"{student}/hours-spent-graph/"),
        Endpoint("overall leaderboard", f"/api/clients/{client_id}/overall-leaderboard/"),
        Endpoint("daily leaderboard", f"{student}/daily-progress-leaderboard/"),
        Endpoint("streak", f"{student}/monthly-streak/"),
        Endpoint("enrolled courses", f"{student}/enrolled-courses/"),
        Endpoint("forum threads", f"{forum}/"),
        Endpoint("thread detail", f"{forum}/{thread_id}/"),
        Endpoint("assessments", f"/assessment/api/client/{client_id}/active-assessments/"),
        Endpoint(
            "activity complete",
            f"{activity}/courses/{course_id}/content/{by_type['Article']}/?activity_type=Article",
            "POST",
            {},
            target=0.4,
        ),
        Endpoint(
            "track-time",
            f"{activity}/track-time/",
            "POST",
            {"content_id": by_type["VideoTutorial"], "time_spent_minutes": 1},
            target=0.4,
        ),
        Endpoint(
            "quiz submit",
            f"{activity}/courses/{course_id}/content/{by_type['Quiz']}/?activity_type=Quiz",
            "POST",
            {"userAnswers": answers},
            target=0.4,
        ),
    ]


def _ratio(result: Result, floor: Result) -> float:
    return result.rps / floor.rps if floor.rps else 0.0


_UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _wrk(url: str, script: str | None, options: dict[str, Any]) -> Result:
    command = [
        "wrk",
        "--latency",
        f"-t{options['threads']}",
        f"-c{options['connections']}",
        f"-d{options['duration']}s",
    ]
    if script:
        command += ["-s", script]
    argv = [*command, url]
    return wrk_parse(subprocess.run(argv, capture_output=True, text=True, check=True).stdout)  # noqa: S603 (fixed argv)


def wrk_parse(out: str) -> Result:
    """Requests/s, p50, p99 and errors (non-2xx answers and socket errors) of ``wrk --latency``."""

    def latency(percent: str) -> float:
        match = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", out, re.MULTILINE)
        if match is None:
            raise CommandError(f"wrk printed no {percent}% latency:\n{out}")
        return float(match.group(1)) * _UNIT_MS[match.group(2)]

    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = int(non_2xx.group(1)) if non_2xx else 0
    errors += sum(map(int, socket_errors.groups())) if socket_errors else 0
    return Result(float(rps.group(1)) if rps else 0.0, latency("50"), latency("99"), errors)


class _platform:
    """The Procfile's web and worker, started for the run and stopped after it."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.processes: list[subprocess.Popen[bytes]] = []

    def __enter__(self) -> _platform:
        env = {**os.environ, "PORT": str(self.port), "DEBUG": "false"}
        root = Path(settings.BASE_DIR)
        log = (root / ".data" / "bench-platform.log").open("ab")
        web = [sys.executable, "-m", "gunicorn", "config.wsgi", "-c", "platform/gunicorn.conf.py"]
        worker = [sys.executable, "manage.py", "qcluster"]
        for command in (web, worker):
            process = subprocess.Popen(command, cwd=root, env=env, stdout=log, stderr=log)  # noqa: S603 (fixed argv)
            self.processes.append(process)
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=2).close()
                return self
            except OSError:
                time.sleep(0.5)
        self.__exit__()
        raise CommandError(f"gunicorn did not answer on port {self.port}; see .data/bench-platform.log")

    def __exit__(self, *exc: object) -> None:
        for process in self.processes:
            process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
