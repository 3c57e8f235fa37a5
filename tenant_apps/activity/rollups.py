"""The per-user-per-day rollup (``DailyActivity``): kept up to date by the activity writes,
in their own transaction, and rebuilt from the raw rows by ``rebuild_rollups``.

Each write is one ``INSERT … ON CONFLICT DO UPDATE`` on the (user, day) row: writes of
different users never touch the same row, and a user's own concurrent writes queue on their
one row for the length of a statement.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from django.db import connection, transaction

from core import cache
from tenant_apps.activity.models import ActivityLog, DailyActivity, TimeSpent, UserActivity
from tenants.timezone import client_zone

ROLLUP = DailyActivity._meta.db_table
# The versioned-cache namespace of what the learners' tracked time feeds (the daily
# leaderboard): bumped whenever a day's time changes (core/cache.py).
TIME = "activity.time"


def event_upsert(source: str = "") -> str:
    """Count one event on a user's day (parameters ``u`` and ``day``) for each row of
    ``source`` (a ``FROM`` list; none: once); also run as a CTE beside the event's own
    INSERT (``activity.services``), so an event is one statement."""
    return (
        f"INSERT INTO {ROLLUP} (user_id, day, events, seconds, minutes) SELECT %(u)s, %(day)s, 1, 0, 0 "  # noqa: S608 (our table name)
        + (f"FROM {source} " if source else "")
        + f"ON CONFLICT (user_id, day) DO UPDATE SET events = {ROLLUP}.events + 1"
    )


EVENT_UPSERT = event_upsert()


def time_upsert(source: str) -> str:
    """Add each row of ``source`` (a ``FROM`` list with columns ``seconds`` and ``minutes``:
    what a track-time statement changed, as deltas) to the user's day (parameters ``u`` and
    ``d``): a CTE of that statement. Deltas, not a recount from ``TimeSpent``: concurrent
    pings of one user (two tabs) queue on the (user, day) row and each adds its own, where a
    recount from a snapshot that misses the other's uncommitted row would write a stale sum."""
    return (
        f"INSERT INTO {ROLLUP} AS r (user_id, day, events, seconds, minutes) "  # noqa: S608 (our table name)
        f"SELECT %(u)s, %(d)s, 0, seconds, minutes FROM {source} "
        "ON CONFLICT (user_id, day) DO UPDATE SET seconds = r.seconds + EXCLUDED.seconds, "
        "minutes = r.minutes + EXCLUDED.minutes"
    )


def day_of(at: datetime) -> date:
    """The client's day of ``at``: the day an event counts on."""
    return at.astimezone(client_zone()).date()


def event_add(*, user_id: int, at: datetime) -> None:
    """Count one activity event (``UserActivity`` or ``ActivityLog`` row) created ``at``."""
    with connection.cursor() as cursor:
        cursor.execute(EVENT_UPSERT, {"u": user_id, "day": day_of(at)})


def time_refresh(*, user_id: int, day: date) -> None:
    """Set the day's time from its ``TimeSpent`` rows (after track-time changed one)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {ROLLUP} (user_id, day, events, seconds, minutes) "  # noqa: S608 (our table names)
            f"SELECT %s, %s, 0, COALESCE(SUM(seconds), 0), COALESCE(SUM(minutes), 0) FROM {TimeSpent._meta.db_table} "
            "WHERE user_id = %s AND date = %s "
            "ON CONFLICT (user_id, day) DO UPDATE SET seconds = EXCLUDED.seconds, minutes = EXCLUDED.minutes",
            [user_id, day, user_id, day],
        )
    time_changed()


def time_changed() -> None:
    """A day's time changed (``time_refresh``, or a ``time_upsert`` riding in a statement)."""
    cache.bump(TIME)


@transaction.atomic
def rollups_rebuild(*, user_ids: Iterable[int] | None = None) -> int:
    """Recompute the rollup of ``user_ids`` (everyone when None) from the raw rows, with the
    client's current time zone; returns the number of rows written. Runs in the current
    schema (the client's)."""
    ids = None if user_ids is None else list(user_ids)
    where = "" if ids is None else "WHERE user_id = ANY(%s)"
    zone = client_zone().key
    parts = [
        f"SELECT user_id, (created_at AT TIME ZONE %s)::date AS day, COUNT(*) AS events, 0 AS seconds, 0 AS minutes "
        f"FROM {model._meta.db_table} {where} GROUP BY 1, 2"
        for model in (UserActivity, ActivityLog)
    ]
    parts.append(
        f"SELECT user_id, date, 0, SUM(seconds), SUM(minutes) FROM {TimeSpent._meta.db_table} {where} GROUP BY 1, 2"
    )
    params: list[str | list[int]] = []
    for part in parts:
        if "AT TIME ZONE" in part:
            params.append(zone)
        if ids is not None:
            params.append(ids)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {ROLLUP} {where}", [] if ids is None else [ids])  # noqa: S608
        cursor.execute(
            f"INSERT INTO {ROLLUP} (user_id, day, events, seconds, minutes) "  # noqa: S608 (our table names)
            "SELECT user_id, day, SUM(events), SUM(seconds), SUM(minutes) FROM ("
            + " UNION ALL ".join(parts)
            + ") AS raw GROUP BY 1, 2",
            params,
        )
        written = cursor.rowcount
    cache.bump(TIME)  # raw rows (imports, seeds) went in around the writes that bump
    return written
