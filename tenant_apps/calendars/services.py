"""Writes of calendars: making (or rotating) and revoking a user's feed token."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone

from tenant_apps.accounts.actor import Actor
from tenant_apps.calendars.models import CalendarFeedToken
from tenant_apps.calendars.selectors import token_hash


@transaction.atomic
def feed_token_rotate(*, actor: Actor) -> tuple[str, CalendarFeedToken]:
    """A new secret for the caller's feed; the previous URL stops working at once.
    Returns the token (shown this once; only its hash is stored) and the row."""
    user = actor.require_local(action="subscribe to a client's calendar")
    token = secrets.token_urlsafe(32)
    row, _ = CalendarFeedToken.objects.update_or_create(
        user=user, defaults={"token_hash": token_hash(token), "created_at": timezone.now()}
    )
    return token, row


@transaction.atomic
def feed_token_revoke(*, actor: Actor) -> bool:
    """Stop the caller's feed; whether there was one."""
    user = actor.require_local(action="subscribe to a client's calendar")
    deleted, _ = CalendarFeedToken.objects.filter(user=user).delete()
    return bool(deleted)
