"""Two requests at once, each on its own database connection.

These tests cannot run inside the usual per-test transaction (the other connections would
not see its rows), and ``transaction=True`` would flush the session's shared clients. So
they commit their own rows through ``django_db_blocker.unblock()`` and delete them after.
"""

import uuid

from django.test import Client as HttpClient
from django.utils import timezone
from django_tenants.utils import schema_context

from tenant_apps.accounts.services import session_start
from tenant_apps.accounts.tests.factories import UserFactory
from tenant_apps.assessment.models import Submission
from tenant_apps.assessment.tests.concurrency import run_together
from tenant_apps.assessment.tests.factories import assessment_full, sheet
from tenants.models import Client
from tenants.schema import use_public_schema


def test_two_simultaneous_final_submits_give_one_result(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        # given: a committed in-progress submission with every answer right
        client = Client.objects.get(slug="alpha")
        with schema_context(client.schema_name):
            user = UserFactory()
            full = assessment_full(slug=f"race-{uuid.uuid4().hex[:8]}")
            Submission.objects.create(
                assessment=full["assessment"], user=user, started_at=timezone.now(), response_sheet=sheet(full)
            )
            token = session_start(user=user, client_id=client.id).access
        use_public_schema()
        url = f"/assessment/api/client/{client.id}/assessment-submission/{full['assessment'].slug}/final/"

        def final_submit():
            response = HttpClient().put(url, headers={"Authorization": f"Bearer {token}"})
            return response.status_code, response.json()

        try:
            # when
            results = run_together([final_submit, final_submit])
            # then: one scored result, one refusal, one frozen row
            statuses = sorted(status for status, _ in results)
            assert statuses == [200, 400], results
            ok = next(body for status, body in results if status == 200)
            refused = next(body for status, body in results if status == 400)
            assert ok["score"] == 100.00 and refused["code"] == "already_submitted"
            with schema_context(client.schema_name):
                row = Submission.objects.get(user=user)
                assert row.submitted_at is not None
                assert row.status == "submitted" and row.submitted_at.isoformat().startswith(ok["submitted_at"][:19])
        finally:
            with schema_context(client.schema_name):
                Submission.objects.filter(user=user).delete()
                full["assessment"].delete()
                user.delete()
            use_public_schema()


def test_simultaneous_starts_create_one_submission(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        client = Client.objects.get(slug="alpha")
        with schema_context(client.schema_name):
            user = UserFactory()
            full = assessment_full(slug=f"start-race-{uuid.uuid4().hex[:8]}")
            token = session_start(user=user, client_id=client.id).access
        use_public_schema()
        url = f"/assessment/api/client/{client.id}/start-assessment/{full['assessment'].slug}/"

        def start():
            response = HttpClient().get(url, headers={"Authorization": f"Bearer {token}"})
            return response.status_code, response.json()["submission"]["id"]

        try:
            results = run_together([start, start, start])
            assert {status for status, _ in results} == {200}
            assert len({submission_id for _, submission_id in results}) == 1
        finally:
            with schema_context(client.schema_name):
                Submission.objects.filter(user=user).delete()
                full["assessment"].delete()
                user.delete()
            use_public_schema()
