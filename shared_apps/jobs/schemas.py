from __future__ import annotations

from datetime import UTC, datetime

from ninja import Field, Schema
from pydantic import field_validator

from api.schemas import NonBlankStr
from shared_apps.jobs.models import JobType


class JobOut(Schema):
    id: int
    title: str
    company: str
    location: str
    job_type: str
    description: str
    requirements: list[str]
    posted_at: datetime
    application_url: str


class JobAdminOut(JobOut):
    is_active: bool
    created_at: datetime
    updated_at: datetime


class JobIn(Schema):
    title: NonBlankStr = Field(..., min_length=1, max_length=200)
    company: NonBlankStr = Field(..., min_length=1, max_length=200)
    location: str = Field("", max_length=200)
    job_type: JobType
    description: str = Field("", max_length=20000)
    requirements: list[str] = Field(default_factory=list, max_length=50)
    application_url: str = Field("", max_length=500)
    is_active: bool = True
    posted_at: datetime | None = None

    @field_validator("posted_at")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        """A datetime without an offset is taken as UTC."""
        return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value

    @field_validator("requirements")
    @classmethod
    def _requirements(cls, value: list[str]) -> list[str]:
        return [item.strip() for item in value if item.strip()]
