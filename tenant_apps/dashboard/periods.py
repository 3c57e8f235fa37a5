"""Date ranges of the dashboards' query parameters. Days are UTC dates."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.utils import timezone

from core.errors import FieldErrors

MAX_RANGE_DAYS = 731  # two years of daily rows at most


def utc_today() -> date:
    return timezone.now().astimezone(UTC).date()


def day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


@dataclass(frozen=True)
class DateRange:
    start: date
    end: date  # inclusive

    @property
    def start_at(self) -> datetime:
        return day_start(self.start)

    @property
    def end_before(self) -> datetime:
        """The first instant after the range (exclusive bound for datetimes)."""
        return day_start(self.end + timedelta(days=1))

    def days(self) -> Iterator[date]:
        day = self.start
        while day <= self.end:
            yield day
            day += timedelta(days=1)


def date_range(*, start: date | None, end: date | None, default_days: int) -> DateRange:
    """``end`` defaults to today (UTC), ``start`` to ``default_days`` days ending at ``end``."""
    end = end or utc_today()
    start = start or end - timedelta(days=default_days - 1)
    if start > end:
        raise FieldErrors({"start_date": "Must be on or before end_date."})
    if (end - start).days + 1 > MAX_RANGE_DAYS:
        raise FieldErrors({"start_date": f"The range may span at most {MAX_RANGE_DAYS} days."})
    return DateRange(start, end)


def month_parse(value: str | None) -> date:
    """``YYYY-MM`` -> the month's first day; the current UTC month when absent."""
    if not value:
        return utc_today().replace(day=1)
    try:
        return datetime.strptime(value, "%Y-%m").date()
    except ValueError as exc:
        raise FieldErrors({"month": "Use the format YYYY-MM."}) from exc
