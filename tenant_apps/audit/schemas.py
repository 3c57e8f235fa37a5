from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from ninja import Field, FilterSchema, Schema

from api.schemas import InDateTime

if TYPE_CHECKING:
    from tenant_apps.audit.models import AuditEvent


class AuditActorOut(Schema):
    user_id: int | None
    client_id: int | None = Field(description="The client whose user acted (1: a platform admin).")
    email: str
    role: str
    is_platform_admin: bool


class AuditEventOut(Schema):
    id: int
    action: str
    actor: AuditActorOut | None
    target_type: str
    target_id: str
    data: dict[str, Any]
    ip: str | None
    user_agent: str
    created_at: datetime

    @staticmethod
    def resolve_actor(obj: AuditEvent) -> AuditActorOut | None:
        if obj.actor_user_id is None and not obj.actor_email:
            return None
        return AuditActorOut(
            user_id=obj.actor_user_id,
            client_id=obj.actor_client_id,
            email=obj.actor_email,
            role=obj.actor_role,
            is_platform_admin=obj.actor_is_platform_admin,
        )


class AuditFilter(FilterSchema):
    actor_id: int | None = Field(None, ge=1, le=2**63 - 1, description="The acting user's id.")
    actor_email: str | None = Field(None, max_length=254, description="Exact e-mail, any case.")
    platform_admin: bool | None = Field(None, description="Only (or no) platform admins' actions.")
    action: str | None = Field(
        None, max_length=64, description="An action (`course.created`), or a prefix ending in a dot (`course.`)."
    )
    target_type: str | None = Field(None, max_length=40)
    target_id: str | None = Field(None, max_length=64)
    created_after: InDateTime | None = Field(None, description="Inclusive.")
    created_before: InDateTime | None = Field(None, description="Exclusive.")

    def filter_actor_id(self, value: int | None) -> Q:
        return Q(actor_user_id=value) if value is not None else Q()

    def filter_actor_email(self, value: str | None) -> Q:
        return Q(actor_email__iexact=value) if value else Q()

    def filter_platform_admin(self, value: bool | None) -> Q:
        return Q(actor_is_platform_admin=value) if value is not None else Q()

    def filter_action(self, value: str | None) -> Q:
        if not value:
            return Q()
        return Q(action__startswith=value) if value.endswith(".") else Q(action=value)

    def filter_created_after(self, value: datetime | None) -> Q:
        return Q(created_at__gte=value) if value is not None else Q()

    def filter_created_before(self, value: datetime | None) -> Q:
        return Q(created_at__lt=value) if value is not None else Q()
