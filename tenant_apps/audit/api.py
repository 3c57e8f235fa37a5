"""The audit trail, read-only: client admins read their client's, platform admins any
client's (and the platform's own at the public client, id 1). Nothing here writes."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router

from api.auth import admin_auth
from api.pagination import paginate
from tenant_apps.audit import selectors
from tenant_apps.audit.schemas import AuditEventOut, AuditFilter

router = Router(tags=["audit"])

CSV_COLUMNS = [
    "id",
    "created_at",
    "action",
    "actor_user_id",
    "actor_client_id",
    "actor_email",
    "actor_role",
    "actor_is_platform_admin",
    "target_type",
    "target_id",
    "ip",
    "user_agent",
    "data",
]


@router.get("clients/{client_id}/audit-log/", auth=admin_auth, response=list[AuditEventOut])
def list_audit_log(request: HttpRequest, response: HttpResponse, client_id: int, filters: Query[AuditFilter]):
    """Newest first; opt-in ``?page=&page_size=`` pagination (``X-Total-Count``, ``Link``)."""
    return paginate(request, response, selectors.audit_event_list(filters=filters))


def _cell(value: Any) -> Any:
    """Spreadsheets run cells that start with = + - @ as formulas: quote them."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


@router.get(
    "clients/{client_id}/audit-log/export/",
    auth=admin_auth,
    openapi_extra={
        "responses": {
            200: {
                "description": "The filtered trail as CSV, newest first (at most AUDIT_EXPORT_MAX_ROWS rows).",
                "content": {"text/csv": {"schema": {"type": "string"}}},
            }
        }
    },
)
def export_audit_log(request: HttpRequest, client_id: int, filters: Query[AuditFilter]):
    """Built in the request (one query), so the rows are read in the client's schema."""
    import json

    limit = settings.AUDIT_EXPORT_MAX_ROWS
    rows = selectors.audit_event_list(filters=filters)[:limit]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for event in rows:
        writer.writerow(
            [
                _cell(value)
                for value in (
                    event.id,
                    event.created_at.isoformat().replace("+00:00", "Z"),
                    event.action,
                    event.actor_user_id,
                    event.actor_client_id,
                    event.actor_email,
                    event.actor_role,
                    event.actor_is_platform_admin,
                    event.target_type,
                    event.target_id,
                    event.ip,
                    event.user_agent,
                    json.dumps(event.data, sort_keys=True),
                )
            ]
        )
    answer = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    answer["Content-Disposition"] = f'attachment; filename="audit-log-client-{client_id}.csv"'
    return answer
