"""Reads of certificates: which are due, a learner's list, lookups by code."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, QuerySet
from django_tenants.utils import get_public_schema_name, schema_context

from tenant_apps.accounts.actor import Actor
from tenant_apps.certificates.errors import CertificateNotFound
from tenant_apps.certificates.models import Certificate, CertificateSettings
from tenant_apps.lms.selectors import finished_course_rows
from tenants.middleware import parse_client_id
from tenants.models import Client
from tenants.selectors import client_get_cached

if TYPE_CHECKING:
    from tenant_apps.certificates.schemas import CertificateFilter
    from tenant_apps.lms.selectors import FinishedCourse


def courses_due_certificate(
    *, user_id: int, course_id: int | None = None, content_id: int | None = None
) -> list[FinishedCourse]:
    """1 query: courses the user is enrolled in, has completed every content of (at least
    one), and holds no certificate for yet (only ``course_id``, or the course holding
    ``content_id``, when given); ``finished_at`` is the latest completion."""
    held = Exists(Certificate.objects.filter(user_id=user_id, course_id=OuterRef("pk")))
    return finished_course_rows(user_id=user_id, unless=held, course_id=course_id, content_id=content_id)


def certificate_list(*, actor: Actor) -> QuerySet[Certificate]:
    """The caller's certificates, newest first (none for a visiting platform admin)."""
    uid = actor.local_user_id
    if uid is None:
        return Certificate.objects.none()
    return Certificate.objects.filter(user_id=uid).select_related("user").order_by("-issued_at", "-id")


def certificate_admin_list(*, filters: CertificateFilter | None = None) -> QuerySet[Certificate]:
    """Every certificate of the client (those ``filters`` keep), newest first, with its
    holder's e-mail (1 query)."""
    rows = Certificate.objects.select_related("user").order_by("-issued_at", "-id")
    return filters.filter(rows) if filters is not None else rows


def certificate_get(*, certificate_id: int) -> Certificate:
    certificate = Certificate.objects.select_related("user").filter(id=certificate_id).first()
    if certificate is None:
        raise CertificateNotFound()
    return certificate


def certificate_get_by_code(*, certificate_id: int, code: str) -> Certificate | None:
    return Certificate.objects.filter(id=certificate_id, code=code).first()


def certificate_find_by_code(*, code: str) -> Certificate | None:
    """In the current schema: the certificate whose secret code this is."""
    return Certificate.objects.filter(code=code).first()


def certificate_settings_get() -> CertificateSettings:
    """The client's signatory (an unsaved blank one until an admin sets it)."""
    return CertificateSettings.objects.order_by("id").first() or CertificateSettings()


# ``<client id>-<secret code>``, the public code ``services.verification_code`` makes.
VERIFICATION_CODE = re.compile(r"([0-9]{1,10})-([A-Za-z0-9_-]{16,32})")


@dataclass(frozen=True)
class Verification:
    """A certificate found by its public ``code``, with the client that issued it."""

    code: str
    certificate: Certificate
    client: Client


def certificate_verification_get(*, code: str) -> Verification:
    """The certificate of ``<client id>-<secret>``, read in that client's schema (1 query;
    the client is cached); CertificateNotFound for a malformed or unknown code."""
    match = VERIFICATION_CODE.fullmatch(code)
    client_id = parse_client_id(match.group(1)) if match else None
    client = client_get_cached(client_id=client_id) if match and client_id else None
    if match is None or client is None or client.schema_name == get_public_schema_name():
        raise CertificateNotFound()
    with schema_context(client.schema_name):
        certificate = certificate_find_by_code(code=match.group(2))
    if certificate is None:
        raise CertificateNotFound()
    return Verification(code=code, certificate=certificate, client=client)
