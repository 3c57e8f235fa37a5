"""Reads of job listings (public schema)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from shared_apps.jobs.errors import JobNotFound
from shared_apps.jobs.models import Job


def job_list(
    *, location: str | None = None, job_type: str | None = None, search: str | None = None, active_only: bool = True
) -> QuerySet[Job]:
    queryset = Job.objects.all()
    if active_only:
        queryset = queryset.filter(is_active=True)
    if location and location.strip():
        queryset = queryset.filter(location__icontains=location.strip())
    if job_type:
        queryset = queryset.filter(job_type=job_type)
    if search and search.strip():
        term = search.strip()
        queryset = queryset.filter(
            Q(title__icontains=term) | Q(company__icontains=term) | Q(description__icontains=term)
        )
    return queryset


def job_get(*, job_id: int) -> Job:
    job = Job.objects.filter(id=job_id).first()
    if job is None:
        raise JobNotFound()
    return job
