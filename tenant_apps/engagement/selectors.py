"""Reads of the engagement features."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet

from core.queries import of_user
from tenant_apps.accounts.actor import Actor
from tenant_apps.engagement.errors import CheatSheetNotFound, ReferralNotFound, RegistrationNotFound
from tenant_apps.engagement.models import (
    CheatSheet,
    IssueReport,
    ReferralProgram,
    RegistrationStatus,
    WorkshopRegistration,
    WorkshopVariable,
)

if TYPE_CHECKING:
    from tenant_apps.engagement.schemas import IssueReportFilter


def registration_list(*, actor: Actor) -> QuerySet[WorkshopRegistration]:
    """The caller's own registrations (none for a visiting platform admin)."""
    return WorkshopRegistration.objects.filter(of_user(actor.local_user_id))


def registration_get_for_user(*, registration_id: int, actor: Actor) -> WorkshopRegistration:
    """Staff reach every registration, others only their own (404 otherwise)."""
    queryset = WorkshopRegistration.objects.all()
    if not actor.is_staff:
        queryset = queryset.filter(of_user(actor.local_user_id))
    registration = queryset.filter(id=registration_id).first()
    if registration is None:
        raise RegistrationNotFound()
    return registration


def registration_counts(*, workshop_name: str | None = None) -> dict[str, Any]:
    """Client-wide counts (no personal data): live registrations, confirmed, pending."""
    queryset = WorkshopRegistration.objects.all()
    if workshop_name:
        queryset = queryset.filter(workshop_name=workshop_name)
    return queryset.aggregate(
        total_registrations=Count("id", filter=~Q(status=RegistrationStatus.CANCELLED)),
        confirmed=Count("id", filter=Q(status=RegistrationStatus.CONFIRMED)),
        pending=Count("id", filter=Q(status=RegistrationStatus.PENDING)),
    )


def cheat_sheet_get(*, cheat_sheet_id: int) -> CheatSheet:
    sheet = CheatSheet.objects.filter(id=cheat_sheet_id, is_active=True).first()
    if sheet is None:
        raise CheatSheetNotFound()
    return sheet


def cheat_sheet_list() -> QuerySet[CheatSheet]:
    return CheatSheet.objects.filter(is_active=True).only("id", "title", "description", "created_at")


def referral_list() -> QuerySet[ReferralProgram]:
    return ReferralProgram.objects.all()


def referral_get(*, referral_id: int) -> ReferralProgram:
    referral = ReferralProgram.objects.filter(id=referral_id).first()
    if referral is None:
        raise ReferralNotFound()
    return referral


def issue_report_list(*, filters: IssueReportFilter | None = None) -> QuerySet[IssueReport]:
    queryset = IssueReport.objects.select_related("user")
    return filters.filter(queryset) if filters is not None else queryset


def workshop_variables() -> dict[str, Any]:
    return dict(WorkshopVariable.objects.values_list("key", "value"))
