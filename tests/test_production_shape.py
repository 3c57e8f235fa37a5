"""The production shape, rehearsed (README "Beyond one machine"; `make prod-check` alone).

Debian's redis-server and pgbouncer (session pooling) on 127.0.0.1 in front of a copy of the
test database; the release phase (`migrate_platform`, `collectstatic`); two web processes
(gunicorn as in the Procfile) and two workers (`manage.py qcluster`), all on the production
settings with ``REDIS_URL`` as the cache and the django-q2 broker and ``DATABASE_URL``
naming PgBouncer. A journey walks through them over HTTP, alternating between the two web
processes: a platform admin creates a client, a student signs up (the OTP through a real
SMTP server), an admin authors a course, the student submits a quiz, a course duplicate and
an e-mail job finish on a worker, and switching the client off on one web process is seen at
once by the other (the client cache lives in Redis). Then Debian's headless Chromium loads
/api/docs (Swagger UI, its static files collected at release and served by WhiteNoise) and
signs in to the operator's console.
"""

from __future__ import annotations

import re
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest
import redis
import requests
from django.db import connection, connections

from tests.fakes.smtp import SmtpSink
from tests.prodshape import PgBouncer, RedisServer, Web, Worker, app_env, database_copy, run, system_binary

# One worker runs the whole module, so its servers start once (make test: --dist loadgroup).
pytestmark = [pytest.mark.slow, pytest.mark.prodshape, pytest.mark.xdist_group("prodshape")]

PASSWORD = "Prod-Shape-Passw0rd!"
WAIT_SECONDS = 60


class Http:
    """JSON over HTTP to one web process, with an optional bearer token."""

    def __init__(self, base: str, token: str | None = None) -> None:
        self.base, self.token = base, token

    def __call__(self, method: str, path: str, body: Any = None, expect: int | None = 200) -> Any:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        response = requests.request(method, self.base + path, json=body, headers=headers, timeout=60)
        if expect is not None:
            assert response.status_code == expect, (method, path, response.status_code, response.text[:2000])
        return response.json() if response.content else None

    def as_(self, token: str) -> Http:
        return Http(self.base, token)


class Shape:
    def __init__(self, work_dir: Path, smtp: SmtpSink, bouncer: PgBouncer, cache: RedisServer) -> None:
        self.work_dir, self.smtp, self.bouncer, self.redis = work_dir, smtp, bouncer, cache
        self.webs: list[Web] = []
        self.workers: list[Worker] = []
        self.timings: dict[str, float] = {}

    def check_alive(self) -> None:
        processes: list[Web | Worker] = [*self.webs, *self.workers]
        for process in processes:
            process.process.check_alive()

    def wait_for(self, predicate: Any, what: str) -> Any:
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            value = predicate()
            if value:
                return value
            self.check_alive()
            time.sleep(0.2)
        logs = "\n".join(worker.process.tail(1500) for worker in self.workers)
        pytest.fail(f"{what}: not within {WAIT_SECONDS} s\n{logs}")


@pytest.fixture(scope="module")
def shape(django_db_setup, django_db_blocker) -> Iterator[Shape]:
    with django_db_blocker.unblock():
        settings_dict = dict(connection.settings_dict)
    connections.close_all()  # PostgreSQL copies a database only while nobody is connected to it
    stopping: list[Any] = []
    with (
        tempfile.TemporaryDirectory(prefix="prodshape-") as tmp,
        SmtpSink() as smtp,
        database_copy(settings_dict, f"{settings_dict['NAME']}_prodshape") as dbname,
    ):
        work_dir = Path(tmp)
        try:
            cache = RedisServer(work_dir)
            stopping.append(cache)
            bouncer = PgBouncer(work_dir, settings_dict, dbname)
            stopping.append(bouncer)
            shape = Shape(work_dir, smtp, bouncer, cache)
            env = app_env(
                DATABASE_URL=bouncer.url(settings_dict),
                REDIS_URL=cache.url,
                EMAIL_HOST="127.0.0.1",
                EMAIL_PORT=str(smtp.port),
                EMAIL_TIMEOUT="10",
                STATIC_ROOT=str(work_dir / "static"),
                WEB_CONCURRENCY="1",
                Q_WORKERS="1",
            )
            # the release phase, as the Procfile's release line runs it, then the operator's first step
            started = time.monotonic()
            run(["python", "manage.py", "migrate_platform", "-v", "0"], env)
            run(["python", "manage.py", "collectstatic", "--noinput", "-v", "0"], env)
            release = "release: migrate_platform (3 clients, nothing to apply) and collectstatic (s)"
            shape.timings[release] = time.monotonic() - started
            run(
                [
                    "python",
                    "manage.py",
                    "create_platform_admin",
                    "--email",
                    "ops@platform.test",
                    "--password",
                    PASSWORD,
                ],
                env,
            )
            started = time.monotonic()
            for index in (1, 2):
                shape.webs.append(Web(f"web{index}", work_dir, env))
                stopping.append(shape.webs[-1])
            shape.timings["two web processes up (s)"] = time.monotonic() - started
            for index in (1, 2):
                shape.workers.append(Worker(f"worker{index}", work_dir, env))
                stopping.append(shape.workers[-1])
            shape.env = env  # type: ignore[attr-defined]
            yield shape
        finally:
            for process in reversed(stopping):
                process.stop()


def _otp(sink: SmtpSink, email: str) -> str:
    mail = [message for message in sink.messages if email in message.recipients][-1]
    found = re.search(r"\b(\d{6})\b", mail.text())
    assert found is not None, mail.text()
    return found.group(1)


def test_a_journey_through_two_web_processes_and_two_workers(shape):
    web1, web2 = (Http(web.url) for web in shape.webs)
    timings = shape.timings

    # a platform admin logs in on one web process and creates a client on the other
    ops_token = web1("POST", "/accounts/clients/1/user/login/", {"email": "ops@platform.test", "password": PASSWORD})[
        "access"
    ]
    started = time.monotonic()
    client = web2.as_(ops_token)("POST", "/accounts/clients/", {"name": "Gamma Guild", "slug": "gamma"}, expect=201)
    timings["client created over HTTP (s)"] = time.monotonic() - started
    cid = client["id"]
    accounts = f"/accounts/clients/{cid}/user"
    run(
        ["python", "manage.py", "create_user", "--client-id", str(cid), "--email", "admin@gamma.test"]
        + ["--password", PASSWORD, "--role", "admin"],
        shape.env,
    )

    # a student signs up on web1, the OTP arrives by SMTP, verifies on web2, logs in on web1
    signup = {"first_name": "Ada", "last_name": "L", "email": "ada@gamma.test", "phone": "+15550100"}
    web1("POST", f"{accounts}/signup/", {**signup, "password": PASSWORD, "confirm_password": PASSWORD})
    web2(
        "POST", f"{accounts}/verify-email/", {"email": "ada@gamma.test", "otp": _otp(shape.smtp, "ada@gamma.test")}, 201
    )
    student1 = web1.as_(web1("POST", f"{accounts}/login/", {"email": "ada@gamma.test", "password": PASSWORD})["access"])
    assert student1.token is not None
    student2 = web2.as_(student1.token)
    admin_token = web2("POST", f"{accounts}/login/", {"email": "admin@gamma.test", "password": PASSWORD})["access"]
    admin1, admin2 = web1.as_(admin_token), web2.as_(admin_token)

    # the admin authors a course with a quiz, across both web processes
    authoring = f"/admin-dashboard/api/clients/{cid}"
    mcqs = [
        admin1("POST", f"{authoring}/mcqs/", {"question": f"Q{n}?", "options": ["a", "b"], "correct_answer": 1}, 201)
        for n in (1, 2)
    ]
    quiz = admin2("POST", f"{authoring}/quizzes/", {"title": "Check", "mcq_ids": [m["id"] for m in mcqs]}, 201)
    course = admin1("POST", f"{authoring}/courses/", {"title": "Rehearsal", "description": "Prod shape"}, 201)
    module = admin2("POST", f"{authoring}/courses/{course['id']}/modules/", {"weekno": 1, "title": "Week 1"}, 201)
    submodule = admin1(
        "POST", f"{authoring}/courses/{course['id']}/modules/{module['id']}/submodules/", {"title": "Intro"}, 201
    )
    content = admin2(
        "POST",
        f"{authoring}/courses/{course['id']}/submodules/{submodule['id']}/contents/",
        {"content_type": "Quiz", "content_id": quiz["id"], "order": 1},
        201,
    )

    # the student enrolls on one process and submits the quiz on the other
    lms = f"/lms/clients/{cid}/courses/{course['id']}/"
    student1("POST", f"{lms}enroll/", None, 201)
    answers = [{"questionIndex": 0, "selectedOption": "B"}, {"questionIndex": 1, "selectedOption": "A"}]
    student2(
        "POST",
        f"/activity/clients/{cid}/courses/{course['id']}/content/{content['id']}/?activity_type=Quiz",
        {"userAnswers": answers},
        201,
    )
    submissions = student1("GET", f"{lms}content/{content['id']}/past-submissions/")
    assert len(submissions) == 1

    # a course duplicate and an e-mail job, started on one process, finish on a worker
    started = time.monotonic()
    operation = admin1("POST", "/lms/course-operations/duplicate/", {"course_id": course["id"], "client_id": cid}, 202)
    status = shape.wait_for(
        lambda: (
            (s := admin2("GET", f"/lms/course-operations/{operation['operation_id']}/status/"))["status"]
            in ("completed", "failed")
            and s
        ),
        "course duplicate",
    )
    timings["course duplicate, queued to completed (s)"] = time.monotonic() - started
    assert status["status"] == "completed", status
    titles = sorted(row["title"] for row in admin1("GET", f"{authoring}/courses/"))
    assert titles == ["Rehearsal", "Rehearsal (Copy)"]

    started = time.monotonic()
    recipients = ["ada@gamma.test", "grace@gamma.test"]
    job = admin2(
        "POST", f"{authoring}/email-jobs/", {"subject": "Rehearsed", "body": "<p>Hi</p>", "recipients": recipients}, 201
    )
    detail = shape.wait_for(
        lambda: (
            (d := admin1("GET", f"{authoring}/email-jobs/{job['task_id']}/"))["status"] in ("completed", "failed") and d
        ),
        "e-mail job",
    )
    timings["e-mail job (2 recipients), queued to completed (s)"] = time.monotonic() - started
    assert (detail["status"], detail["sent_count"], detail["failed_count"]) == ("completed", 2, 0), detail
    delivered = sorted(r for m in shape.smtp.messages if m.subject == "Rehearsed" for r in m.recipients)
    assert delivered == recipients

    # one cache for every process: switching the client off on web1 is seen by web2 at once
    assert student2("GET", f"/lms/clients/{cid}/courses/", expect=200)
    web1.as_(ops_token)("PATCH", f"/accounts/clients/{cid}/", {"is_active": False})
    inactive = student2("GET", f"/lms/clients/{cid}/courses/", expect=403)
    assert inactive["code"] == "tenant_inactive"
    web2.as_(ops_token)("PATCH", f"/accounts/clients/{cid}/", {"is_active": True})
    student1("GET", f"/lms/clients/{cid}/courses/", expect=200)

    # and the traffic went where the settings say: Redis holds the cache and the broker's
    # statistics, PgBouncer served every query
    store = redis.Redis.from_url(shape.redis.url)
    # redis-py types replies as bytes | str; without decode_responses they are bytes
    keys = [key.decode() for key in cast(list[bytes], store.keys("*"))]
    assert any(key.startswith(":1:") for key in keys), keys  # Django's cache
    assert any(key.startswith("django_q:") for key in keys), keys  # the django-q2 broker
    assert store.llen("django_q:lms:q") == 0  # nothing left queued
    stats = shape.bouncer.stats()
    assert stats["total_query_count"] > 100, stats
    shape.check_alive()
    print("\nproduction shape timings: " + "; ".join(f"{k}: {v:.2f}" for k, v in timings.items()))


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def test_api_docs_and_the_operator_console_render_in_headless_chromium(shape):
    from playwright.sync_api import sync_playwright

    chromium = system_binary("chromium", "chromium")
    base = shape.webs[1].url
    failed: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            # Swagger UI lays out ~260 operations in one main-thread task: about 45 s on the
            # 2-core machine at load average 30, a few seconds on a quiet one
            page.set_default_timeout(240_000)
            page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)

            # /api/docs: Swagger UI's script runs and draws every operation of the document
            page.goto(f"{base}/api/docs")
            page.wait_for_selector(".opblock-summary-path")
            paths = page.locator(".opblock-summary-path").all_inner_texts()
            assert len(paths) > 100, len(paths)
            assert any(path.startswith("/accounts/clients/{client_id}/user/login/") for path in paths)
            assert "LMS Platform API" in page.locator(".info .title").inner_text()

            # the console: the login page, the platform admin signs in, the clients' changelist
            page.goto(f"{base}/admin/")
            assert "/admin/login/" in page.url
            page.fill("#id_username", "ops@platform.test")
            page.fill("#id_password", PASSWORD)
            page.click("input[type=submit]")
            page.wait_for_selector("#site-name")
            assert "LMS platform operations" in page.locator("#site-name").inner_text()
            for area in ("Clients", "Features", "Payment transactions", "Course operations", "Failed tasks"):
                assert page.locator("#content-main").get_by_text(area, exact=True).count() >= 1, area
            page.click("#content-main a[href='/admin/tenants/client/']")
            page.wait_for_selector("#result_list")
            listed = page.locator("#result_list").inner_text()
            assert "Alpha Academy" in listed and "Beta Bootcamp" in listed
            # the admin's stylesheet applied (collected, hashed, served by WhiteNoise)
            header = page.eval_on_selector("#header", "e => getComputedStyle(e).display")
            assert header == "flex", header
        finally:
            browser.close()
    static_errors = [line for line in failed if "/static/" in line or "/api/" in line]
    assert static_errors == [], static_errors
