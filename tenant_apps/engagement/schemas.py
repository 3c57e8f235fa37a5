from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, Literal

from ninja import Field, FilterSchema, Schema
from pydantic import field_validator

from api.schemas import InDateTime, JSONDecimal, NonBlankStr
from tenant_apps.engagement.models import IssueReport


class RegistrationIn(Schema):
    workshop_name: NonBlankStr = Field(..., min_length=1, max_length=200)
    workshop_date: InDateTime
    additional_info: dict[str, Any] | None = None

    @field_validator("workshop_date")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        """A datetime without an offset is taken as UTC."""
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value


class RegistrationOut(Schema):
    id: int
    workshop_name: str
    workshop_date: datetime
    status: str
    registered_at: datetime


class RegistrationStatusIn(Schema):
    status: Literal["pending", "confirmed", "cancelled"]


class RegistrationStatusOut(Schema):
    id: int
    status: str
    updated_at: datetime


class RegistrationCountOut(Schema):
    total_registrations: int
    confirmed: int
    pending: int


class CheatSheetOut(Schema):
    id: int
    title: str
    description: str
    created_at: datetime


class CheatSheetDownloadIn(Schema):
    cheat_sheet_id: int


class CheatSheetDownloadOut(Schema):
    download_url: str
    expires_at: datetime


class ReferralIn(Schema):
    """The contract's ``{referral_code, discount_percentage}`` or the older web build's referrer
    ``{name, email, phone_number, referral_code}``, or both. Left out on create: no discount
    (0) and no referrer; left out on update (PUT or PATCH): unchanged."""

    referral_code: str = Field(..., min_length=1, max_length=40)
    discount_percentage: Decimal | None = Field(None, max_digits=5, decimal_places=2)
    name: str | None = Field(None, max_length=150)
    email: str | None = Field(None, max_length=254)
    phone_number: str | None = Field(None, max_length=20)


class ReferralOut(Schema):
    id: int
    referral_code: str
    discount_percentage: JSONDecimal
    usage_count: int
    created_at: datetime
    name: str = Field(..., description="The referrer's name (empty for a plain discount code).")
    email: str = Field(..., description="The referrer's e-mail (may be empty).")
    phone_number: str = Field(..., description="The referrer's phone number (may be empty).")


class IssueReportIn(Schema):
    issue_type: NonBlankStr = Field(..., min_length=1, max_length=50)
    description: NonBlankStr = Field(..., min_length=1, max_length=10000)
    screenshot_url: str | None = Field(None, max_length=500)


class IssueReporterOut(Schema):
    id: int
    email: str
    user_name: str


class IssueReportAdminOut(Schema):
    id: int
    issue_type: str
    description: str
    screenshot_url: str
    status: str
    reported_by: IssueReporterOut | None = Field(None, alias="user")
    created_at: datetime


class IssueReportOut(Schema):
    # Read from the ``IssueReport`` just filed.
    id: int
    status: str
    message: str

    @staticmethod
    def resolve_message(report: IssueReport) -> str:
        return "Issue reported successfully"


class WorkshopVariablesIn(Schema):
    variables: dict[str, Any] = Field(..., max_length=100)

    @field_validator("variables")
    @classmethod
    def _keys(cls, value: dict[str, Any]) -> dict[str, Any]:
        for key in value:
            if not key.strip() or len(key) > 100:
                raise ValueError("Keys must be 1-100 characters.")
        return value


class WorkshopVariablesOut(Schema):
    variables: dict[str, Any]


class IssueReportFilter(FilterSchema):
    """``GET .../report-issue/?status=``"""

    status: Literal["open", "in_progress", "resolved", "closed"] | None = None
