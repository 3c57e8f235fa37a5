"""Date ranges of the dashboards' query parameters. Days are the client's calendar days
(``tenants.timezone``): a range starts at local midnight of its first day and ends at local
midnight after its last, so a day across a DST change is 23 or 25 hours long."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from core.errors import FieldErrors
from tenants.timezone import UTC_ZONE, client_today, client_zone, local_day_start

MAX_RANGE_DAYS = 731  # two years of daily rows at most


def utc_today() -> date:
    return timezone.now().astimezone(UTC).date()


def day_start(day: date, zone: ZoneInfo = UTC_ZONE) -> datetime:
    """The instant ``day`` begins in ``zone`` (UTC unless given)."""
    return local_day_start(day, zone)


@dataclass(frozen=True)
class DateRange:
    start: date
    end: date  # inclusive
    zone: ZoneInfo = field(default=UTC_ZONE)

    @property
    def start_at(self) -> datetime:
        return day_start(self.start, self.zone)

    @property
    def end_before(self) -> datetime:
        """The first instant after the range (exclusive bound for datetimes)."""
        return day_start(self.end + timedelta(days=1), self.zone)

    def days(self) -> Iterator[date]:
        day = self.start
        while day <= self.end:
            yield day
            day += timedelta(days=1)


def date_range(*, start: date | None, end: date | None, default_days: int, zone: ZoneInfo | None = None) -> DateRange:
    """``end`` defaults to the client's today, ``start`` to ``default_days`` days ending at ``end``."""
    zone = zone or client_zone()
    end = end or client_today(zone)
    start = start or end - timedelta(days=default_days - 1)
    if start > end:
        raise FieldErrors({"start_date": "Must be on or before end_date."})
    if (end - start).days + 1 > MAX_RANGE_DAYS:
        raise FieldErrors({"start_date": f"The range may span at most {MAX_RANGE_DAYS} days."})
    return DateRange(start, end, zone)


def month_parse(value: str | None, zone: ZoneInfo | None = None) -> date:
    """``YYYY-MM`` -> the month's first day; the client's current month when absent."""
    if not value:
        return client_today(zone or client_zone()).replace(day=1)
    try:
        return datetime.strptime(value, "%Y-%m").date()
    except ValueError as exc:
        raise FieldErrors({"month": "Use the format YYYY-MM."}) from exc
