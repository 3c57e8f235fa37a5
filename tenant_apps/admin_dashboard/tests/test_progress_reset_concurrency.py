"""Identical progress resets at the same moment, each request on its own database
connection: every answer is a 200 and the rows go once (the student's row is locked; the
later resets find nothing left and say so). Like ``tests/test_concurrent_toggles.py``, the
rows are committed through ``django_db_blocker.unblock()`` and removed afterwards."""

from __future__ import annotations

import contextlib
import uuid

from django.test import Client as HttpClient
from django_tenants.utils import schema_context

from tenant_apps.admin_dashboard.models import ProgressReset
from tenant_apps.lms.models import ContentProgress
from tests.test_real_client_progress_reset import progress, student_url

SIMULTANEOUS = 8


@contextlib.contextmanager
def committed_student(django_db_blocker):
    """An admin and a student with progress in 2 courses, committed in ``alpha`` (other
    connections cannot see a test transaction); removed afterwards."""
    from tenant_apps.accounts.services import session_start
    from tenant_apps.accounts.tests.factories import UserFactory
    from tenants.models import Client
    from tenants.schema import use_public_schema

    with django_db_blocker.unblock():
        client = Client.objects.get(slug="alpha")
        tag = uuid.uuid4().hex[:8]
        with schema_context(client.schema_name):
            admin = UserFactory(email=f"admin-{tag}@x.test", role="admin")
            student = UserFactory(email=f"race-{tag}@x.test")
            token = session_start(user=admin, client_id=client.id).access
        use_public_schema()
        courses = progress(client, student, courses=2)
        try:
            yield client, student, token
        finally:
            with schema_context(client.schema_name):
                for course in courses:
                    course.delete()
                student.delete()
                admin.delete()
            use_public_schema()


def test_identical_resets_at_the_same_moment_take_effect_once(django_db_setup, django_db_blocker):
    from tenant_apps.assessment.tests.concurrency import run_together

    with committed_student(django_db_blocker) as (client, student, token):
        url = student_url(client, student.id, "reset-progress/")

        def reset():
            response = HttpClient().post(
                url,
                {"confirm_email": student.email},
                content_type="application/json",
                headers={"Authorization": f"Bearer {token}"},
            )
            return response.status_code, response.json()

        results = run_together([reset] * SIMULTANEOUS)

        assert {status for status, _ in results} == {200}, [r for r in results if r[0] != 200][:3]
        totals = sorted(body["total"] for _, body in results)
        assert totals == [0] * (SIMULTANEOUS - 1) + [6]  # 4 completions + 2 events, removed once
        with django_db_blocker.unblock(), schema_context(client.schema_name):
            assert not ContentProgress.objects.filter(user=student).exists()
            assert ProgressReset.objects.filter(student=student).count() == SIMULTANEOUS
