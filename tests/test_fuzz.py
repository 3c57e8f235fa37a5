"""Schemathesis over every operation of ``/api/openapi.json``: no 5xx, and every answer
matches the schema its operation declares.

In-process by default: the document and every request go through the WSGI application,
so the real middleware runs against the pytest test database, and each request is
rolled back by a savepoint, so one request's writes never steer the next. Each operation
is called as anonymous, a student, a client admin and a platform admin of the test
client ``alpha``, which holds the demo content; path ids are drawn from its real rows
half of the time, so handlers get past their 404s.

``make test`` runs ``FUZZ_EXAMPLES`` (default 2) cases per operation and role; ``make fuzz``
runs more, in-process or, with ``FUZZ_URL`` (e.g. ``http://127.0.0.1:8000``), against a
running ``make run`` server with its demo logins.

A 503 is an answer, not a crash, where the operation declares it: an outside service
(payments, AI, Google sign-in) that is not configured or not reachable.

In-process, every request is rolled back, so a bad value that a write accepts and only a
later read trips over is found by ``make fuzz`` against a server (``FUZZ_URL``), not here.
``FUZZ_DEBUG=1`` prints every call; ``FUZZ_ONLY=<text>`` fuzzes only the operations whose
label (``PATCH /admin-dashboard/…``) contains it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.core.failures import FailureGroup  # noqa: E402
from schemathesis.specs.openapi.checks import response_schema_conformance  # noqa: E402

FUZZ_URL = os.environ.get("FUZZ_URL", "").rstrip("/")
FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "2"))
FUZZ_SHARDS = int(os.environ.get("FUZZ_SHARDS", "4"))
FUZZ_ONLY = os.environ.get("FUZZ_ONLY", "")
ROLES = ["anonymous", "student", "admin", "platform_admin"]
DEMO_PASSWORD = "Demo-Passw0rd!"
PATH_PARAMS_LEFT_AS_GENERATED = {"client_id", "token", "image_name"}

pytestmark = pytest.mark.fuzz


@dataclass
class World:
    """Who calls, on which client, and which path values name real rows there."""

    client_id: int
    tokens: dict[str, str | None]
    known: dict[str, list[Any]] = field(default_factory=dict)


def _known_path_values() -> dict[str, list[Any]]:
    """Path parameter name -> values naming rows of the current schema."""
    from shared_apps.jobs.models import Job
    from tenant_apps.accounts.models import User
    from tenant_apps.assessment.models import Assessment, Question, Section
    from tenant_apps.assessment.models import Submission as AssessmentSubmission
    from tenant_apps.dashboard.models import Certificate
    from tenant_apps.engagement.models import ReferralProgram, WorkshopRegistration
    from tenant_apps.forum.models import Comment, Thread
    from tenant_apps.live_classes.models import AttendanceActivity, LiveClass
    from tenant_apps.lms.models import Content, Course, Module, SubModule
    from tenant_apps.mailing.models import EmailJob
    from tenant_apps.mock_interviews.models import MockInterview

    def ids(model) -> list[Any]:
        return list(model.objects.order_by("pk").values_list("pk", flat=True)[:20])

    assessments = list(Assessment.objects.values_list("pk", "slug"))
    return {
        "course_id": ids(Course),
        "module_id": ids(Module),
        "submodule_id": ids(SubModule),
        "content_id": ids(Content),
        "assessment_id": [str(pk) for pk, _ in assessments] + [slug for _, slug in assessments],
        "section_id": ids(Section),
        "question_id": ids(Question),
        "submission_id": ids(AssessmentSubmission),
        "thread_id": ids(Thread),
        "comment_id": ids(Comment),
        "class_id": ids(LiveClass),
        "activity_id": ids(AttendanceActivity),
        "interview_id": ids(MockInterview),
        "student_id": ids(User),
        "certificate_id": ids(Certificate),
        "registration_id": ids(WorkshopRegistration),
        "pk": ids(ReferralProgram),
        "task_id": [str(pk) for pk in ids(EmailJob)],
        "job_id": ids(Job),
        "folder_name": ["demo", "courses"],
    }


@pytest.fixture
def in_process_world(
    client_a, public_client, make_user, token_for, settings, tmp_path, django_db_blocker
) -> Iterator[World]:
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections
    from django.utils.module_loading import import_string
    from django_tenants.utils import schema_context

    from fixtures.demo import DEMO_CONTENT_BUILDERS, DEMO_USERS

    settings.MEDIA_ROOT = str(tmp_path)
    users = {email: make_user(client_a, role=role, email=email) for email, role, _, _ in DEMO_USERS}
    with schema_context(client_a.schema_name):
        for path in DEMO_CONTENT_BUILDERS:
            import_string(path)(client_a, users)
        known = _known_path_values()
    root = make_user(public_client, role="superadmin", email="fuzz-root@platform.test")
    tokens = {
        "anonymous": None,
        "student": token_for(users["student1@demo.local"], client_a),
        "admin": token_for(users["admin@demo.local"], client_a),
        "platform_admin": token_for(root, public_client),
    }
    # The WSGI handler would close the test's connection (and its transaction) after each
    # request; Django's own test client disconnects the same receivers.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield World(client_id=client_a.id, tokens=tokens, known=known)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _remote_world() -> World:
    """Tokens of ``make run``'s demo logins.

    The demo client is found by its slug ``demo`` through the platform admin's client
    list (its id depends on what else was created on that database); ``FUZZ_CLIENT_ID``
    overrides it.
    """
    import requests

    def login(client: int, email: str) -> str:
        response = requests.post(
            f"{FUZZ_URL}/accounts/clients/{client}/user/login/",
            json={"email": email, "password": DEMO_PASSWORD},
            timeout=30,
        )
        response.raise_for_status()
        return response.json()["access"]

    platform_admin = login(1, "admin@platform.local")
    client_id = int(os.environ.get("FUZZ_CLIENT_ID", "0")) or _demo_client_id(platform_admin)
    return World(
        client_id=client_id,
        tokens={
            "anonymous": None,
            "student": login(client_id, "student1@demo.local"),
            "admin": login(client_id, "admin@demo.local"),
            "platform_admin": platform_admin,
        },
    )


def _demo_client_id(platform_admin_token: str) -> int:
    """The id of the client whose slug is ``demo`` (``make run``'s ``seed_demo``)."""
    import requests

    response = requests.get(
        f"{FUZZ_URL}/accounts/clients/",
        headers={"Authorization": f"Bearer {platform_admin_token}"},
        timeout=30,
    )
    response.raise_for_status()
    return next(int(row["id"]) for row in response.json() if row["slug"] == "demo")


@pytest.fixture(scope="session")
def remote_world() -> World:
    return _remote_world()


@pytest.fixture
def world(request) -> World:
    if FUZZ_URL:
        return request.getfixturevalue("remote_world")
    return request.getfixturevalue("in_process_world")


@pytest.fixture
def api_schema(world):
    if FUZZ_URL:
        return schemathesis.openapi.from_url(f"{FUZZ_URL}/api/openapi.json")
    from config.wsgi import application

    return schemathesis.openapi.from_wsgi("/api/openapi.json", application)


def _declared_503(case) -> bool:
    return "503" in case.operation.definition.raw.get("responses", {})


def _call(case, world: World, headers: dict[str, str]):
    if FUZZ_URL:
        return case.call(base_url=FUZZ_URL, headers=headers, timeout=60)
    from django.core.cache import cache
    from django.db import transaction

    from tenants.schema import use_public_schema

    try:
        with transaction.atomic():
            response = case.call(headers=headers)
            transaction.set_rollback(True)
    finally:
        cache.clear()
        use_public_schema()
    return response


def _check(case, response) -> str | None:
    """The first failure of this answer, or None."""
    if response.status_code == 503 and _declared_503(case):
        return None
    for check in (not_a_server_error, response_schema_conformance):
        try:
            case.validate_response(response, checks=[check])
        except (AssertionError, FailureGroup) as exc:  # a failed check is reported, not raised
            return f"{check.__name__}: {str(exc)[:1500]}"
    return None


def _fuzz_operation(operation, world: World, role: str, failures: list[str]) -> None:
    from schemathesis import GenerationMode

    strategies = [operation.as_strategy(generation_mode=GenerationMode.POSITIVE)]
    try:
        strategies.append(operation.as_strategy(generation_mode=GenerationMode.NEGATIVE))
    except Exception:  # noqa: BLE001, S110 - some operations have nothing to negate
        pass
    token = world.tokens[role]
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    seen: set[str] = set()

    @settings(
        max_examples=FUZZ_EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=st.one_of(strategies), data=st.data())
    def run(case, data) -> None:
        for name in list(case.path_parameters or {}):
            if name == "client_id":
                case.path_parameters[name] = world.client_id
            elif name not in PATH_PARAMS_LEFT_AS_GENERATED and world.known.get(name) and data.draw(st.booleans()):
                case.path_parameters[name] = data.draw(st.sampled_from(world.known[name]))
        response = _call(case, world, headers)
        if os.environ.get("FUZZ_DEBUG"):
            print(role, operation.label, case.path_parameters, response.status_code, response.content[:100])
        problem = _check(case, response)
        if problem and problem[:80] not in seen:
            seen.add(problem[:80])
            failures.append(
                f"{role} {operation.label} -> {response.status_code}\n"
                f"  path={case.path_parameters} query={case.query} body={str(case.body)[:300]!r}\n  {problem}"
            )

    run()


def _operations(api_schema) -> list:
    operations = [result.ok() for result in api_schema.get_all_operations()]
    operations = [operation for operation in operations if FUZZ_ONLY in operation.label]
    return sorted(operations, key=lambda operation: operation.label)


@pytest.mark.parametrize("shard", range(FUZZ_SHARDS))
@pytest.mark.parametrize("role", ROLES)
def test_no_operation_answers_5xx_or_breaks_its_schema(api_schema, world, role, shard):
    operations = _operations(api_schema)
    mine = operations[shard::FUZZ_SHARDS]
    failures: list[str] = []
    for operation in mine:
        _fuzz_operation(operation, world, role, failures)
    assert not failures, f"{len(failures)} failing answers:\n" + "\n".join(failures)
