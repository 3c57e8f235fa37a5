"""Idempotent demo job listings (public schema)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context

from shared_apps.jobs.models import Job

DEMO_JOBS = [
    {
        "title": "Junior Backend Developer",
        "company": "Acme Analytics",
        "location": "Bengaluru",
        "job_type": "full_time",
        "description": "Build and run the APIs behind our analytics dashboards.",
        "requirements": ["Python", "SQL", "REST APIs"],
        "application_url": "https://jobs.example.com/acme/backend",
    },
    {
        "title": "Data Analyst Intern",
        "company": "Orbit Retail",
        "location": "Remote",
        "job_type": "internship",
        "description": "Six-month internship analysing sales data.",
        "requirements": ["Excel", "SQL", "Curiosity"],
        "application_url": "https://jobs.example.com/orbit/analyst-intern",
    },
    {
        "title": "Frontend Engineer (Contract)",
        "company": "Pixel Forge",
        "location": "Pune",
        "job_type": "contract",
        "description": "Twelve-month contract building React interfaces.",
        "requirements": ["JavaScript", "React", "CSS"],
        "application_url": "https://jobs.example.com/pixel/frontend",
    },
]


def build_demo_jobs(client, users_by_email) -> None:
    """Jobs are platform-wide: created once in public, whatever the client."""
    now = timezone.now()
    with schema_context(get_public_schema_name()):
        for index, data in enumerate(DEMO_JOBS):
            Job.objects.get_or_create(
                title=data["title"],
                company=data["company"],
                defaults={**data, "posted_at": now - timedelta(days=index)},
            )
