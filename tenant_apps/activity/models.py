"""What learners do: per-content activity events, a free-form log and time spent per day.

These rows are history for analytics: they keep pointing at the content while it exists
and outlive it (``SET_NULL``), so a deleted course doesn't erase a learner's hours.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ActivityType(models.TextChoices):
    VIEW = "view", "View"
    START = "start", "Start"
    COMPLETE = "complete", "Complete"
    SUBMIT = "submit", "Submit"


class UserActivity(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="activities", db_index=False
    )
    course = models.ForeignKey("lms.Course", null=True, on_delete=models.SET_NULL, related_name="+")
    content = models.ForeignKey("lms.Content", null=True, on_delete=models.SET_NULL, related_name="+")
    activity_type = models.CharField(max_length=20, choices=ActivityType.choices)
    metadata = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="act_user_recent_idx"),
            models.Index(fields=["user", "course", "-created_at"], name="act_user_course_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.activity_type} {self.content_id}"


class ActivityLog(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="activity_logs", db_index=False
    )
    action = models.CharField(max_length=100)
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="act_log_user_idx"),
            models.Index(fields=["created_at"], name="act_log_created_idx"),  # analytics by date range
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.action}"


class TimeSpent(models.Model):
    """Time a user spent on one day (the client's calendar day, ``tenants.timezone``), on a
    content or (``on_platform``) on the platform as a whole, as the web client's heartbeat
    reports it; track-time adds to it. ``seconds`` is the amount; ``minutes`` its whole
    minutes, kept in the same UPDATE, for the analytics that read minutes."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="time_spent", db_index=False
    )
    content = models.ForeignKey("lms.Content", null=True, on_delete=models.SET_NULL, related_name="+")
    course = models.ForeignKey("lms.Course", null=True, on_delete=models.SET_NULL, related_name="+")
    date = models.DateField()
    on_platform = models.BooleanField(default=False)
    seconds = models.PositiveIntegerField(default=0)
    minutes = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "content", "date"], name="act_time_per_user_content_day"),
            # Not the constraint above: content is null on these rows and on rows whose
            # content was deleted (SET_NULL), which must not collide with them.
            models.UniqueConstraint(
                fields=["user", "date"], condition=models.Q(on_platform=True), name="act_time_platform_per_user_day"
            ),
        ]
        indexes = [
            models.Index(fields=["user", "date"], name="act_time_user_day_idx"),
            models.Index(fields=["date"], name="act_time_day_idx"),  # all-users analytics by date range
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.content_id} {self.date}: {self.minutes}"


class DailyActivity(models.Model):
    """Rollup: one user's day (the client's calendar day, ``tenants.timezone``), kept in the
    same transaction as every activity write (``tenant_apps.activity.rollups``) so the
    dashboards read one row per day instead of grouping raw events.

    ``events``: ``UserActivity`` + ``ActivityLog`` rows created that day; ``seconds`` and
    ``minutes``: the sums of that day's ``TimeSpent`` rows (minutes summed per row, as the
    dashboards always counted them). ``manage.py rebuild_rollups`` recomputes every row
    from the raw tables (and a change of the client's time zone does it in the background).
    """

    # No index of its own: the unique (user, day) leads with it.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False)
    day = models.DateField()
    events = models.PositiveIntegerField(default=0)
    seconds = models.PositiveIntegerField(default=0)
    minutes = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["user_id", "day"]
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="act_daily_per_user_day")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.day}: {self.events} events, {self.minutes} min"
