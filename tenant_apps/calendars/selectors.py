"""Reads of calendars: the feed token's owner and the events a feed holds."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils import timezone

from tenant_apps.accounts.models import User
from tenant_apps.assessment import selectors as assessment_selectors
from tenant_apps.calendars.errors import FeedNotFound
from tenant_apps.calendars.models import CalendarFeedToken
from tenant_apps.live_classes import selectors as live_class_selectors

if TYPE_CHECKING:
    from tenant_apps.assessment.models import Assessment
    from tenant_apps.live_classes.models import LiveClass

# A feed holds classes from this far back (calendar apps drop events a feed stops listing)
# and at most this many events of each kind.
PAST_DAYS = 30
MAX_EVENTS = 500


def token_hash(token: str) -> str:
    """SHA-256 suffices: the token is 256 random bits, so there is nothing to brute-force."""
    return hashlib.sha256(token.encode()).hexdigest()


def feed_owner(*, token: str) -> User:
    """The active user a feed token belongs to (1 query), or 404."""
    row = (
        CalendarFeedToken.objects.select_related("user")
        .filter(token_hash=token_hash(token), user__is_active=True, user__deleted_at__isnull=True)
        .first()
    )
    if row is None:
        raise FeedNotFound()
    return row.user


def feed_token_get(*, user_id: int) -> CalendarFeedToken | None:
    return CalendarFeedToken.objects.filter(user_id=user_id).first()


def _since(now: datetime | None) -> datetime:
    return (now or timezone.now()) - timedelta(days=PAST_DAYS)


def feed_live_classes(*, now: datetime | None = None) -> QuerySet[LiveClass]:
    """1 query: the client's live classes from ``PAST_DAYS`` ago on (cancelled ones too, so
    subscribed calendars mark them cancelled), soonest first."""
    return live_class_selectors.live_classes_since(since=_since(now), limit=MAX_EVENTS)


def feed_assessments(*, now: datetime | None = None) -> QuerySet[Assessment]:
    """1 query: active assessments with a window (either end set) not over before
    ``PAST_DAYS`` ago."""
    return assessment_selectors.assessments_with_window_since(since=_since(now), limit=MAX_EVENTS)


def live_class_get(*, class_id: int) -> LiveClass | None:
    return live_class_selectors.live_class_find(class_id=class_id)
