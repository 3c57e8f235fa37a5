"""Student dashboard: certificates of completed courses.

Everything else the dashboard shows is computed from the lms and activity tables.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models


def certificate_code() -> str:
    return secrets.token_urlsafe(18)


class Certificate(models.Model):
    """Issued once per user and course, when the user has completed every content of it.

    ``code`` is the secret in the certificate's shareable URL. ``course_title`` and
    ``user_name`` are copied at issue time: a certificate keeps saying what it certified
    when the course is renamed or deleted (``course`` then becomes null).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="certificates")
    course = models.ForeignKey("lms.Course", null=True, on_delete=models.SET_NULL, related_name="certificates")
    course_title = models.CharField(max_length=255)
    user_name = models.CharField(max_length=320)
    code = models.CharField(max_length=32, unique=True, default=certificate_code, editable=False)
    issued_at = models.DateTimeField()

    class Meta:
        ordering = ["-issued_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "course"], name="dash_one_certificate_per_course")]
        indexes = [models.Index(fields=["user", "-issued_at"], name="dash_cert_user_recent_idx")]

    def __str__(self) -> str:
        return f"certificate {self.id}: {self.user_id} completed {self.course_title}"
