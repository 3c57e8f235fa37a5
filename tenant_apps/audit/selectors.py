from __future__ import annotations

from django.db.models import QuerySet

from tenant_apps.audit.models import AuditEvent
from tenant_apps.audit.schemas import AuditFilter


def audit_event_list(*, filters: AuditFilter) -> QuerySet[AuditEvent]:
    """The acting schema's trail, newest first (one query; no relations to load)."""
    return filters.filter(AuditEvent.objects.all()).order_by("-created_at", "-id")
