"""E-mail jobs: create, resend, and the delivery run the worker performs."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from core.errors import FieldErrors, full_clean
from tenant_apps.accounts.models import User
from tenant_apps.audit import services as audit
from tenant_apps.audit.models import AuditAction
from tenant_apps.mailing import delivery
from tenant_apps.mailing.errors import NothingToResend
from tenant_apps.mailing.models import EmailJob, EmailJobStatus, EmailRecipient, RecipientStatus
from tenants.schema import current_schema_name

logger = logging.getLogger(__name__)

MAX_RECIPIENTS = 5000
# A body is at most this many characters (Gmail clips a message past about 102 KB); the job
# list answers every listed job's body.
MAX_BODY_CHARS = 100_000
SEND_TASK = "tenant_apps.mailing.tasks.email_job_send_run"
DEFAULT_SENDING_STALE_SECONDS = 300
INTERRUPTED = "Delivery was interrupted (the worker stopped); outcome unknown, so it was not retried automatically."
GAVE_UP = "Not sent: delivery runs of this job stopped {attempts} times (the worker died); resend to try again."
DEFAULT_MAX_ATTEMPTS = 3


# --- policy (settings with defaults; see docs/background-jobs.md) -----------------------


def job_stale_after() -> timedelta:
    """An unfinished job not updated for this long has no live run.

    A run updates the job when it starts, and django-q2 stops every run after
    ``Q_CLUSTER["timeout"]`` seconds, so ``timeout`` plus a margin is safe
    (``MAILING_JOB_STALE_SECONDS`` overrides).
    """
    seconds = getattr(settings, "MAILING_JOB_STALE_SECONDS", None)
    if seconds is None:
        seconds = int(settings.Q_CLUSTER.get("timeout") or 600) + 30
    return timedelta(seconds=seconds)


def max_attempts() -> int:
    return int(getattr(settings, "MAILING_MAX_ATTEMPTS", DEFAULT_MAX_ATTEMPTS))


def _recipients_clean(recipients: list[str]) -> list[str]:
    if not recipients:
        raise FieldErrors({"recipients": "At least one recipient is required."})
    if len(recipients) > MAX_RECIPIENTS:
        raise FieldErrors({"recipients": f"At most {MAX_RECIPIENTS} recipients per job."})
    cleaned: list[str] = []
    seen: set[str] = set()
    invalid: list[str] = []
    for raw in recipients:
        address = (raw or "").strip()
        try:
            validate_email(address)
        except ValidationError:
            invalid.append(f"Enter a valid email address: {raw!r}.")
            continue
        key = address.lower()
        if key not in seen:
            seen.add(key)
            cleaned.append(address)
    if invalid:
        raise FieldErrors({"recipients": invalid})
    return cleaned


def _delivery_enqueue(job: EmailJob) -> None:
    """Queue delivery once the surrounding transaction commits (the worker must see the rows)."""
    from django_q.tasks import async_task

    schema_name, job_id = current_schema_name(), str(job.id)
    transaction.on_commit(lambda: async_task(SEND_TASK, schema_name, job_id, task_name=f"email-job-{job_id}"))


def _delivery_schedule(job: EmailJob) -> None:
    """A one-off django-q2 schedule, stored in the same transaction as the job.

    The cluster's scheduler turns it into a task once ``next_run`` has passed (within
    about 30 s), also after a worker outage, and deletes it.
    """
    from django_q.models import Schedule
    from django_q.tasks import schedule

    schema_name, job_id = current_schema_name(), str(job.id)
    schedule(
        SEND_TASK,
        schema_name,
        job_id,
        name=f"email-job:{schema_name}:{job_id}"[:100],
        schedule_type=Schedule.ONCE,
        repeats=-1,
        next_run=job.scheduled_time,
    )


@transaction.atomic
def email_job_create(
    *,
    subject: str,
    body: str,
    recipients: list[str],
    scheduled_time: datetime | None = None,
    created_by: User | None = None,
) -> EmailJob:
    errors: dict[str, str] = {}
    if not (subject or "").strip():
        errors["subject"] = "This field may not be blank."
    if not (body or "").strip():
        errors["body"] = "This field may not be blank."
    elif len(body) > MAX_BODY_CHARS:
        errors["body"] = f"Ensure this field has no more than {MAX_BODY_CHARS} characters."
    if errors:
        raise FieldErrors(errors)
    addresses = _recipients_clean(recipients)
    if scheduled_time is not None and timezone.is_naive(scheduled_time):
        scheduled_time = scheduled_time.replace(tzinfo=UTC)
    later = scheduled_time is not None and scheduled_time > timezone.now()
    job = EmailJob(
        subject=subject.strip(),
        body=body,
        is_html=delivery.looks_like_html(body),
        scheduled_time=scheduled_time,
        status=EmailJobStatus.SCHEDULED if later else EmailJobStatus.PENDING,
        created_by=created_by,
    )
    full_clean(job)
    job.save()
    EmailRecipient.objects.bulk_create([EmailRecipient(job=job, email=address) for address in addresses])
    if later:
        _delivery_schedule(job)
    else:
        _delivery_enqueue(job)
    audit.record(
        action=AuditAction.EMAIL_JOB_CREATED,
        target_type="email_job",
        target_id=str(job.id),
        data={"subject": job.subject, "recipients": len(addresses), "scheduled_time": scheduled_time},
    )
    return job


@transaction.atomic
def email_job_resend(*, job: EmailJob) -> EmailJob:
    """Put only the failed recipients back in the queue; the sent ones are never resent."""
    reset = job.recipients.filter(status=RecipientStatus.FAILED).update(status=RecipientStatus.PENDING, claimed_at=None)
    if not reset:
        raise NothingToResend()
    job.status = EmailJobStatus.PENDING
    job.completed_at = None
    job.attempts = 0  # an admin's new decision: the sweep may re-queue it again
    job.save(update_fields=["status", "completed_at", "attempts", "updated_at"])
    _delivery_enqueue(job)
    audit.record(
        action=AuditAction.EMAIL_JOB_RESENT, target_type="email_job", target_id=str(job.id), data={"recipients": reset}
    )
    return job


def email_job_deliver(*, job_id: str) -> EmailJob | None:
    """Send every pending recipient of the job once; safe to run again or concurrently.

    Each recipient row is claimed with a conditional update (``pending`` -> ``sending``)
    that commits before the SMTP conversation, so two runs never both send to it. A row
    left in ``sending`` by a worker that died mid-delivery may or may not have reached
    the server: it becomes ``failed`` (resendable by an admin) rather than risk a
    duplicate. Runs in autocommit mode: each outcome is saved as soon as it is known.
    """
    job = EmailJob.objects.filter(id=job_id).first()
    if job is None:
        logger.warning("E-mail job %s not found in %s", job_id, current_schema_name())
        return None
    now = timezone.now()
    stale = now - timedelta(seconds=getattr(settings, "MAILING_SENDING_STALE_SECONDS", DEFAULT_SENDING_STALE_SECONDS))
    job.recipients.filter(status=RecipientStatus.SENDING, claimed_at__lt=stale).update(
        status=RecipientStatus.FAILED, last_error=INTERRUPTED
    )
    pending = list(job.recipients.filter(status=RecipientStatus.PENDING).values_list("id", "email"))
    if not pending:
        return email_job_finish(job=job)
    job.status, job.started_at = EmailJobStatus.PROCESSING, job.started_at or now
    EmailJob.objects.filter(id=job.id).update(
        status=job.status, started_at=job.started_at, updated_at=now, attempts=F("attempts") + 1
    )
    with delivery.SmtpSession() as session:
        unreachable_error = ""
        for recipient_id, address in pending:
            claimed = EmailRecipient.objects.filter(id=recipient_id, status=RecipientStatus.PENDING).update(
                status=RecipientStatus.SENDING, claimed_at=timezone.now()
            )
            if not claimed:
                continue  # another run took it, or it already has an outcome
            if unreachable_error:
                outcome = delivery.Outcome(sent=False, tries=0, error=unreachable_error)
            else:
                message = delivery.message_build(subject=job.subject, body=job.body, is_html=job.is_html, to=address)
                outcome = session.send(message)
                if outcome.unreachable:
                    unreachable_error = outcome.error
            EmailRecipient.objects.filter(id=recipient_id).update(
                status=RecipientStatus.SENT if outcome.sent else RecipientStatus.FAILED,
                attempts=F("attempts") + outcome.tries,
                last_error=outcome.error,
                sent_at=timezone.now() if outcome.sent else None,
            )
    return email_job_finish(job=job)


def email_job_finish(*, job: EmailJob) -> EmailJob:
    """Settle the job's status once no recipient is waiting: failed only if none was sent."""
    statuses = set(job.recipients.values_list("status", flat=True).distinct())
    if statuses & {RecipientStatus.PENDING, RecipientStatus.SENDING}:
        return job
    if job.status in (EmailJobStatus.COMPLETED, EmailJobStatus.FAILED) and job.completed_at:
        return job  # already settled (a repeated run)
    job.status = EmailJobStatus.COMPLETED if RecipientStatus.SENT in statuses else EmailJobStatus.FAILED
    job.completed_at = timezone.now()
    EmailJob.objects.filter(id=job.id).update(
        status=job.status, completed_at=job.completed_at, updated_at=job.completed_at
    )
    return job


def email_jobs_sweep() -> dict[str, int]:
    """Finish the jobs of this schema whose worker died; the periodic safety net.

    A job still ``pending`` or ``processing`` that nothing updated for
    ``job_stale_after()`` has no live run (a run is stopped after the cluster's timeout).
    Its recipients left in ``sending`` were being delivered when the worker died: the
    server may or may not have taken the message, so they become ``failed`` ("outcome
    unknown"), never re-sent automatically (the policy of ``email_job_deliver``), and
    an admin's resend sends them. Recipients still ``pending`` were never tried: the
    job is queued again, unless its runs already died ``MAILING_MAX_ATTEMPTS`` times,
    when they are failed too. A job with nothing left to send is settled
    (``completed`` or ``failed``), so its counts are final and resend works.
    """
    now = timezone.now()
    cutoff = now - job_stale_after()
    active = [EmailJobStatus.PENDING, EmailJobStatus.PROCESSING]
    outcome = {"finished": 0, "requeued": 0}
    for job_id in list(EmailJob.objects.filter(status__in=active, updated_at__lt=cutoff).values_list("id", flat=True)):
        with transaction.atomic():
            job = (
                EmailJob.objects.select_for_update(skip_locked=True)
                .filter(id=job_id, status__in=active, updated_at__lt=cutoff)
                .first()
            )
            if job is None:
                continue  # changed since the first read, or another sweep holds it
            job.recipients.filter(status=RecipientStatus.SENDING).update(
                status=RecipientStatus.FAILED, last_error=INTERRUPTED
            )
            pending = job.recipients.filter(status=RecipientStatus.PENDING)
            if pending.exists() and job.attempts >= max_attempts():
                pending.update(status=RecipientStatus.FAILED, last_error=GAVE_UP.format(attempts=job.attempts))
            if pending.exists():
                EmailJob.objects.filter(id=job.id).update(status=EmailJobStatus.PENDING, updated_at=now)
                _delivery_enqueue(job)
                outcome["requeued"] += 1
            else:
                email_job_finish(job=job)
                outcome["finished"] += 1
    if any(outcome.values()):
        logger.warning("E-mail job sweep in %s: %s", current_schema_name(), outcome)
    return outcome
