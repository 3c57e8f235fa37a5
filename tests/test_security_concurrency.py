"""Identical requests at the same moment have one effect and no 500 (the ``attack`` review):
final submits carrying the web clients' answer sheet, autosaves racing a final submit.

Each thread uses its own database connection, so these tests commit their own rows (through
``django_db_blocker.unblock()``, as tenant_apps/assessment/tests/test_concurrency.py does)
and delete them after.
"""

from __future__ import annotations

import json
import uuid

from django.test import Client as HttpClient
from django.utils import timezone
from django_tenants.utils import schema_context

from tenant_apps.accounts.services import session_start
from tenant_apps.accounts.tests.factories import UserFactory
from tenant_apps.assessment.models import Submission, SubmissionStatus
from tenant_apps.assessment.tests.concurrency import run_together
from tenants.models import Client
from tenants.schema import use_public_schema
from tests.test_real_client_assessment_take import client_sheet, make_exam


def base(client) -> str:
    return f"/assessment/api/client/{client.id}"


def test_identical_concurrent_final_submits_with_the_clients_sheet_score_once(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        # given: a committed attempt and 6 identical final PUTs carrying H's sheet
        client = Client.objects.get(slug="alpha")
        with schema_context(client.schema_name):
            user = UserFactory()
            exam = make_exam()
            exam["exam"].slug = f"race-{uuid.uuid4().hex[:8]}"
            exam["exam"].save(update_fields=["slug"])
            Submission.objects.create(assessment=exam["exam"], user=user, started_at=timezone.now())
            token = session_start(user=user, client_id=client.id).access
        use_public_schema()
        url = f"{base(client)}/assessment-submission/{exam['exam'].slug}/final/"
        body = json.dumps({"response_sheet": client_sheet(exam, ["C", "C", "A"])})

        def final() -> tuple[int, dict]:
            response = HttpClient().put(
                url, body, content_type="application/json", headers={"Authorization": f"Bearer {token}"}
            )
            return response.status_code, response.json()

        try:
            # when
            results = run_together([final] * 6)
            # then: one score, five refusals, the row scored once
            assert sorted(status for status, _ in results) == [200] + [400] * 5, results
            assert {body["code"] for status, body in results if status == 400} == {"already_submitted"}
            with schema_context(client.schema_name):
                row = Submission.objects.get(user=user)
                assert row.status == SubmissionStatus.SUBMITTED and row.marks_obtained == 6
        finally:
            with schema_context(client.schema_name):
                Submission.objects.filter(user=user).delete()
                exam["exam"].delete()
                user.delete()
            use_public_schema()
