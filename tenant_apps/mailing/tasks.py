"""django-q2 tasks for e-mail jobs (enqueued by services; see docs/background-jobs.md)."""

from __future__ import annotations

import logging

from django_tenants.utils import get_public_schema_name, schema_context

from tenant_apps.mailing import services
from tenants.models import Client

logger = logging.getLogger(__name__)


def email_job_send_run(schema_name: str, job_id: str) -> dict | None:
    with schema_context(schema_name):
        job = services.email_job_deliver(job_id=job_id)
        return None if job is None else {"job_id": str(job.id), "status": job.status}


def email_jobs_sweep_run() -> dict[str, int]:
    """Every 5 minutes (a django-q2 ``Schedule`` made by migration ``operations/0003``):
    ``services.email_jobs_sweep`` in every client schema.

    One task walks the schemas instead of queueing one task per client: it costs one
    indexed query per client and queues nothing when nothing is stuck. A schema that
    fails is logged and skipped, so one broken client cannot stop the others.
    """
    totals = {"schemas": 0, "finished": 0, "requeued": 0}
    schemas = Client.objects.exclude(schema_name=get_public_schema_name()).values_list("schema_name", flat=True)
    for schema_name in list(schemas.order_by("id")):
        try:
            with schema_context(schema_name):
                outcome = services.email_jobs_sweep()
        except Exception:  # noqa: BLE001 - logged with its traceback; the other clients still get swept
            logger.exception("E-mail job sweep failed in %s", schema_name)
            continue
        totals["schemas"] += 1
        for key, value in outcome.items():
            totals[key] += value
    return totals
