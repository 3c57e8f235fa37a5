"""django-q2 tasks for e-mail jobs (enqueued by services; see docs/background-jobs.md)."""

from __future__ import annotations

from django_tenants.utils import schema_context

from tenant_apps.mailing import services


def email_job_send_run(schema_name: str, job_id: str) -> dict | None:
    with schema_context(schema_name):
        job = services.email_job_deliver(job_id=job_id)
        return None if job is None else {"job_id": str(job.id), "status": job.status}
