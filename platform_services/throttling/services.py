"""Rate limits backed by one atomic upsert per check (no cache server needed)."""

from __future__ import annotations

import time

from django.db import connection

from core.errors import Throttled


def parse_rate(rate: str) -> tuple[int, int]:
    count, seconds = rate.split("/")
    return int(count), int(seconds)


def throttle_hit(*, key: str, rate: str) -> None:
    """Count one hit for ``key``; raise Throttled once the window's limit is passed."""
    limit, window = parse_rate(rate)
    now = int(time.time())
    window_start = now - now % window
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO public.throttling_throttlebucket (key, window_start, count)
            VALUES (%s, %s, 1)
            ON CONFLICT (key) DO UPDATE SET
                count = CASE WHEN public.throttling_throttlebucket.window_start = EXCLUDED.window_start
                             THEN public.throttling_throttlebucket.count + 1 ELSE 1 END,
                window_start = EXCLUDED.window_start
            RETURNING count
            """,
            [key[:255], window_start],
        )
        (count,) = cursor.fetchone()
    if count > limit:
        raise Throttled(retry_after=window_start + window - now)
