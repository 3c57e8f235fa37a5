from __future__ import annotations

import uuid

from django.db.models import Count, Prefetch, Q, QuerySet

from tenant_apps.mailing.errors import EmailJobNotFound
from tenant_apps.mailing.models import EmailJob, EmailRecipient, RecipientStatus

# The jobs the list answers without ``?page=``/``?page_size=``: each carries its body (at most
# ``services.MAX_BODY_CHARS``) and its recipients (at most ``services.MAX_RECIPIENTS``).
LIST_DEFAULT_PAGE_SIZE = 50


def _recipients() -> Prefetch[str, QuerySet[EmailRecipient], str]:
    """Each job's recipients with their outcome (the clients' job cards list them): one query."""
    return Prefetch("recipients", queryset=EmailRecipient.objects.only("id", "job_id", "email", "status"))


def email_job_list() -> QuerySet[EmailJob]:
    return (
        EmailJob.objects.only("id", "subject", "body", "status", "scheduled_time", "created_at", "completed_at")
        .prefetch_related(_recipients())
        .order_by("-created_at", "id")
    )


def email_job_get(*, job_id: str, with_counts: bool = False) -> EmailJob:
    try:
        key = uuid.UUID(str(job_id))
    except ValueError as exc:
        raise EmailJobNotFound() from exc
    queryset = EmailJob.objects.all()
    if with_counts:
        queryset = queryset.prefetch_related(_recipients()).annotate(
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
    return job
