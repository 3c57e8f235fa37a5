"""A student's data on request (docs/data-requests.md): exports of everything the client
holds about a user, built by a background job, and the record of each erasure."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class ExportStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    PROCESSING = "processing", "Processing"
    COMPLETED = "completed", "Completed"
    FAILED = "failed", "Failed"


OPEN_EXPORT_STATUSES = (ExportStatus.PENDING, ExportStatus.PROCESSING)


class DataExport(models.Model):
    """One export job: its progress, and once completed the archive's storage key.

    At most one open (pending or processing) export per user, enforced by the database, so
    concurrent requests share one job."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports")
    status = models.CharField(max_length=20, choices=ExportStatus.choices, default=ExportStatus.PENDING)
    progress = models.PositiveSmallIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    file_key = models.CharField(max_length=300, blank=True, default="")
    file_size = models.BigIntegerField(null=True, blank=True)
    counts = models.JSONField(default=dict, blank=True)
    error = models.CharField(max_length=500, blank=True, default="")
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status__in=["pending", "processing"]),
                name="privacy_one_open_export_per_user",
            )
        ]
        indexes = [models.Index(fields=["status", "heartbeat_at"], name="privacy_export_status_idx")]

    def __str__(self) -> str:
        return f"export {self.id} of {self.user_id}: {self.status}"


class DataErasure(models.Model):
    """The record that a user's personal data was erased: who asked, when, and what was
    done (counts per model). It names the erased account only by its id, and outlives it
    in the client's records (the erasure itself must be provable)."""

    user_id = models.BigIntegerField(db_index=True)
    erased_by_id = models.BigIntegerField(null=True, blank=True)
    erased_by_client_id = models.BigIntegerField()
    erased_by_role = models.CharField(max_length=20)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    erased_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-erased_at", "-id"]

    def __str__(self) -> str:
        return f"erasure of {self.user_id} at {self.erased_at:%Y-%m-%d %H:%M}"
