import uuid

from django.conf import settings
from django.db import models


class EmailJobStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    PENDING = "pending", "Pending"
    PROCESSING = "processing", "Processing"
    COMPLETED = "completed", "Completed"
    FAILED = "failed", "Failed"


class RecipientStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class EmailJob(models.Model):
    """One message sent separately to each of its recipients (the contract's ``task_id`` is ``id``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    subject = models.CharField(max_length=255)
    body = models.TextField()
    is_html = models.BooleanField(default=False)
    status = models.CharField(max_length=20, choices=EmailJobStatus.choices, default=EmailJobStatus.PENDING)
    scheduled_time = models.DateTimeField(null=True, blank=True)
    # Null for platform admins, whose user rows live in the public schema.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    # Delivery runs started since the job was created or last resent; the sweep gives up
    # re-queuing after MAILING_MAX_ATTEMPTS (a job whose runs keep dying).
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "id"]
        indexes = [
            models.Index(fields=["-created_at"], name="mailing_job_created_idx"),
            # the sweep: unfinished jobs by last update
            models.Index(fields=["status", "updated_at"], name="mailing_job_status_updated_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} ({self.status})"


class EmailRecipient(models.Model):
    """One recipient of a job and its outcome; claimed (``sending``) before each delivery."""

    job = models.ForeignKey(EmailJob, on_delete=models.CASCADE, related_name="recipients", db_index=False)
    email = models.EmailField(max_length=254)
    status = models.CharField(max_length=20, choices=RecipientStatus.choices, default=RecipientStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True, default="")
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["job", "email"], name="mailing_one_row_per_job_and_email")]
        indexes = [models.Index(fields=["job", "status"], name="mailing_recipient_status_idx")]

    def __str__(self) -> str:
        return f"{self.email} ({self.status})"
