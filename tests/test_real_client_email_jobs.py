"""Contract tests for the clients' e-mail job pages: the older build's "Email jobs history"
and status modals (``/admin/email-send``) and H's ``/admin/emails/{task_id}``
(docs/real-client.md, "E-mail jobs").

Found on the re-walk of 1 Dec 2026: once a job existed, the older build's e-mail page
white-screened: its history list reads ``emails.length``, ``successful_emails.length``,
``failed_emails.length`` and ``task_name``; the status modal and H's detail page read the
same lists (H each recipient's ``email``). The contract's fields stay.
"""

import pytest
from django_tenants.utils import schema_context

from tenant_apps.mailing.models import RecipientStatus
from tenant_apps.mailing.tests.factories import EmailJobFactory, EmailRecipientFactory
from tests.queries import StatementCount

pytestmark = pytest.mark.django_db


def path(client, suffix: str = "") -> str:
    return f"/admin-dashboard/api/clients/{client.id}/email-jobs/{suffix}"


@pytest.fixture
def job(client_a):
    with schema_context(client_a.schema_name):
        job = EmailJobFactory(subject="Week 2 starts Monday", body="<p>Hello</p>")
        EmailRecipientFactory(job=job, email="ann@example.test", status=RecipientStatus.SENT)
        EmailRecipientFactory(job=job, email="bob@example.test", status=RecipientStatus.FAILED)
        EmailRecipientFactory(job=job, email="cy@example.test", status=RecipientStatus.PENDING)
    return job


def assert_client_names(row: dict) -> None:
    assert row["task_name"] == row["subject"] == "Week 2 starts Monday"
    assert row["email_body"] == "<p>Hello</p>"
    assert [item["email"] for item in row["emails"]] == ["ann@example.test", "bob@example.test", "cy@example.test"]
    assert [item["email"] for item in row["successful_emails"]] == ["ann@example.test"]
    assert [item["email"] for item in row["failed_emails"]] == ["bob@example.test"]
    assert all(item["name"] == "" for item in row["emails"])  # no name is kept per recipient


def test_the_list_carries_the_history_cards_names(client_a, as_user, job):
    admin, _ = as_user(client_a, role="admin")
    [row] = admin.get(path(client_a)).json()
    assert row["task_id"] == str(job.id) and row["status"] == "pending"
    assert_client_names(row)


def test_the_detail_carries_the_same_lists_beside_its_counts(client_a, as_user, job):
    admin, _ = as_user(client_a, role="admin")
    body = admin.get(path(client_a, f"{job.id}/")).json()
    assert_client_names(body)
    assert (body["recipients_count"], body["sent_count"], body["failed_count"], body["pending_count"]) == (3, 1, 1, 1)
    assert body["body"] == body["email_body"]


def test_a_job_without_recipients_has_empty_lists(client_a, as_user):
    with schema_context(client_a.schema_name):
        EmailJobFactory()
    admin, _ = as_user(client_a, role="admin")
    [row] = admin.get(path(client_a)).json()
    assert row["emails"] == row["successful_emails"] == row["failed_emails"] == []


def test_e_mail_jobs_are_admin_only_and_per_client(client_a, client_b, as_user, job):
    student, _ = as_user(client_a)
    assert student.get(path(client_a)).status_code == 403
    outsider, _ = as_user(client_b, role="admin")
    assert outsider.get(path(client_a)).status_code in (401, 403)
    assert outsider.get(path(client_b, f"{job.id}/")).status_code == 404
    admin, _ = as_user(client_a, role="admin")
    assert admin.get(path(client_a, "not-a-uuid/")).status_code == 404


@pytest.mark.parametrize("count", [1, 20])
def test_the_lists_cost_one_query_for_any_number_of_jobs(client_a, as_user, count):
    with schema_context(client_a.schema_name):
        for _ in range(count):
            EmailRecipientFactory.create_batch(3, job=EmailJobFactory())
    admin, _ = as_user(client_a, role="admin")
    admin.get(path(client_a))  # warms the cached client lookup
    with StatementCount(4):  # the user with its session, the count (X-Total-Count), the jobs, their recipients
        rows = admin.get(path(client_a)).json()
    assert len(rows) == count and all(len(row["emails"]) == 3 for row in rows)
