"""Certificates of completed courses and passed assessments, and each client's signatory.

A certificate is issued once per learner and course (or assessment), rendered to a PDF by
a django-q2 task, verified publicly by its code and revocable by the client's admins.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models


def certificate_code() -> str:
    """144 random bits: the secret of the shareable page and the verification code."""
    return secrets.token_urlsafe(18)


class CertificateKind(models.TextChoices):
    COURSE = "course", "Course completed"
    ASSESSMENT = "assessment", "Assessment passed"


class Certificate(models.Model):
    """Issued once per user and course (every content completed) or per user and
    assessment (passed one that grants a certificate).

    ``code`` is the secret in the certificate's shareable URL; the public verification code
    is ``<client id>-<code>`` (``verification_code``), so verification needs no table in the
    public schema. ``title`` and ``user_name`` are copied at issue time: a certificate keeps
    saying what it certified when the course is renamed or deleted (``course`` then becomes
    null). ``file`` is the PDF's key in the default storage, empty until the render task
    has stored it; ``render_queued_at`` is when a render was last queued (a lost one is
    queued again after ``CERTIFICATE_RENDER_STALE_SECONDS``).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="certificates", db_index=False
    )
    kind = models.CharField(max_length=20, choices=CertificateKind.choices, default=CertificateKind.COURSE)
    course = models.ForeignKey("lms.Course", null=True, on_delete=models.SET_NULL, related_name="certificates")
    assessment = models.ForeignKey(
        "assessment.Assessment", null=True, blank=True, on_delete=models.SET_NULL, related_name="certificates"
    )
    title = models.CharField(max_length=255)
    user_name = models.CharField(max_length=320)
    score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    code = models.CharField(max_length=32, default=certificate_code, editable=False)
    issued_at = models.DateTimeField()
    file = models.CharField(max_length=255, blank=True, default="")
    rendered_at = models.DateTimeField(null=True, blank=True)
    render_queued_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoke_reason = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="dash_one_certificate_per_course"),
            models.UniqueConstraint(fields=["user", "assessment"], name="cert_one_per_assessment"),
            # Not unique=True, which would add a LIKE twin no query uses (named as when the
            # table was dashboard_certificate).
            models.UniqueConstraint(fields=["code"], name="dashboard_certificate_code_key"),
        ]
        indexes = [models.Index(fields=["user", "-issued_at"], name="dash_cert_user_recent_idx")]

    def __str__(self) -> str:
        return f"certificate {self.id}: {self.user_id} {self.kind} {self.title}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class CertificateSettings(models.Model):
    """The client's signatory, printed on every certificate (one row per client schema;
    the names are the ones the web client reads from client-info)."""

    certificate_signatory_name = models.CharField(max_length=200, blank=True, default="")
    certificate_signatory_title = models.CharField(max_length=200, blank=True, default="")
    certificate_signature_url = models.URLField(max_length=500, blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"signatory {self.certificate_signatory_name or '-'}"
