"""End to end on a real ``manage.py qcluster`` (ORM broker) against the test database.

The tests commit their data (the worker is another process and only sees committed
rows), so they don't use the rolled-back ``db`` fixture; ``django_db_blocker`` gives
autocommit access instead, and each test deletes exactly the rows it made. A
``transaction=True`` test would instead truncate every public table at the end,
including the session's test clients.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context

from tests.fakes.smtp import SmtpSink

ROOT = Path(__file__).resolve().parents[3]
WAIT_SECONDS = 20

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def smtp_server():
    with SmtpSink() as sink:
        yield sink


@pytest.fixture(scope="module")
def qcluster(django_db_setup, django_db_blocker, smtp_server):
    """A real cluster process on the test database, stopped (by its pid) at the end."""
    with django_db_blocker.unblock():
        db_name = connection.settings_dict["NAME"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "shared_apps.operations.tests.qcluster_settings",
        "QCLUSTER_TEST_DB": db_name,
        "QCLUSTER_TEST_EMAIL_PORT": str(smtp_server.port),
    }
    process = subprocess.Popen(  # noqa: S603 - our own manage.py with a fixed argument list
        [sys.executable, "manage.py", "qcluster"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    yield process
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture
def committed(django_db_blocker, qcluster, monkeypatch):
    """Autocommit database access in this process; tasks go to the real queue."""
    from django_q.conf import Conf

    monkeypatch.setattr(Conf, "SYNC", False)
    started = timezone.now()
    with django_db_blocker.unblock():
        yield
        from django_q.models import OrmQ, Task

        Task.objects.filter(started__gte=started).delete()
        OrmQ.objects.all().delete()
        connection.set_schema_to_public()


def _wait_for(predicate, process):
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        if process.poll() is not None:
            pytest.fail(f"qcluster exited: {process.stderr.read().decode(errors='replace')[-2000:]}")
        time.sleep(0.2)
    pytest.fail("The worker did not finish in time")


def _admin_client(client, role="admin"):
    from conftest import ApiClient
    from tenant_apps.accounts.services import session_start
    from tenant_apps.accounts.tests.factories import UserFactory

    with schema_context(client.schema_name):
        user = UserFactory(role=role, email=f"qcluster-{role}@example.test")
        token = session_start(user=user, client_id=client.id).access
    return ApiClient(token), user


def test_duplicate_completes_on_a_real_worker(committed, qcluster):
    from shared_apps.operations.course_tree import course_tree_delete
    from shared_apps.operations.models import CourseOperation
    from shared_apps.operations.tests.factories import course_tree_build
    from tenant_apps.lms.models import Course
    from tenants.models import Client

    # given
    client = Client.objects.get(slug="alpha")
    admin, user = _admin_client(client)
    with schema_context(client.schema_name):
        course = course_tree_build(title="Worker course", modules=2)
    created_ids = [course.id]
    try:
        # when
        started = admin.post("/lms/course-operations/duplicate/", {"course_id": course.id, "client_id": client.id})
        assert started.status_code == 202, started.json()
        operation_id = started.json()["operation_id"]

        # then: the worker picks it up and reports completion
        def finished():
            body = admin.get(f"/lms/course-operations/{operation_id}/status/").json()
            return body if body["status"] in ("completed", "failed") else None

        status = _wait_for(finished, qcluster)
        assert status["status"] == "completed", status
        assert status["progress"] == "100.00"
        created_ids.append(status["result"]["new_course_id"])
        with schema_context(client.schema_name):
            assert Course.objects.get(id=status["result"]["new_course_id"]).title == "Worker course (Copy)"
    finally:
        CourseOperation.objects.filter(client=client).delete()
        with schema_context(client.schema_name):
            for course_id in created_ids:
                if Course.objects.filter(id=course_id).exists():
                    course_tree_delete(course_id=course_id)
            user.delete()


def test_email_job_delivers_on_a_real_worker(committed, qcluster, smtp_server):
    from tenant_apps.mailing.models import EmailJob
    from tenants.models import Client

    # given
    client = Client.objects.get(slug="alpha")
    admin, user = _admin_client(client)
    recipients = ["one@example.test", "two@example.test", "three@example.test"]
    path = f"/admin-dashboard/api/clients/{client.id}/email-jobs/"
    try:
        # when
        created = admin.post(path, {"subject": "Worker mail", "body": "<p>Hello</p>", "recipients": recipients})
        assert created.status_code == 201, created.json()
        task_id = created.json()["task_id"]

        # then
        def finished():
            body = admin.get(f"{path}{task_id}/").json()
            return body if body["status"] in ("completed", "failed") else None

        detail = _wait_for(finished, qcluster)
        assert (detail["sent_count"], detail["failed_count"], detail["recipients_count"]) == (3, 0, 3)
        delivered = [m for m in smtp_server.messages if m.subject == "Worker mail"]
        assert sorted(r for m in delivered for r in m.recipients) == sorted(recipients)
    finally:
        with schema_context(client.schema_name):
            EmailJob.objects.filter(subject="Worker mail").delete()
            user.delete()
