"""Issuing on real connections: concurrent issue tasks make one certificate, and a real
``manage.py qcluster`` killed with SIGKILL mid-issue leaves no duplicate once a new worker
takes the redelivered task.

Like ``shared_apps/operations/tests/test_qcluster.py`` (whose cluster helper and fixtures
these reuse), the data is committed (other processes only see committed rows) and removed
at the end.
"""

from __future__ import annotations

import uuid
from contextlib import contextmanager

import pytest
from django.core.files.storage import default_storage
from django.db import connections
from django_tenants.utils import schema_context

from shared_apps.operations.tests.test_qcluster import (  # noqa: F401 - fixtures
    Cluster,
    _wait_for,
    alpha,
    committed,
    db_name,
    smtp_server,
)
from tenant_apps.assessment.tests.concurrency import run_together

pytestmark = pytest.mark.slow


@contextmanager
def learner_with_finished_course(client, *, completed: bool = True):
    """(user, token, course, content) committed in ``client``'s schema; removed afterwards
    with every certificate and PDF of the user."""
    from tenant_apps.accounts.services import session_start
    from tenant_apps.accounts.tests.factories import UserFactory
    from tenant_apps.certificates.models import Certificate
    from tenant_apps.dashboard.tests.helpers import complete, contents_of
    from tenant_apps.lms.models import Enrollment
    from tenant_apps.lms.tests.factories import course_build

    with schema_context(client.schema_name):
        user = UserFactory(email=f"cert-{uuid.uuid4().hex[:8]}@example.test", first_name="Wor", last_name="Ker")
        course = course_build(content_types=("Article",), title="Worker course")
        Enrollment.objects.create(course=course, user=user)
        (content,) = contents_of(course)
        if completed:
            complete(user, content)
        token = session_start(user=user, client_id=client.id).access
    try:
        yield user, token, course, content
    finally:
        with schema_context(client.schema_name):
            for certificate in Certificate.objects.filter(user=user):
                if certificate.file:
                    default_storage.delete(certificate.file)
            Certificate.objects.filter(user=user).delete()
            course.delete()
            user.delete()


def test_concurrent_issue_tasks_make_one_certificate(alpha):  # noqa: F811 - the fixture
    from tenant_apps.certificates.models import Certificate
    from tenant_apps.certificates.tasks import course_certificate_issue_run

    with learner_with_finished_course(alpha) as (user, _, course, _):
        # when: six deliveries of the same task at the same moment, each on its own connection
        results = run_together([lambda: course_certificate_issue_run(alpha.schema_name, user.id, course.id)] * 6)
        # then: one certificate, one PDF, and every run answers it
        with schema_context(alpha.schema_name):
            (certificate,) = Certificate.objects.filter(user=user)
        assert {r["certificate_id"] for r in results} == {certificate.id}
        assert certificate.file and default_storage.exists(certificate.file)
        _, files = default_storage.listdir(f"certificates/{alpha.schema_name}")
        assert f"{certificate.code}.pdf" in files
        assert not [f for f in files if f.startswith(certificate.code) and f != f"{certificate.code}.pdf"]


def test_issue_survives_a_killed_worker(alpha, db_name, smtp_server):  # noqa: F811 - the fixtures
    """Completing the course queues the issue; the worker blocks on a table lock held by a
    second connection; kill -9; a new worker gets the task redelivered and issues once."""
    from conftest import ApiClient
    from tenant_apps.certificates.models import Certificate

    fast = {"QCLUSTER_TEST_TIMEOUT": "8", "QCLUSTER_TEST_RETRY": "9"}
    blocker = connections.create_connection("default")
    cluster = Cluster(db_name, smtp_server.port, **fast).start()
    with learner_with_finished_course(alpha, completed=False) as (user, token, course, content):
        try:
            blocker.set_autocommit(False)
            with blocker.cursor() as cursor:
                cursor.execute(f'LOCK TABLE "{alpha.schema_name}"."certificates_certificate" IN SHARE MODE')
            # when: the student completes the course (the check after commit queues the task)
            answer = ApiClient(token).post(
                f"/activity/clients/{alpha.id}/courses/{course.id}/content/{content.id}/",
                {"activity_type": "complete"},
            )
            assert answer.status_code == 201

            def worker_waits_on_the_lock() -> bool:
                with blocker.cursor() as cursor:
                    cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
                    return cursor.fetchone()[0] > 0

            _wait_for(worker_waits_on_the_lock, cluster, seconds=90)  # a loaded machine starts slowly
            # the machine dies; the lock goes; a new worker starts
            cluster.kill()
            blocker.rollback()
            cluster = Cluster(db_name, smtp_server.port, **fast).start()

            # then: the redelivered task issues and renders it, once
            def rendered() -> Certificate | None:
                with schema_context(alpha.schema_name):
                    return Certificate.objects.filter(user=user).exclude(file="").first()

            certificate = _wait_for(rendered, cluster, seconds=90)
            with schema_context(alpha.schema_name):
                assert Certificate.objects.filter(user=user).count() == 1
            assert default_storage.exists(certificate.file)
        finally:
            blocker.close()
            cluster.stop()
