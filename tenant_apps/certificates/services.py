"""Writes of certificates: issuing (once), rendering the PDF, revoking, the signatory,
and the signed download links."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django_q.tasks import async_task

from core.errors import FieldErrors, full_clean
from core.updates import fields_apply
from storage.links import presigned_url, storage_presigns
from tenant_apps.accounts.actor import Actor
from tenant_apps.accounts.models import User
from tenant_apps.assessment.selectors import submitted_submission_get
from tenant_apps.audit import services as audit
from tenant_apps.audit.models import AuditAction
from tenant_apps.certificates.errors import AlreadyRevoked, DownloadLinkInvalid
from tenant_apps.certificates.models import Certificate, CertificateKind, CertificateSettings
from tenant_apps.certificates.rendering import CertificateContent, brand_color, certificate_pdf
from tenant_apps.certificates.selectors import certificate_settings_get, courses_due_certificate
from tenant_apps.webhooks import services as webhooks
from tenant_apps.webhooks.models import EventType
from tenants.models import Client
from tenants.schema import current_schema_name

RENDER_TASK = "tenant_apps.certificates.tasks.certificate_render_run"
DOWNLOAD_SALT = "certificates.download"
VERIFY_PATH = "/certificates/verify/{code}/"


# --- codes and links ---------------------------------------------------------------------------


def verification_code(*, client_id: int, certificate: Certificate) -> str:
    """The public code: the client's id, a dash, the certificate's secret code. Carrying
    the client lets ``/certificates/verify/{code}/`` find the schema without a lookup
    table in the public schema."""
    return f"{client_id}-{certificate.code}"


def verification_url(*, client_id: int, certificate: Certificate, base_url: str | None = None) -> str:
    """Absolute; ``base_url`` defaults to ``PUBLIC_BASE_URL`` (what the PDF prints)."""
    base = (base_url or settings.PUBLIC_BASE_URL).rstrip("/")
    return base + VERIFY_PATH.format(code=verification_code(client_id=client_id, certificate=certificate))


def _download_ttl() -> int:
    ttl: int = settings.CERTIFICATE_URL_TTL
    return ttl


def download_token(*, client_id: int, certificate_id: int) -> str:
    return signing.TimestampSigner(salt=DOWNLOAD_SALT).sign_object({"c": client_id, "i": certificate_id})


def download_token_read(*, token: str, client_id: int) -> int:
    """The certificate id of a valid, unexpired link of this client (403 otherwise)."""
    try:
        data = signing.TimestampSigner(salt=DOWNLOAD_SALT).unsign_object(token, max_age=_download_ttl())
    except signing.BadSignature as exc:  # includes SignatureExpired
        raise DownloadLinkInvalid() from exc
    if not isinstance(data, dict) or data.get("c") != client_id or not isinstance(data.get("i"), int):
        raise DownloadLinkInvalid()
    certificate_id: int = data["i"]
    return certificate_id


def download_url(*, certificate: Certificate, client_id: int, build_url: Callable[[str], str]) -> str | None:
    """The PDF's link: the bucket's presigned URL on S3, else a link to the signed download
    endpoint (``build_url(token)``); None while the PDF is not rendered yet or the
    certificate is revoked. No query."""
    if not certificate.file or certificate.is_revoked:
        return None
    if storage_presigns():
        return presigned_url(certificate.file, expire=_download_ttl())
    return build_url(download_token(client_id=client_id, certificate_id=certificate.id))


def download_expires_at(*, certificate: Certificate) -> datetime | None:
    """When a link given now stops working (whole seconds); None when no link is given."""
    if not certificate.file or certificate.is_revoked:
        return None
    return (timezone.now() + timedelta(seconds=_download_ttl())).replace(microsecond=0)


# --- issuing -----------------------------------------------------------------------------------


def _render_queue(certificate_ids: Iterable[int]) -> None:
    schema_name = current_schema_name()
    for certificate_id in certificate_ids:
        enqueue = partial(
            async_task,
            RENDER_TASK,
            schema_name,
            certificate_id,
            task_name=f"certificate-{schema_name}-render-{certificate_id}",
        )
        transaction.on_commit(enqueue, robust=True)


def _facts(certificate: Certificate, *, client_id: int) -> dict[str, Any]:
    """What the ``certificate.issued`` webhook and the audit record say about a new row."""
    return {
        "certificate_id": certificate.id,
        "kind": certificate.kind,
        "course_id": certificate.course_id,
        "assessment_id": certificate.assessment_id,
        "user_id": certificate.user_id,
        "title": certificate.title,
        "score": certificate.score,
        "verification_code": verification_code(client_id=client_id, certificate=certificate),
        "verification_url": verification_url(client_id=client_id, certificate=certificate),
        "issued_at": certificate.issued_at,
    }


def _announce(certificates: list[Certificate], *, client_id: int) -> None:
    """The certificates just inserted: one ``certificate.issued`` webhook event and one
    audit record each, in the inserting transaction (so exactly once per certificate: a
    conflicting insert inserted nothing and announces nothing). Constant queries: the
    listening endpoints, their deliveries, the audit rows."""
    if not certificates:
        return
    facts = [_facts(certificate, client_id=client_id) for certificate in certificates]
    webhooks.emit_many(EventType.CERTIFICATE_ISSUED, facts)
    audit.record_many(
        action=AuditAction.CERTIFICATE_ISSUED,
        target_type="certificate",
        targets=[(fact["certificate_id"], fact) for fact in facts],
    )


def _insert(certificate: Certificate, *, client_id: int) -> Certificate | None:
    """Insert unless the learner already holds it (``ON CONFLICT DO NOTHING``: concurrent
    issuers cannot make two); returns the stored row either way. The stored row is ours
    (and announced) only when it carries the random code generated for this insert."""
    Certificate.objects.bulk_create([certificate], ignore_conflicts=True)
    rows = Certificate.objects.filter(user_id=certificate.user_id)
    if certificate.kind == CertificateKind.ASSESSMENT:
        stored = rows.filter(assessment=certificate.assessment_id).first()
    else:
        stored = rows.filter(course=certificate.course_id).first()
    if stored is not None and stored.code == certificate.code:
        _announce([stored], client_id=client_id)
    return stored


@transaction.atomic
def certificate_issue_course(*, user_id: int, course_id: int, client_id: int) -> Certificate | None:
    """The user's certificate of the course: issued now if the course is complete and none
    exists; the existing one if it does; None if the course is not complete. ``client_id``
    (the schema's client) goes into the verification code the issue event carries."""
    learner = User.objects.filter(id=user_id).first()
    if learner is None:
        return None
    due = courses_due_certificate(user_id=user_id, course_id=course_id)
    if not due:
        return Certificate.objects.filter(user_id=user_id, course_id=course_id).first()
    course = due[0]
    now = timezone.now()
    return _insert(
        Certificate(
            user_id=user_id,
            kind=CertificateKind.COURSE,
            course_id=course.id,
            title=course.title,
            user_name=learner.user_name,
            issued_at=course.finished_at or now,
            render_queued_at=now,
        ),
        client_id=client_id,
    )


@transaction.atomic
def certificate_issue_assessment(*, submission_id: int, client_id: int) -> Certificate | None:
    """The certificate of a submitted, passing submission of an assessment that grants
    one (issued once); None when it does not qualify."""
    submission = submitted_submission_get(submission_id=submission_id)
    if submission is None:
        return None
    assessment = submission.assessment
    passed = (
        assessment.certificate_available
        and assessment.pass_percentage is not None
        and submission.score is not None
        and submission.score >= assessment.pass_percentage
    )
    if not passed:
        return None
    now = timezone.now()
    return _insert(
        Certificate(
            user_id=submission.user_id,
            kind=CertificateKind.ASSESSMENT,
            assessment_id=assessment.id,
            title=assessment.title,
            user_name=submission.user.user_name,
            score=submission.score,
            issued_at=submission.submitted_at or now,
            render_queued_at=now,
        ),
        client_id=client_id,
    )


@transaction.atomic
def certificates_issue_due(*, actor: Actor) -> int:
    """Catch-up when a learner lists certificates: issue every certificate of a completed
    course the learner holds none for (e.g. completions recorded before certificates
    existed), dated at the last completion. Idempotent and safe under concurrent calls.
    1 query when nothing is due; otherwise 5 when someone listens to ``certificate.issued``
    (insert, the rows this call inserted, listening endpoints, deliveries, audit rows), 4
    when no one does (plus a render queued per new row after commit, by
    ``certificates_render_pending``). Returns how many were due."""
    learner = actor.local_user
    if learner is None:
        return 0
    due = courses_due_certificate(user_id=learner.id)
    if due:
        now = timezone.now()
        made = Certificate.objects.bulk_create(
            [
                Certificate(
                    user_id=learner.id,
                    kind=CertificateKind.COURSE,
                    course=course,
                    title=course.title,
                    user_name=learner.user_name,
                    issued_at=course.finished_at or now,
                )
                for course in due
            ],
            ignore_conflicts=True,
        )
        # ON CONFLICT DO NOTHING returns no ids: this call's rows are those with its codes.
        inserted = list(Certificate.objects.filter(code__in=[c.code for c in made]).order_by("id"))
        _announce(inserted, client_id=actor.token_client.id)  # local_user: acting at home
    return len(due)


def _stale_before() -> datetime:
    return timezone.now() - timedelta(seconds=settings.CERTIFICATE_RENDER_STALE_SECONDS)


def certificates_render_pending(certificates: Iterable[Certificate]) -> int:
    """Queue a render for each of these (already loaded) certificates that has no PDF,
    is not revoked and has no render queued recently: a task lost with a dead worker is
    queued again. 0 queries when none is pending, 1 otherwise."""
    stale = _stale_before()
    pending = [
        c.id
        for c in certificates
        if not c.file and not c.is_revoked and (c.render_queued_at is None or c.render_queued_at < stale)
    ]
    if pending:
        Certificate.objects.filter(id__in=pending).update(render_queued_at=timezone.now())
        _render_queue(pending)
    return len(pending)


# --- rendering ---------------------------------------------------------------------------------


def _content(certificate: Certificate, *, client: Client, signatory: CertificateSettings) -> CertificateContent:
    return CertificateContent(
        holder_name=certificate.user_name,
        title=certificate.title,
        is_assessment=certificate.kind == CertificateKind.ASSESSMENT,
        score=certificate.score,
        issued_at=certificate.issued_at,
        client_name=client.name,
        verification_code=verification_code(client_id=client.id, certificate=certificate),
        verification_url=verification_url(client_id=client.id, certificate=certificate),
        primary_color=brand_color(client.theme_settings),
        logo_url=client.app_logo_url or client.login_logo_url,
        signatory_name=signatory.certificate_signatory_name,
        signatory_title=signatory.certificate_signatory_title,
        signature_url=signatory.certificate_signature_url,
    )


def storage_key(*, schema_name: str, certificate: Certificate) -> str:
    """Deterministic, so a render repeated after a crash finds the file it already wrote."""
    return f"certificates/{schema_name}/{certificate.code}.pdf"


@transaction.atomic
def certificate_render(*, certificate_id: int, client: Client) -> Certificate | None:
    """Render and store the PDF once. Under the row lock, a duplicate delivery (a second
    worker, a redelivery after a restart) finds the file recorded and does nothing; a run
    that died after storing the file but before recording it reuses the stored file."""
    certificate = Certificate.objects.select_for_update().filter(id=certificate_id).first()
    if certificate is None or certificate.file or certificate.is_revoked:
        return certificate
    key = storage_key(schema_name=client.schema_name, certificate=certificate)
    if not default_storage.exists(key):
        content = _content(certificate, client=client, signatory=certificate_settings_get())
        stored = default_storage.save(key, ContentFile(certificate_pdf(content)))
        if stored != key:  # a storage that renamed it anyway: keep what it stored
            key = stored
    certificate.file = key
    certificate.rendered_at = timezone.now()
    certificate.save(update_fields=["file", "rendered_at"])
    return certificate


# --- admin ------------------------------------------------------------------------------------


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, actor: Actor, reason: str) -> Certificate:
    """Verification says revoked from now on; the PDF is no longer offered for download."""
    reason = reason.strip()
    if not reason:
        raise FieldErrors({"reason": "Say why the certificate is revoked."})
    locked = Certificate.objects.select_for_update().select_related("user").get(id=certificate.id)
    if locked.is_revoked:
        raise AlreadyRevoked()
    locked.revoked_at = timezone.now()
    locked.revoked_by = actor.local_user
    locked.revoke_reason = reason
    locked.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    audit.record(
        action=AuditAction.CERTIFICATE_REVOKED,
        actor=actor,
        target_type="certificate",
        target_id=locked.id,
        data={"user_id": locked.user_id, "kind": locked.kind, "title": locked.title, "reason": reason},
    )
    return locked


@transaction.atomic
def certificate_settings_update(*, data: dict[str, Any]) -> CertificateSettings:
    """Partial update of the client's signatory (the row is made on first write).
    Certificates already rendered keep the signatory they were printed with."""
    row = CertificateSettings.objects.select_for_update().order_by("id").first() or CertificateSettings()
    fields_apply(row, data, null_as_blank=data.keys())
    full_clean(row)
    row.save()
    return row
