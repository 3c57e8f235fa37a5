"""Reads of calendars: the feed token's owner and the events a feed holds."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from tenant_apps.accounts.models import User
from tenant_apps.assessment.models import Assessment
from tenant_apps.calendars.errors import FeedNotFound
from tenant_apps.calendars.models import CalendarFeedToken
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
    return LiveClass.objects.filter(scheduled_time__gte=_since(now)).order_by("scheduled_time", "id")[:MAX_EVENTS]


def feed_assessments(*, now: datetime | None = None) -> QuerySet[Assessment]:
    """1 query: active assessments with a window (either end set) not over before
    ``PAST_DAYS`` ago."""
    since = _since(now)
    return (
        Assessment.objects.filter(is_active=True)
        .filter(Q(start_time__isnull=False) | Q(end_time__isnull=False))
        .filter(Q(end_time__gte=since) | Q(end_time__isnull=True, start_time__gte=since))
        .order_by("start_time", "end_time", "id")
        .only("id", "title", "description", "slug", "start_time", "end_time", "updated_at")[:MAX_EVENTS]
    )


def live_class_get(*, class_id: int) -> LiveClass | None:
    return LiveClass.objects.filter(id=class_id).first()
