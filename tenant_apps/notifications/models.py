"""In-app notifications: one row per recipient, read or not.

An admin's message to a course or to every student becomes one row per student at send time,
so each learner's list, unread count and read marks are plain reads of their own rows.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class NotificationType(models.TextChoices):
    CUSTOM = "custom", "Custom message"


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", db_index=False
    )
    notification_type = models.CharField(
        max_length=30, choices=NotificationType.choices, default=NotificationType.CUSTOM
    )
    title = models.CharField(max_length=200)
    message = models.TextField()
    action_url = models.CharField(max_length=500, blank=True, default="")
    metadata = models.JSONField(default=dict, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-created_at", "-id"], name="notification_user_idx"),
            models.Index(fields=["user"], condition=models.Q(read_at__isnull=True), name="notification_unread_idx"),
        ]

    def __str__(self) -> str:
        return f"notification {self.id} to {self.user_id}: {self.title}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
