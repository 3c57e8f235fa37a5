"""Demo data for certificates (``make run``): the demo client's signatory, so the demo
student's certificate (the dashboard demo finishes a course) prints one."""

from __future__ import annotations

from tenant_apps.certificates.models import CertificateSettings


def build_demo_certificates(client, users_by_email: dict) -> None:
    """Idempotent: leaves a signatory an admin has set alone. Runs in the client's schema."""
    if CertificateSettings.objects.exists():
        return
    CertificateSettings.objects.create(
        certificate_signatory_name="Dana Director", certificate_signatory_title="Director of Learning"
    )
