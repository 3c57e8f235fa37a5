from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

from ninja import Field, Schema
from pydantic import field_validator

from api.schemas import NonBlankStr
from shared_apps.jobs.models import Job, JobType


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


class JobV2Out(JobOut):
    """A job as H's jobs page (``/jobs-v2``) and the older jobs list read it: the contract's
    fields, then the client's names for the same values. Fields the platform does not record
    (logo, salary, experience) are ``null``, never invented."""

    job_title: str = Field(..., validation_alias="title")
    company_name: str = Field(..., validation_alias="company")
    company_logo: str | None = None
    job_description: str = Field(..., validation_alias="description")
    tags: list[str] = Field(..., validation_alias="requirements")
    key_skills: list[str] = Field(..., validation_alias="requirements")
    job_post_date: datetime = Field(..., validation_alias="posted_at")
    created_at: datetime
    job_url: str | None
    apply_link: str | None
    employment_type: str
    status: Literal["active", "inactive"]
    salary: str | None = None
    experience: str | None = None
    years_of_experience: str | None = None

    @staticmethod
    def resolve_job_url(obj: Job) -> str | None:
        return obj.application_url or None

    @staticmethod
    def resolve_apply_link(obj: Job) -> str | None:
        return obj.application_url or None

    @staticmethod
    def resolve_employment_type(obj: Job) -> str:
        return obj.get_job_type_display()

    @staticmethod
    def resolve_status(obj: Job) -> str:
        return "active" if obj.is_active else "inactive"


class JobV2Filter(Schema):
    client_id: int | None = None
    location: str | None = None
    job_type: str | None = None
    employment_type: str | None = None
    search: str | None = None


class JobV2PageOut(Schema):
    results: list[JobV2Out]
    count: int
    next: str | None
    previous: str | None
