"""django-q2 tasks of certificates (queued by ``triggers`` and ``services``; see
docs/certificates.md). Each takes the schema it works in and is idempotent: the unique
constraints make a second issue a no-op and the row lock makes a second render one."""

from __future__ import annotations

from django_tenants.utils import schema_context

from tenant_apps.certificates import services
from tenants.models import Client


def _client(schema_name: str) -> Client:
    return Client.objects.get(schema_name=schema_name)


def course_certificate_issue_run(schema_name: str, user_id: int, course_id: int) -> dict | None:
    client = _client(schema_name)
    with schema_context(schema_name):
        certificate = services.certificate_issue_course(user_id=user_id, course_id=course_id, client_id=client.id)
        if certificate is None:
            return None
        services.certificate_render(certificate_id=certificate.id, client=client)
        return {"certificate_id": certificate.id}


def assessment_certificate_issue_run(schema_name: str, submission_id: int) -> dict | None:
    client = _client(schema_name)
    with schema_context(schema_name):
        certificate = services.certificate_issue_assessment(submission_id=submission_id, client_id=client.id)
        if certificate is None:
            return None
        services.certificate_render(certificate_id=certificate.id, client=client)
        return {"certificate_id": certificate.id}


def certificate_render_run(schema_name: str, certificate_id: int) -> dict | None:
    client = _client(schema_name)
    with schema_context(schema_name):
        certificate = services.certificate_render(certificate_id=certificate_id, client=client)
        return None if certificate is None else {"certificate_id": certificate.id, "file": certificate.file}
