"""Private calendar subscriptions: one feed token per user, stored only as its hash."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class CalendarFeedToken(models.Model):
    """The secret in a user's subscription URL. Calendar apps cannot send a bearer header,
    so the URL itself is the credential: only its SHA-256 is kept (the token is shown once,
    when made), a new one replaces the old (rotation) and deleting the row revokes it."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField()

    class Meta:
        # Not unique=True, which would add a LIKE twin no query uses.
        constraints = [
            models.UniqueConstraint(fields=["token_hash"], name="calendars_calendarfeedtoken_token_hash_key")
        ]

    def __str__(self) -> str:
        return f"calendar feed of {self.user_id}"
