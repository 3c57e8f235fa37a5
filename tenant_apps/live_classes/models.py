"""Live teaching: scheduled live classes and the attendance activities students mark.

``LiveClass.instructor`` is a ``User`` of the client (role ``instructor``), not the
``lms.Instructor`` display profile: the person teaching logs in, creates and updates
the class. ``AttendanceActivity`` is a time window in which students mark themselves
present; it may belong to a live class but need not (a lab session, an offline lecture).
One ``Attendance`` row per (activity, student).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone


class LiveClassStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    LIVE = "live", "Live"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"


class LiveClass(models.Model):
    title = models.CharField(max_length=255)
    description = models.TextField(blank=True, default="")
    scheduled_time = models.DateTimeField()
    duration_minutes = models.PositiveIntegerField(default=60)
    meeting_link = models.URLField(max_length=500, blank=True, default="")
    status = models.CharField(max_length=20, choices=LiveClassStatus.choices, default=LiveClassStatus.SCHEDULED)
    instructor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="live_classes"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["scheduled_time", "id"]
        indexes = [
            models.Index(fields=["scheduled_time", "id"], name="live_class_time_idx"),
            models.Index(fields=["status", "scheduled_time"], name="live_class_status_time_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} @ {self.scheduled_time:%Y-%m-%d %H:%M}"

    @property
    def ends_at(self) -> datetime:
        return self.scheduled_time + timedelta(minutes=self.duration_minutes)

    @property
    def is_cancelled(self) -> bool:
        return self.status == LiveClassStatus.CANCELLED


class AttendanceActivity(models.Model):
    """Students can mark attendance while active and within
    ``[scheduled_time, scheduled_time + duration_minutes]``."""

    title = models.CharField(max_length=255)
    description = models.TextField(blank=True, default="")
    scheduled_time = models.DateTimeField()
    duration_minutes = models.PositiveIntegerField(default=60)
    is_active = models.BooleanField(default=True)
    live_class = models.ForeignKey(
        LiveClass, null=True, blank=True, on_delete=models.SET_NULL, related_name="attendance_activities"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-scheduled_time", "-id"]
        indexes = [
            models.Index(fields=["-scheduled_time", "-id"], name="att_activity_time_idx"),
            models.Index(fields=["is_active", "scheduled_time"], name="att_activity_active_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} @ {self.scheduled_time:%Y-%m-%d %H:%M}"

    @property
    def ends_at(self) -> datetime:
        return self.scheduled_time + timedelta(minutes=self.duration_minutes)

    def is_open_at(self, moment: datetime) -> bool:
        return self.is_active and self.scheduled_time <= moment <= self.ends_at


class Attendance(models.Model):
    activity = models.ForeignKey(
        AttendanceActivity, on_delete=models.CASCADE, related_name="attendances", db_index=False
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attendances", db_index=False
    )
    marked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["marked_at", "id"]
        constraints = [models.UniqueConstraint(fields=["activity", "user"], name="attendance_once_per_student")]
        indexes = [
            models.Index(fields=["user", "marked_at"], name="attendance_user_idx"),
            models.Index(fields=["marked_at"], name="attendance_marked_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} attended {self.activity_id}"
