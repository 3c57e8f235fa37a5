"""The admin's e-mail job list is bounded (docs/background-jobs.md, "E-mail jobs").

Each job in the list carries its body and its recipients (the older build's history cards
count ``emails``, ``successful_emails`` and ``failed_emails`` and open ``email_body``), so
the list answered without ``?page=`` was every job with every body and every recipient.
Now it is the newest ``LIST_DEFAULT_PAGE_SIZE`` jobs with ``X-Total-Count`` and a ``Link``
to the next page (the contract: "Pagination may be implemented for list endpoints (check
response headers for pagination info)"), bodies are at most ``MAX_BODY_CHARS`` and jobs at
most ``MAX_RECIPIENTS``; every field a client reads stays.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from tenant_apps.mailing.models import EmailJob, EmailRecipient, RecipientStatus
from tenant_apps.mailing.selectors import LIST_DEFAULT_PAGE_SIZE
from tenant_apps.mailing.services import MAX_BODY_CHARS
from tests.queries import StatementCount

pytestmark = pytest.mark.django_db

# What the clients read of a listed job: the contract's, H's and the older build's names.
CLIENT_FIELDS = {"task_id", "subject", "status", "created_at", "task_name", "email_body"}
CLIENT_FIELDS |= {"emails", "successful_emails", "failed_emails"}
OUTCOMES = [RecipientStatus.SENT, RecipientStatus.FAILED, RecipientStatus.PENDING]


def path(client, query: str = "") -> str:
    return f"/admin-dashboard/api/clients/{client.id}/email-jobs/{query}"


def make_jobs(count: int, recipients: int) -> list[EmailJob]:
    """``count`` jobs, the first the newest, each with ``recipients`` recipients whose
    outcomes cycle sent, failed, pending."""
    now = timezone.now()
    jobs = EmailJob.objects.bulk_create(EmailJob(subject=f"Job {n}", body=f"Body {n}") for n in range(count))
    for n, job in enumerate(jobs):
        EmailJob.objects.filter(id=job.id).update(created_at=now - timedelta(minutes=n))
    EmailRecipient.objects.bulk_create(
        EmailRecipient(job=job, email=f"r{i}-{n}@example.test", status=OUTCOMES[i % 3])
        for n, job in enumerate(jobs)
        for i in range(recipients)
    )
    return jobs


def test_the_list_without_page_is_the_newest_page_with_its_headers(client_a, as_user):
    # given: more jobs than one page
    total = LIST_DEFAULT_PAGE_SIZE + 5
    with schema_context(client_a.schema_name):
        make_jobs(total, recipients=3)
    admin, _ = as_user(client_a, role="admin")
    # when
    response = admin.get(path(client_a))
    # then: the newest page, said so in the headers
    rows = response.json()
    assert response.status_code == 200 and isinstance(rows, list)
    assert [row["subject"] for row in rows] == [f"Job {n}" for n in range(LIST_DEFAULT_PAGE_SIZE)]
    assert response.headers["X-Total-Count"] == str(total)
    assert (
        f"page=2&page_size={LIST_DEFAULT_PAGE_SIZE}" in response.headers["Link"]
        and 'rel="next"' in response.headers["Link"]
    )
    # and each job carries every field a client reads, with its recipients
    for row in rows:
        assert CLIENT_FIELDS <= set(row)
        assert (len(row["emails"]), len(row["successful_emails"]), len(row["failed_emails"])) == (3, 1, 1)
        assert row["email_body"] == row["subject"].replace("Job", "Body")
    # and the rest is one page further
    rest = admin.get(path(client_a, f"?page=2&page_size={LIST_DEFAULT_PAGE_SIZE}"))
    assert [row["subject"] for row in rest.json()] == [f"Job {n}" for n in range(LIST_DEFAULT_PAGE_SIZE, total)]
    assert 'rel="prev"' in rest.headers["Link"] and 'rel="next"' not in rest.headers["Link"]


def test_a_short_list_is_whole(client_a, as_user):
    with schema_context(client_a.schema_name):
        make_jobs(2, recipients=1)
    admin, _ = as_user(client_a, role="admin")
    response = admin.get(path(client_a))
    assert [row["subject"] for row in response.json()] == ["Job 0", "Job 1"]
    assert response.headers["X-Total-Count"] == "2" and "Link" not in response.headers


@pytest.mark.parametrize(("jobs", "recipients"), [(1, 1), (LIST_DEFAULT_PAGE_SIZE + 10, 40)])
def test_the_list_costs_the_same_queries_for_any_number_of_jobs_and_recipients(client_a, as_user, jobs, recipients):
    with schema_context(client_a.schema_name):
        make_jobs(jobs, recipients=recipients)
    admin, _ = as_user(client_a, role="admin")
    admin.get(path(client_a))  # warms the cached client lookup
    # the user with its session, the count, the page of jobs, their recipients
    with StatementCount(4):
        rows = admin.get(path(client_a)).json()
    assert len(rows) == min(jobs, LIST_DEFAULT_PAGE_SIZE)
    assert all(len(row["emails"]) == recipients for row in rows)


def test_a_job_with_many_recipients_lists_them_all(client_a, as_user):
    with schema_context(client_a.schema_name):
        make_jobs(2, recipients=3000)
    admin, _ = as_user(client_a, role="admin")
    rows = admin.get(path(client_a)).json()
    assert [len(row["emails"]) for row in rows] == [3000, 3000]
    assert [len(row["successful_emails"]) for row in rows] == [1000, 1000]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?page=0", "page"),
        ("?page_size=0", "page_size"),
        (f"?page_size={LIST_DEFAULT_PAGE_SIZE + 1}", "page_size"),  # no page larger than the default one
        ("?page=x", "page"),
    ],
)
def test_bad_paging_is_400_naming_the_field(client_a, as_user, query, field):
    admin, _ = as_user(client_a, role="admin")
    response = admin.get(path(client_a, query))
    assert response.status_code == 400 and field in response.json()


def test_a_body_past_the_limit_is_400(client_a, as_user):
    admin, _ = as_user(client_a, role="admin")
    payload = {"subject": "Big", "body": "x" * (MAX_BODY_CHARS + 1), "recipients": ["a@example.test"]}
    response = admin.post(path(client_a), payload)
    assert response.status_code == 400 and "body" in response.json()
    with schema_context(client_a.schema_name):
        assert not EmailJob.objects.exists()


def test_the_list_is_per_client_and_for_admins(client_a, client_b, as_user):
    with schema_context(client_a.schema_name):
        make_jobs(1, recipients=1)
    outsider, _ = as_user(client_b, role="admin")
    assert outsider.get(path(client_a, "?page=1")).status_code == 401
    assert outsider.get(path(client_b)).json() == []
    student, _ = as_user(client_a)
    assert student.get(path(client_a)).status_code == 403
