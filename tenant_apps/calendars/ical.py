"""iCalendar (RFC 5545) documents of live classes and assessment windows, made with the
``icalendar`` package. Times are UTC (``...Z``); UIDs are stable per client and event,
so a calendar app updates an event in place when it moves."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

if TYPE_CHECKING:
    from tenant_apps.assessment.models import Assessment
    from tenant_apps.live_classes.models import LiveClass

PRODID = "-//LMS Platform//Calendars//EN"
REFRESH = timedelta(hours=1)


def _uid_host() -> str:
    return urlsplit(settings.PUBLIC_BASE_URL).hostname or "lms.invalid"


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "UTC")
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", REFRESH)
    return calendar


def live_class_event(live_class: LiveClass, *, client_id: int, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", f"live-class-{live_class.id}.client-{client_id}@{_uid_host()}")
    event.add("dtstamp", _utc(stamp))
    event.add("dtstart", _utc(live_class.scheduled_time))
    event.add("dtend", _utc(live_class.ends_at))
    event.add("summary", live_class.title)
    if live_class.description:
        event.add("description", live_class.description)
    if live_class.meeting_link:
        event.add("url", live_class.meeting_link)
        event.add("location", live_class.meeting_link)
    event.add("status", "CANCELLED" if live_class.is_cancelled else "CONFIRMED")
    event.add("last-modified", _utc(live_class.updated_at))
    event.add("categories", ["Live class"])
    return event


def assessment_event(assessment: Assessment, *, client_id: int, stamp: datetime, url: str) -> Event:
    """The window as one event; with one end only, a moment ("opens"/"closes")."""
    event = Event()
    event.add("uid", f"assessment-{assessment.id}.client-{client_id}@{_uid_host()}")
    event.add("dtstamp", _utc(stamp))
    start, end = assessment.start_time, assessment.end_time
    if start and end:
        summary = f"Assessment: {assessment.title}"
    elif start:
        summary = f"Assessment opens: {assessment.title}"
    else:
        summary = f"Assessment closes: {assessment.title}"
    event.add("dtstart", _utc(start or end))  # type: ignore[arg-type]  # the selector keeps one end set
    if start and end:
        event.add("dtend", _utc(end))
    event.add("summary", summary)
    if assessment.description:
        event.add("description", assessment.description)
    if url:
        event.add("url", url)
    event.add("last-modified", _utc(assessment.updated_at))
    event.add("categories", ["Assessment"])
    return event


def calendar_ics(
    *,
    name: str,
    client_id: int,
    live_classes: Iterable[LiveClass],
    assessments: Iterable[Assessment] = (),
    assessment_url: Callable[[Assessment], str] = lambda assessment: "",
) -> bytes:
    """The whole feed; ``assessment_url(assessment)`` is each assessment event's URL."""
    stamp = timezone.now()
    calendar = _calendar(name)
    for live_class in live_classes:
        calendar.add_component(live_class_event(live_class, client_id=client_id, stamp=stamp))
    for assessment in assessments:
        calendar.add_component(
            assessment_event(assessment, client_id=client_id, stamp=stamp, url=assessment_url(assessment))
        )
    return calendar.to_ical()
