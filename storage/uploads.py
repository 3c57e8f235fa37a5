"""Files a client's members upload (H's ``POST /api/clients/{id}/upload/``: proctoring
screenshots, issue-report attachments) and the links that serve them.

- Keys name the client's schema: ``uploads/<schema>/<module>/<owner id>/<random>.<ext>``, so
  two clients' files never share a key, and the stored name is never the sent one.
- ``module`` is a closed list (``models.UploadModule``); each takes certain types, checked by
  the bytes (``media.sniff``), not the name; at most ``UPLOAD_MAX_BYTES``; a member at most
  ``UPLOAD_DAILY_FILES`` files and ``UPLOAD_DAILY_BYTES`` bytes in any 24 hours.
- A member sees their own files, staff (instructors, admins) every member's.
- A file's ``url``: an S3-compatible storage's own presigned URL, else our signed link
  (``GET /api/clients/{id}/upload/files/{token}/``), both valid ``UPLOAD_URL_TTL`` seconds;
  ``storage_path`` is the key, from which a fresh link is made on every listing.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.errors import DomainError, FieldErrors, NotFound
from storage.links import presigned_url, storage_presigns
from storage.media import sniff
from storage.models import ClientFile, UploadModule
from tenant_apps.accounts.actor import Actor
from tenant_apps.accounts.models import User

SALT = "storage.client-file"
PDF = "application/pdf"
IMAGES = {"image/png": ".png", "image/jpeg": ".jpg", "image/webp": ".webp", "image/gif": ".gif"}
# What each module takes (by content, not by name).
TYPES_OF_MODULE: dict[str, dict[str, str]] = {
    UploadModule.ASSESSMENT_SCREENSHOTS: IMAGES,
    UploadModule.REPORT_ISSUE: {**IMAGES, PDF: ".pdf"},
}
# Modules the listing knows without taking uploads of them: H's result and course pages ask for
# ``certificate`` templates, which are not built here (docs/real-client.md, "Not built").
LISTED_ONLY = ("certificate",)
MAX_LISTED = 500


class FileNotFound(NotFound):
    code = "file_not_found"


class FileLinkInvalid(DomainError):
    status_code = 403
    code = "file_link_invalid"
    default_message = "This file link is invalid or has expired."


def module_check(module: str | None, *, listing: bool = False) -> str | None:
    """The module as sent, if it is one we know (400 on ``module`` otherwise)."""
    if module is None and listing:
        return None
    known = [*TYPES_OF_MODULE, *(LISTED_ONLY if listing else ())]
    if module not in known:
        raise FieldErrors({"module": f"Use one of: {', '.join(known)}."})
    return module


def _kind(head: bytes) -> str | None:
    return PDF if head.startswith(b"%PDF-") else sniff(head)


def _filename(upload: UploadedFile, extension: str) -> str:
    """The sent name, printable and at most 255 characters (shown back, never a key)."""
    name = "".join(ch for ch in (upload.name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1] if ch.isprintable())
    return name.strip()[:255] or f"upload{extension}"


@transaction.atomic
def file_upload(*, actor: Actor, schema_name: str, module: str, upload: UploadedFile) -> ClientFile:
    """Store the bytes under the client's prefix, then the row (a failed save leaves no row)."""
    owner = actor.require_local(action="upload a client's files")
    module_check(module)
    limit = settings.UPLOAD_MAX_BYTES
    if not upload.size:
        raise FieldErrors({"file": "The file is empty."})
    if upload.size > limit:
        raise FieldErrors({"file": f"The file is larger than {limit // 1024} KB."})
    upload.seek(0)
    kind = _kind(upload.read(16))
    upload.seek(0)
    allowed = TYPES_OF_MODULE[module]
    if kind not in allowed:
        names = sorted({ext.lstrip(".").upper() for ext in allowed.values()})
        raise FieldErrors({"file": f"A {module} file must be {', '.join(names)} (checked by its content)."})
    extension = allowed[kind]
    _member_lock(owner_id=owner.id)
    _daily_quota_check(owner_id=owner.id, size=upload.size)
    key = f"uploads/{schema_name}/{module}/{owner.id}/{secrets.token_urlsafe(12)}{extension}"
    stored = default_storage.save(key, upload)
    return ClientFile.objects.create(
        owner=owner,
        module=module,
        key=stored,
        filename=_filename(upload, extension),
        content_type=kind,
        size=upload.size,
    )


class UploaderGone(DomainError):
    status_code = 403
    code = "uploader_gone"
    default_message = "This account has been deactivated or erased."


def _member_lock(*, owner_id: int) -> None:
    """Lock the uploader's row until commit, and 403 when it is no longer active. Their
    simultaneous uploads then count against the daily limit one after the other, and an
    erasure (which locks the row ``FOR UPDATE``) and an upload take turns: an upload that
    waited for an erasure finds the account gone, and an erasure that waited for an upload
    deletes its file. ``FOR NO KEY UPDATE`` leaves rows pointing at the user (``FOR KEY
    SHARE``) unblocked. 1 query."""
    member = User.objects.select_for_update(no_key=True).filter(id=owner_id, is_active=True, deleted_at__isnull=True)
    if not list(member.values_list("id", flat=True)):
        raise UploaderGone()


def _daily_quota_check(*, owner_id: int, size: int) -> None:
    """400 on ``file`` when this upload would take the member past ``UPLOAD_DAILY_FILES``
    files or ``UPLOAD_DAILY_BYTES`` bytes in the last 24 hours: any member may upload, and
    nothing else bounds what they keep adding. 1 query (under ``_member_lock``)."""
    since = timezone.now() - timedelta(days=1)
    recent = ClientFile.objects.filter(owner_id=owner_id, created_at__gte=since).aggregate(
        files=Count("id"), size=Coalesce(Sum("size"), 0)
    )
    max_files, max_bytes = settings.UPLOAD_DAILY_FILES, settings.UPLOAD_DAILY_BYTES
    if recent["files"] + 1 > max_files or recent["size"] + size > max_bytes:
        raise FieldErrors(
            {
                "file": f"You may upload at most {max_files} files and {max_bytes // (1024 * 1024)} MB "
                "in 24 hours; try again later."
            }
        )


def file_list(*, actor: Actor, module: str | None, limit: int = MAX_LISTED) -> QuerySet[ClientFile]:
    """1 query: the files the caller may see (their own; staff every member's), newest first."""
    qs = ClientFile.objects.order_by("-id")
    if module is not None:
        qs = qs.filter(module=module)
    if not actor.is_staff:
        qs = qs.filter(owner_id=actor.local_user_id) if actor.local_user_id is not None else qs.none()
    return qs[:limit]


def file_token(*, client_id: int, file_id: int) -> str:
    return signing.TimestampSigner(salt=SALT).sign_object({"c": client_id, "f": file_id})


def file_by_token(*, token: str, client_id: int) -> ClientFile:
    """The file of a valid, unexpired link of this client (403 otherwise; 404 when gone)."""
    try:
        data = signing.TimestampSigner(salt=SALT).unsign_object(token, max_age=settings.UPLOAD_URL_TTL)
    except signing.BadSignature as exc:  # includes SignatureExpired
        raise FileLinkInvalid() from exc
    if not isinstance(data, dict) or data.get("c") != client_id or not isinstance(data.get("f"), int):
        raise FileLinkInvalid()
    found = ClientFile.objects.filter(id=data["f"]).first()
    if found is None or not default_storage.exists(found.key):
        raise FileNotFound()
    return found


@dataclass(frozen=True)
class FileLink:
    """A file with the link that serves it now."""

    file: ClientFile
    url: str
    expires_at: datetime


def file_link(*, file: ClientFile, client_id: int, build_url: Callable[[str], str]) -> FileLink:
    """No query: a presigned URL (S3) or our signed link (``build_url(token)``)."""
    ttl = settings.UPLOAD_URL_TTL
    if storage_presigns():
        url = presigned_url(file.key, expire=ttl)
    else:
        url = build_url(file_token(client_id=client_id, file_id=file.id))
    return FileLink(file=file, url=url, expires_at=(timezone.now() + timedelta(seconds=ttl)).replace(microsecond=0))


def file_keys_of(*, user_id: int) -> list[str]:
    """1 query: the storage keys of a member's uploaded files (their erasure deletes them)."""
    return list(ClientFile.objects.filter(owner_id=user_id).values_list("key", flat=True))
