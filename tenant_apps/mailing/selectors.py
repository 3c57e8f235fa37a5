from __future__ import annotations

import uuid

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import Count, Q, QuerySet

from tenant_apps.mailing.errors import EmailJobNotFound
from tenant_apps.mailing.models import EmailJob, EmailRecipient, RecipientStatus

# The jobs the list answers without ``?page=``/``?page_size=``, and the largest page it
# answers: each job carries its body (at most ``services.MAX_BODY_CHARS``) and its
# recipients (at most ``services.MAX_RECIPIENTS``).
LIST_DEFAULT_PAGE_SIZE = 50


def recipients_attach(jobs: list[EmailJob]) -> list[EmailJob]:
    """One query: each job's recipients as ``(email, status)`` pairs in the order they were
    added, on ``job.recipient_rows`` (the clients' job cards list them). One row per job with
    the addresses and outcomes as arrays, not a model instance per recipient: a page of jobs
    can hold tens of thousands of recipients."""
    grouped = (
        EmailRecipient.objects.filter(job_id__in=[job.id for job in jobs])
        .values("job_id")
        .annotate(emails=ArrayAgg("email", order_by="id"), statuses=ArrayAgg("status", order_by="id"))
        .values_list("job_id", "emails", "statuses")
    )
    rows = {job_id: list(zip(emails, statuses, strict=True)) for job_id, emails, statuses in grouped}
    for job in jobs:
        job.recipient_rows = rows.get(job.id, [])  # type: ignore[attr-defined]
    return jobs


def email_job_list() -> QuerySet[EmailJob]:
    """Newest first; the page answered goes through ``recipients_attach``."""
    return EmailJob.objects.only(
        "id", "subject", "body", "status", "scheduled_time", "created_at", "completed_at"
    ).order_by("-created_at", "id")


def email_job_get(*, job_id: str, with_counts: bool = False) -> EmailJob:
    try:
        key = uuid.UUID(str(job_id))
    except ValueError as exc:
        raise EmailJobNotFound() from exc
    queryset = EmailJob.objects.all()
    if with_counts:
        queryset = queryset.annotate(
            recipients_count=Count("recipients"),
            sent_count=Count("recipients", filter=Q(recipients__status=RecipientStatus.SENT)),
            failed_count=Count("recipients", filter=Q(recipients__status=RecipientStatus.FAILED)),
            pending_count=Count(
                "recipients", filter=Q(recipients__status__in=[RecipientStatus.PENDING, RecipientStatus.SENDING])
            ),
        )
    job = queryset.filter(id=key).first()
    if job is None:
        raise EmailJobNotFound()
    if with_counts:
        recipients_attach([job])
    return job
