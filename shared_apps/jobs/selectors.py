"""Reads of job listings (public schema)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from shared_apps.jobs.errors import JobNotFound
from shared_apps.jobs.models import Job, JobType


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


def job_get(*, job_id: int, active_only: bool = False) -> Job:
    jobs = Job.objects.filter(is_active=True) if active_only else Job.objects.all()
    job = jobs.filter(id=job_id).first()
    if job is None:
        raise JobNotFound()
    return job


def job_type_matching(name: str) -> str | None:
    """The job type a filter names by value (``full_time``) or label (``Full time``), any case."""
    wanted = name.strip().lower()
    for choice in JobType:
        if wanted in (choice.value, choice.label.lower()):
            return choice.value
    return None


def job_v2_list(
    *,
    location: str | None = None,
    job_type: str | None = None,
    employment_type: str | None = None,
    search: str | None = None,
) -> QuerySet[Job]:
    """Active jobs for H's jobs page. ``job_type`` and ``employment_type`` both name the job's
    type (by value or label); one that names no type matches no job, as a filter that
    nothing satisfies."""
    queryset = job_list(location=location, search=search)
    for name in (job_type, employment_type):
        if name and name.strip():
            matched = job_type_matching(name)
            if matched is None:
                return queryset.none()
            queryset = queryset.filter(job_type=matched)
    return queryset
