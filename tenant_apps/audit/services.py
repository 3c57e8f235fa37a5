"""``record()``: the one way to write an audit event.

Call it inside the transaction of the write it describes, so the record and the change
commit or roll back together. It writes to the schema the connection is in (the client the
request acts on) unless ``schema_name`` names another one, e.g. a platform admin's change
to a client, made from ``public``, recorded in that client's own trail.
"""

from __future__ import annotations

import ipaddress
import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.http import HttpRequest
from django.utils import timezone

from api.auth import client_ip
from tenant_apps.accounts.actor import Actor
from tenant_apps.audit import context
from tenant_apps.audit.models import AuditAction, AuditEvent
from tenants.schema import current_schema_name

# Keys whose values never reach the trail, at any depth of ``data``.
SECRET_MARKERS = ("password", "secret", "token", "otp", "signature", "authorization", "api_key")
REDACTED = "[redacted]"


def _scrub(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            str(key): REDACTED if any(marker in str(key).lower() for marker in SECRET_MARKERS) else _scrub(item)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple | set):
        return [_scrub(item) for item in value]
    return value


def _json_safe(data: dict[str, Any]) -> dict[str, Any]:
    """Decimals, datetimes and UUIDs as JSON text; secrets redacted."""
    safe: dict[str, Any] = json.loads(json.dumps(_scrub(data), cls=DjangoJSONEncoder))
    return safe


def _valid_ip(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def _actor_and_origin(actor: Actor | None, request: HttpRequest | None) -> tuple[Actor | None, str | None, str]:
    """The actor (default: the current request's caller), address and user agent."""
    ctx = context.current()
    if actor is None and ctx is not None:
        actor = ctx.actor
    if request is not None:
        return actor, client_ip(request), request.META.get("HTTP_USER_AGENT", "")
    if ctx is not None:
        return actor, ctx.ip, ctx.user_agent
    return actor, None, ""


def _event(
    *,
    action: AuditAction | str,
    actor: Actor | None,
    ip: str | None,
    user_agent: str,
    target_type: str,
    target_id: int | str | None,
    data: dict[str, Any] | None,
    actor_email: str = "",
) -> AuditEvent:
    return AuditEvent(
        action=str(action),
        actor_user_id=actor.user.id if actor is not None else None,
        actor_client_id=actor.token_client.id if actor is not None else None,
        actor_email=(actor.user.email if actor is not None else actor_email)[:254],
        actor_role=actor.user.role if actor is not None else "",
        actor_is_platform_admin=actor.is_platform_admin if actor is not None else False,
        target_type=target_type[:40],
        target_id="" if target_id is None else str(target_id)[:64],
        data=_json_safe(data or {}),
        ip=_valid_ip(ip),
        user_agent=user_agent[:400],
    )


def record(
    *,
    action: AuditAction | str,
    actor: Actor | None = None,
    target_type: str = "",
    target_id: int | str | None = None,
    data: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
    actor_email: str = "",
    schema_name: str | None = None,
) -> AuditEvent:
    """Append one event. ``actor`` defaults to the authenticated caller of the current
    request, address and user agent to the request's; ``actor_email`` names someone
    without an actor (a failed login's address). ``data`` must hold no secrets: keys that
    look like one (password, token, secret, otp, signature...) are redacted anyway."""
    actor, ip, user_agent = _actor_and_origin(actor, request)
    event = _event(
        action=action,
        actor=actor,
        ip=ip,
        user_agent=user_agent,
        target_type=target_type,
        target_id=target_id,
        data=data,
        actor_email=actor_email,
    )
    if schema_name is not None and schema_name != current_schema_name():
        _insert_elsewhere(event, schema_name)
    else:
        event.save(force_insert=True)
    return event


def record_many(
    *,
    action: AuditAction | str,
    target_type: str,
    targets: list[tuple[int | str, dict[str, Any]]],
    actor: Actor | None = None,
) -> list[AuditEvent]:
    """One event per ``(target_id, data)``, written in one INSERT in the current schema:
    what ``record()`` does for a batch (certificates issued together), so the caller's
    query count does not grow with the batch."""
    if not targets:
        return []
    actor, ip, user_agent = _actor_and_origin(actor, None)
    return AuditEvent.objects.bulk_create(
        _event(
            action=action,
            actor=actor,
            ip=ip,
            user_agent=user_agent,
            target_type=target_type,
            target_id=target_id,
            data=data,
        )
        for target_id, data in targets
    )


def _insert_elsewhere(event: AuditEvent, schema_name: str) -> None:
    """One INSERT into another schema's table, named in full: the connection's schema (and
    its ``search_path``) stay as they are, so the caller's later statements are unchanged."""
    event.created_at = timezone.now()
    fields = [field for field in AuditEvent._meta.concrete_fields if not field.primary_key]
    columns = ", ".join(connection.ops.quote_name(str(field.column)) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    table = f"{connection.ops.quote_name(schema_name)}.{connection.ops.quote_name(AuditEvent._meta.db_table)}"
    values = [field.get_db_prep_save(getattr(event, field.attname), connection) for field in fields]
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) RETURNING id", values)  # noqa: S608
        event.id = cursor.fetchone()[0]
