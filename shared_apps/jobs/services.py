"""Writes of job listings (platform admins)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from core.errors import full_clean
from core.updates import fields_apply
from shared_apps.jobs.models import Job

FIELDS = (
    "title",
    "company",
    "location",
    "job_type",
    "description",
    "requirements",
    "application_url",
    "is_active",
    "posted_at",
)


def _save(job: Job, **save_kwargs: Any) -> Job:
    full_clean(job)
    job.save(**save_kwargs)
    return job


@transaction.atomic
def job_create(**data: Any) -> Job:
    data["posted_at"] = data.get("posted_at") or timezone.now()
    return _save(Job(**{key: data[key] for key in FIELDS if key in data}))


@transaction.atomic
def job_update(*, job: Job, **data: Any) -> Job:
    data["posted_at"] = data.get("posted_at") or job.posted_at
    fields_apply(job, {key: data[key] for key in FIELDS if key in data})
    return _save(job)


@transaction.atomic
def job_delete(*, job: Job) -> None:
    job.delete()
