"""The client's own days (docs/timezones.md).

Every figure bucketed by day (heatmaps, daily time, hours graphs, streaks, the daily
leaderboard, admin analytics, the live-stats week) counts in the client's time zone, an
IANA name on ``tenants.Client.timezone`` ("UTC" unless set). This module is the one place
that turns a client into a zone, "now" into the client's today and a calendar day into
the instant it starts.
"""

from __future__ import annotations

from datetime import date, datetime, time
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.core.exceptions import ValidationError
from django.utils import timezone as django_timezone

DEFAULT_TIMEZONE = "UTC"
UTC_ZONE = ZoneInfo("UTC")

# Links and legacy names zoneinfo still resolves but a picker should not offer.
_LEGACY_PREFIXES = ("Etc/", "SystemV/", "US/", "Canada/", "Brazil/", "Chile/", "Mexico/")


def zone_named(name: str) -> ZoneInfo:
    """The zone of an IANA name; ``ValueError`` for anything zoneinfo does not know."""
    if not isinstance(name, str) or not name or name != name.strip() or len(name) > 64 or ".." in name:
        raise ValueError("Not a time zone name.")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise ValueError("Not a time zone name.") from exc


def validate_timezone(value: str) -> None:
    """Model-field validator: an IANA time zone name such as ``Asia/Kolkata``."""
    try:
        zone_named(value)
    except ValueError as exc:
        raise ValidationError("Unknown time zone: use an IANA name such as 'Asia/Kolkata' or 'UTC'.") from exc


@lru_cache(maxsize=1)
def common_timezones() -> tuple[str, ...]:
    """The names a settings page offers: every canonical ``Area/City`` zone and UTC."""
    names = {
        name
        for name in available_timezones()
        if "/" in name and not name.startswith(_LEGACY_PREFIXES) and name[0].isupper()
    }
    return (DEFAULT_TIMEZONE, *sorted(names))


def zone_of(client: object | None) -> ZoneInfo:
    """The zone of a client (UTC for None, for a django-tenants ``FakeTenant`` without the
    field, or for a name that stopped resolving after a tz-data update)."""
    return _zone_or_utc(getattr(client, "timezone", None))


def _zone_or_utc(name: str | None) -> ZoneInfo:
    if not name:
        return UTC_ZONE
    try:
        return zone_named(name)
    except ValueError:
        return UTC_ZONE


def client_zone(request: object | None = None) -> ZoneInfo:
    """The zone of the client a request (or, without one, the database connection) acts on.

    The path-routing middleware puts the ``Client`` row on both, so this costs no query on a
    request. Inside ``schema_context`` (tasks, commands) django-tenants holds a
    ``FakeTenant`` with only a ``schema_name``: the client row is then read by that name.
    """
    if request is not None:
        tenant = getattr(request, "tenant", None)
        if tenant is not None:
            return zone_of(tenant)
    from tenants.models import Client
    from tenants.schema import current_schema_name, current_tenant

    tenant = current_tenant()
    if isinstance(tenant, Client):
        return zone_of(tenant)
    name = Client.objects.filter(schema_name=current_schema_name()).values_list("timezone", flat=True).first()
    return _zone_or_utc(name)


def client_today(zone: ZoneInfo | None = None, *, now: datetime | None = None) -> date:
    """Today's date on the client's clock."""
    return client_localtime(zone, now=now).date()


def client_localtime(zone: ZoneInfo | None = None, *, now: datetime | None = None) -> datetime:
    """Now (or ``now``) on the client's clock."""
    return (now or django_timezone.now()).astimezone(zone or client_zone())


def local_day_start(day: date, zone: ZoneInfo) -> datetime:
    """The instant the client's calendar day ``day`` begins (an aware datetime).

    Across a DST change a local day is 23 or 25 hours long, so the end of a day is the
    start of the next one, never ``start + 24 h``. Where midnight itself does not exist
    (a zone that springs forward at 00:00) the day starts at the first instant it has.
    """
    return datetime.combine(day, time.min, tzinfo=zone)
