"""The admin dashboard's own table: the history of progress resets (who wiped which student's
progress, when, of what, how many rows, and why). The audit trail records the same event;
this table is what the student page lists ("Previous resets")."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ResetVia(models.TextChoices):
    RESET_PROGRESS = "reset_progress", "Reset progress (confirmed by the student's e-mail)"
    STUDENT_ACTION = "student_action", "Student drawer action (one course)"


class ProgressReset(models.Model):
    """One reset of one student's progress. ``scope`` is what was asked (``adaptive``,
    ``assessments``, ``course_ids``, ``assessment_ids``; a null list: all of them),
    ``counts`` how many rows of each kind went, ``courses`` the same per course. Who did it
    is kept as a snapshot (``performed_by_email``): a platform admin has no user here."""

    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False)
    performed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    performed_by_email = models.CharField(max_length=254)
    performed_by_is_platform_admin = models.BooleanField(default=False)
    performed_at = models.DateTimeField(auto_now_add=True)
    via = models.CharField(max_length=20, choices=ResetVia.choices, default=ResetVia.RESET_PROGRESS)
    scope = models.JSONField(default=dict)
    # The scope in words, with the courses' titles as they were (what the history shows).
    scope_label = models.CharField(max_length=500)
    counts = models.JSONField(default=dict)
    courses = models.JSONField(default=list)
    total = models.PositiveIntegerField(default=0)
    note = models.CharField(max_length=1000, blank=True, default="")

    class Meta:
        ordering = ["-performed_at", "-id"]
        indexes = [models.Index(fields=["student", "-performed_at"], name="admin_reset_student_idx")]

    def __str__(self) -> str:
        return f"reset {self.id} of {self.student_id}: {self.total} rows"
