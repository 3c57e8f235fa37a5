"""Query helpers shared by every app's selectors."""

from __future__ import annotations

from django.db.models import Q


def of_user(user_id: int | None, lookup: str = "user_id") -> Q:
    """``Q(<lookup>=user_id)``: the rows of one user of the current schema.

    ``None`` stands for a caller without a row in this schema (``Actor.local_user_id`` of
    a visiting platform admin); Django turns it into ``IS NULL``, which no learner row
    matches, as their user links are NOT NULL. django-stubs refuses ``None`` in a
    ``filter(user_id=...)`` lookup, so this is the one place where it is allowed and said
    why; the SQL is exactly that of ``filter(<lookup>=user_id)``.
    """
    return Q(**{lookup: user_id})
