"""Writes of data requests (docs/data-requests.md): a student's export job and an admin's
erasure of a student."""

from __future__ import annotations

import logging
import secrets
import tempfile
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core import signing
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from core.errors import FieldErrors
from storage.links import presigned_url, storage_presigns
from storage.uploads import file_keys_of
from tenant_apps.accounts.actor import Actor
from tenant_apps.accounts.models import OneTimeCode, Role, User
from tenant_apps.admin_dashboard.errors import SelfChangeForbidden
from tenant_apps.audit import services as audit
from tenant_apps.audit.models import AuditAction
from tenant_apps.mailing.models import EmailRecipient
from tenant_apps.privacy import archive
from tenant_apps.privacy.errors import ExportLinkInvalid
from tenant_apps.privacy.models import OPEN_EXPORT_STATUSES, DataErasure, DataExport, ExportStatus
from tenants.schema import current_schema_name

logger = logging.getLogger(__name__)

BUILD_TASK = "tenant_apps.privacy.tasks.data_export_run"
LINK_SALT = "tenant_apps.privacy.data-export-link"
ERASED_EMAIL_DOMAIN = "erased.invalid"
ERASED_FIRST_NAME = "Deleted"
ERASED_LAST_NAME = "user"


def _stale_seconds() -> int:
    """A processing export whose heartbeat is older than this lost its worker: django-q2
    stops every run after ``Q_CLUSTER["timeout"]``, so no live run is that old."""
    default = int(settings.Q_CLUSTER.get("timeout", 600)) + 30
    return int(getattr(settings, "DATA_EXPORT_STALE_SECONDS", default))


def _max_attempts() -> int:
    return int(getattr(settings, "DATA_EXPORT_MAX_ATTEMPTS", 3))


def link_ttl() -> int:
    return int(settings.DATA_EXPORT_URL_TTL)


# --- export: request, build, link -------------------------------------------------------------


def _enqueue(export: DataExport) -> None:
    """Queue the build once the surrounding transaction commits (the worker must see the row)."""
    from django_q.tasks import async_task

    schema_name, export_id = current_schema_name(), str(export.id)
    transaction.on_commit(lambda: async_task(BUILD_TASK, schema_name, export_id, task_name=f"data-export-{export_id}"))


def data_export_request(*, actor: Actor) -> DataExport:
    """The user's open export, or a new one queued for building. One open export per user:
    the database's partial unique index decides between concurrent requests, and the loser
    answers the winner's job. A new job is audited (``user.data_exported``) in the
    transaction that creates it; answering the open one records nothing new."""
    user = actor.require_local(action="export data from a client they do not belong to")
    for _ in range(3):
        try:
            with transaction.atomic():
                export = DataExport.objects.create(user=user)
                audit.record(
                    action=AuditAction.USER_DATA_EXPORTED,
                    actor=actor,
                    target_type="user",
                    target_id=user.id,
                    data={"export_id": str(export.id)},
                )
                _enqueue(export)
                return export
        except IntegrityError:
            existing = DataExport.objects.filter(user=user, status__in=OPEN_EXPORT_STATUSES).first()
            if existing is not None:
                data_export_requeue_if_stale(export=existing)
                return existing
    raise IntegrityError("Could not create or find the open export.")  # pragma: no cover - three lost races


def _is_stale(export: DataExport) -> bool:
    cutoff = timezone.now() - timedelta(seconds=_stale_seconds())
    if export.status == ExportStatus.PROCESSING:
        return export.heartbeat_at is None or export.heartbeat_at < cutoff
    return export.status == ExportStatus.PENDING and export.created_at < cutoff and export.heartbeat_at is None


def data_export_requeue_if_stale(*, export: DataExport) -> bool:
    """Queue a build again when the export's worker died (its heartbeat stopped) or its task
    was lost: reading the status is enough to heal it, no sweep needed. A duplicate run is
    harmless (the claim lets one through)."""
    if not _is_stale(export):
        return False
    with transaction.atomic():
        _enqueue(export)
    return True


def _claim(export_id: str) -> DataExport | None:
    """``pending`` -> ``processing`` (or take over a stale ``processing``) in one conditional
    UPDATE; None when finished or held by a live run."""
    now = timezone.now()
    stale = now - timedelta(seconds=_stale_seconds())
    claimed = (
        DataExport.objects.filter(id=export_id)
        .filter(
            Q(status=ExportStatus.PENDING)
            | Q(status=ExportStatus.PROCESSING, heartbeat_at__lt=stale)
            | Q(status=ExportStatus.PROCESSING, heartbeat_at__isnull=True)
        )
        .update(
            status=ExportStatus.PROCESSING, attempts=F("attempts") + 1, heartbeat_at=now, started_at=now, progress=0
        )
    )
    return DataExport.objects.get(id=export_id) if claimed else None


def _fail(export: DataExport, message: str) -> None:
    DataExport.objects.filter(id=export.id, status=ExportStatus.PROCESSING).update(
        status=ExportStatus.FAILED, error=message[:500], heartbeat_at=timezone.now()
    )


def data_export_build(*, export_id: str, client_id: int) -> DataExport | None:
    """The worker's side: claim the export, write the archive (progress committed after
    each model), store it, then mark it completed. A run killed at any point leaves a
    ``processing`` row whose heartbeat goes stale, and the next run starts over."""
    export = _claim(export_id)
    if export is None:
        return None
    if export.attempts > _max_attempts():
        _fail(export, f"Gave up after {export.attempts - 1} attempts: the export's worker kept stopping.")
        return DataExport.objects.get(id=export_id)
    try:
        return _build(export, client_id=client_id)
    except Exception as exc:  # noqa: BLE001 - recorded on the job; traceback in the worker log
        logger.exception("Data export %s failed", export_id)
        _fail(export, f"The export failed: {exc.__class__.__name__}.")
        return DataExport.objects.get(id=export_id)


def _build(export: DataExport, *, client_id: int) -> DataExport:
    parts = archive.sections(user_id=export.user_id, client_id=client_id)
    email = User.objects.filter(id=export.user_id).values_list("email", flat=True).get()
    parts.append(archive.Section("mailing.emailrecipient", archive.rows_matching(EmailRecipient, Q(email=email))))

    def on_section(done: int) -> None:
        progress = min(95, 5 + 90 * done // len(parts))
        DataExport.objects.filter(id=export.id, status=ExportStatus.PROCESSING).update(
            progress=progress, heartbeat_at=timezone.now()
        )

    manifest = {
        "client_id": client_id,
        "user_id": export.user_id,
        "export_id": str(export.id),
        "generated_at": timezone.now(),
        "excluded": "Credentials (passwords, tokens, secrets, hashes, signatures, OTPs) are never exported.",
    }
    key = f"data-exports/{current_schema_name()}/{export.id}.zip"
    with tempfile.TemporaryFile() as target:
        counts = archive.write_archive(target=target, parts=parts, manifest=manifest, on_section=on_section)
        size = target.tell()
        target.seek(0)
        if default_storage.exists(key):  # an earlier run stored it and then died
            default_storage.delete(key)
        stored = default_storage.save(key, File(target, name=f"{export.id}.zip"))
    with transaction.atomic():
        done = DataExport.objects.filter(id=export.id, status=ExportStatus.PROCESSING).update(
            status=ExportStatus.COMPLETED,
            progress=100,
            file_key=stored,
            file_size=size,
            counts=counts,
            completed_at=timezone.now(),
            heartbeat_at=timezone.now(),
        )
        if not done:  # erased (or failed by a sweep) meanwhile: the file must not outlive it
            transaction.on_commit(lambda: default_storage.delete(stored))
        else:
            _drop_older_archives(user_id=export.user_id, keep=export.id)
    return DataExport.objects.get(id=export.id)


def _drop_older_archives(*, user_id: int, keep: Any) -> None:
    """Only the newest archive of a user is kept: older ones are deleted from storage."""
    older = DataExport.objects.filter(user_id=user_id).exclude(id=keep).exclude(file_key="")
    keys = list(older.values_list("file_key", flat=True))
    older.update(file_key="")
    transaction.on_commit(lambda: _delete_files(keys))


def _delete_files(keys: list[str]) -> None:
    for key in keys:
        default_storage.delete(key)


def export_token(*, client_id: int, export: DataExport) -> str:
    return signing.TimestampSigner(salt=LINK_SALT).sign_object(
        {"c": client_id, "e": str(export.id), "u": export.user_id}
    )


def export_token_read(*, token: str, client_id: int) -> tuple[str, int]:
    """``(export id, user id)`` of a valid, unexpired link for this client (403 otherwise)."""
    try:
        data = signing.TimestampSigner(salt=LINK_SALT).unsign_object(token, max_age=link_ttl())
    except signing.BadSignature as exc:  # includes SignatureExpired
        raise ExportLinkInvalid() from exc
    if (
        not isinstance(data, dict)
        or data.get("c") != client_id
        or not isinstance(data.get("e"), str)
        or not isinstance(data.get("u"), int)
    ):
        raise ExportLinkInvalid()
    return data["e"], data["u"]


# --- erasure ---------------------------------------------------------------------------------

# What erasure does to each model pointing at the user ("<app_label>.<model_name>"):
# "delete" its rows, or blank the listed fields (name -> new value). Every other model keeps
# its rows, attached to the anonymised account: learning records and aggregates (progress,
# submissions, scores, attendance, time, certificates), forum posts and comments (authored by
# "Deleted user"), and financial records.
ERASURE_DELETE = frozenset(
    {
        "accounts.authsession",  # every session and token of the user ends
        "notifications.notification",
        "forum.bookmark",
        "forum.follow",  # both ways: whom the user followed, who followed them
        "privacy.dataexport",  # with its archive file
        "storage.clientfile",  # uploaded files (proctoring screenshots, attachments), with their bytes
    }
)
ERASURE_BLANK: dict[str, dict[str, Any]] = {
    # The admin's note on a reset of the student's progress (free text about the student);
    # the reset itself (when, what, how many rows) stays in the history, like the audit trail.
    "admin_dashboard.progressreset": {"note": ""},
    "engagement.workshopregistration": {"additional_info": {}},
    "lms.instructor": {"name": "Deleted user", "bio": "", "profile_pic_url": "", "linkedin": ""},
}


def erased_email(user: User) -> str:
    """A unique placeholder address that can receive no mail (RFC 2606 ``.invalid``)."""
    return f"erased-{user.id}-{secrets.token_hex(6)}@{ERASED_EMAIL_DOMAIN}"


@transaction.atomic
def student_erase(*, actor: Actor, user: User, ip_address: str | None = None) -> DataErasure:
    """Erase a user's personal data at this client, in one transaction: the account is
    anonymised (unique placeholder e-mail, "Deleted user", no phone, picture or Google link,
    unusable password, inactive and deleted), its sessions, notifications, bookmarks and
    exports and uploaded files are deleted, free text listed in ``ERASURE_BLANK`` is blanked, and e-mail job
    rows naming its address get the placeholder. Everything else stays for the client's
    totals and records. The erasure itself is recorded (``DataErasure``)."""
    if actor.local_user_id == user.id:
        raise SelfChangeForbidden({"non_field_errors": "You cannot erase your own account."})
    if user.role != Role.STUDENT:
        raise FieldErrors({"student_id": "Only a student's data can be erased; this user is staff."})
    locked = User.objects.select_for_update().get(id=user.id)
    old_email = locked.email
    summary: dict[str, int] = {}
    files = list(DataExport.objects.filter(user=locked).exclude(file_key="").values_list("file_key", flat=True))
    files += file_keys_of(user_id=locked.id)
    for model, keys in archive.user_models():
        label = f"{model._meta.app_label}.{model._meta.model_name}"
        condition = Q()
        for key in keys:
            condition |= Q(**{key: locked.id})
        rows = model._default_manager.filter(condition)
        if label in ERASURE_DELETE:
            summary[f"{label}.deleted"] = rows.delete()[0]
        elif label in ERASURE_BLANK:
            summary[f"{label}.blanked"] = rows.update(**ERASURE_BLANK[label])
    now = timezone.now()
    locked.email = erased_email(locked)
    locked.first_name, locked.last_name = ERASED_FIRST_NAME, ERASED_LAST_NAME
    locked.phone = ""
    locked.profile_pic_url = ""
    locked.google_sub = ""
    locked.password = make_password(None)
    locked.is_active = False
    locked.is_profile_active = False
    locked.deleted_at = locked.deleted_at or now
    locked.save(
        update_fields=[
            "email",
            "first_name",
            "last_name",
            "phone",
            "profile_pic_url",
            "google_sub",
            "password",
            "is_active",
            "is_profile_active",
            "deleted_at",
            "updated_at",
        ]
    )
    summary["mailing.emailrecipient.anonymised"] = EmailRecipient.objects.filter(email__iexact=old_email).update(
        email=locked.email
    )
    summary["accounts.onetimecode.deleted"] = OneTimeCode.objects.filter(email__iexact=old_email).delete()[0]
    transaction.on_commit(lambda: _delete_files(files))
    return erasure_audit(actor=actor, user=locked, summary=summary, ip_address=ip_address)


def erasure_audit(*, actor: Actor, user: User, summary: dict[str, int], ip_address: str | None) -> DataErasure:
    """The erasure's own records, in the erasure's transaction: the ``DataErasure`` row (the
    admin's list of erasures, naming the user by id only) and the audit trail's
    ``user.erased`` event (actor, ``target_type="user"``, ``target_id=user.id``, summary)."""
    erasure = DataErasure.objects.create(
        user_id=user.id,
        erased_by_id=actor.user.id,
        erased_by_client_id=actor.token_client.id,
        erased_by_role=actor.role,
        ip_address=ip_address,
        summary=summary,
    )
    audit.record(
        action=AuditAction.USER_ERASED,
        actor=actor,
        target_type="user",
        target_id=user.id,
        data={"erasure_id": erasure.id, "summary": summary},
    )
    return erasure


def _archive_linked(export: DataExport) -> bool:
    return export.status == ExportStatus.COMPLETED and bool(export.file_key)


def export_download_url(*, export: DataExport, client_id: int, build_url: Callable[[str], str]) -> str | None:
    """The archive's link: the bucket's presigned URL on S3, else a link to the signed
    download endpoint (``build_url(token)``); None until the archive exists. No query."""
    if not _archive_linked(export):
        return None
    if storage_presigns():
        return presigned_url(export.file_key, expire=link_ttl())
    return build_url(export_token(client_id=client_id, export=export))


def export_link_expires_at(*, export: DataExport) -> datetime | None:
    """When a link given now stops working (whole seconds); None when no link is given."""
    if not _archive_linked(export):
        return None
    return (timezone.now() + timedelta(seconds=link_ttl())).replace(microsecond=0)
