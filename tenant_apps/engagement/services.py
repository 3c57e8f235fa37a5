"""Writes of the engagement features (Student APIs 10-13, 15-18)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from core.errors import FieldErrors, PermissionDenied, full_clean
from core.updates import fields_apply
from storage.links import presigned_url, storage_presigns
from tenant_apps.accounts.actor import Actor
from tenant_apps.engagement.errors import DownloadLinkInvalid, DuplicateRegistration
from tenant_apps.engagement.models import (
    CheatSheet,
    CheatSheetDownload,
    IssueReport,
    ReferralProgram,
    RegistrationStatus,
    WorkshopRegistration,
    WorkshopVariable,
)

CODE_RE = re.compile(r"^[A-Z0-9_-]{3,40}$")
CODE_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,150}$")
CHEAT_SHEET_SALT = "engagement.cheat-sheet-download"


# --- workshop registrations (10-12) ----------------------------------------------------------


@transaction.atomic
def registration_create(
    *, actor: Actor, workshop_name: str, workshop_date: datetime, additional_info: dict[str, Any] | None
) -> WorkshopRegistration:
    user = actor.require_local(action="register for workshops")
    registration = WorkshopRegistration(
        user=user, workshop_name=workshop_name, workshop_date=workshop_date, additional_info=additional_info or {}
    )
    full_clean(registration, exclude=["user"])
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError as exc:
        raise DuplicateRegistration() from exc
    return registration


@transaction.atomic
def registration_status_set(*, registration: WorkshopRegistration, actor: Actor, status: str) -> WorkshopRegistration:
    """Staff may set any status; the registrant may only cancel their own registration."""
    if not actor.is_staff and status != RegistrationStatus.CANCELLED:
        raise PermissionDenied("Only staff can confirm a registration; you can cancel yours.")
    registration.status = status
    try:
        with transaction.atomic():
            registration.save(update_fields=["status", "updated_at"])
    except IntegrityError as exc:  # re-activating next to another live registration
        raise DuplicateRegistration("The user already has a live registration for this workshop.") from exc
    return registration


# --- cheat sheets (13) -------------------------------------------------------------------------


def _ttl() -> int:
    ttl: int = settings.CHEAT_SHEET_URL_TTL
    return ttl


def cheat_sheet_token(*, client_id: int, cheat_sheet_id: int) -> str:
    return signing.TimestampSigner(salt=CHEAT_SHEET_SALT).sign_object({"c": client_id, "s": cheat_sheet_id})


def cheat_sheet_token_read(*, token: str, client_id: int) -> int:
    """The cheat sheet id of a valid, unexpired link for this client (403 otherwise)."""
    try:
        data = signing.TimestampSigner(salt=CHEAT_SHEET_SALT).unsign_object(token, max_age=_ttl())
    except signing.BadSignature as exc:  # includes SignatureExpired
        raise DownloadLinkInvalid() from exc
    if not isinstance(data, dict) or data.get("c") != client_id or not isinstance(data.get("s"), int):
        raise DownloadLinkInvalid()
    sheet_id: int = data["s"]
    return sheet_id


@transaction.atomic
def cheat_sheet_download_link(
    *, cheat_sheet: CheatSheet, actor: Actor, client_id: int, build_url: Callable[[str], str]
) -> dict[str, Any]:
    """``{"download_url", "expires_at"}``: an S3 presigned URL, or a link to our own signed
    download endpoint (``build_url(token)`` makes it absolute)."""
    CheatSheetDownload.objects.create(cheat_sheet=cheat_sheet, user=actor.local_user)
    ttl = _ttl()
    expires_at = timezone.now() + timedelta(seconds=ttl)
    if storage_presigns():
        url = presigned_url(cheat_sheet.file_path, expire=ttl)
    else:
        url = build_url(cheat_sheet_token(client_id=client_id, cheat_sheet_id=cheat_sheet.id))
    return {"download_url": url, "expires_at": expires_at.replace(microsecond=0)}


CHEAT_SHEET_EXTENSIONS = {".pdf", ".png", ".jpg", ".jpeg", ".txt", ".md"}


def cheat_sheet_create(*, schema_name: str, title: str, description: str, upload: UploadedFile[bytes]) -> CheatSheet:
    """Store the file under ``cheat-sheets/<client schema>/`` (never overwriting) and
    create the row. The file is saved before the row; a failed save leaves no row."""
    name = (upload.name or "").rsplit("/", 1)[-1].replace(" ", "-")
    extension = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if extension not in CHEAT_SHEET_EXTENSIONS or not CODE_NAME_RE.match(name):
        raise FieldErrors({"file": "Upload a .pdf, .png, .jpg, .txt or .md file with a simple name."})
    limit = settings.CHEAT_SHEET_MAX_BYTES
    if not upload.size or upload.size > limit:
        raise FieldErrors({"file": f"The file must be 1 byte to {limit // 1024} KB."})
    sheet = CheatSheet(title=title.strip(), description=description.strip(), file_path="pending")
    full_clean(sheet)
    sheet.file_path = default_storage.save(f"cheat-sheets/{schema_name}/{name}", upload)
    with transaction.atomic():
        sheet.save()
    return sheet


# --- referral program (15-16) ----------------------------------------------------------------


def _code(value: str) -> str:
    code = value.strip().upper()
    if not CODE_RE.match(code):
        raise FieldErrors({"referral_code": "Use 3-40 letters, digits, '-' or '_'."})
    return code


def _discount(value: Decimal) -> Decimal:
    if not Decimal(0) <= value <= Decimal(100):
        raise FieldErrors({"discount_percentage": "Must be between 0 and 100."})
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _save_referral(referral: ReferralProgram, **save_kwargs: Any) -> ReferralProgram:
    """The unique index on ``referral_code`` is the one duplicate check (no racy pre-read)."""
    try:
        with transaction.atomic():
            referral.save(**save_kwargs)
    except IntegrityError as exc:
        raise FieldErrors({"referral_code": "This referral code already exists."}) from exc
    return referral


def _referrer(fields: dict[str, Any]) -> dict[str, str]:
    """The referrer's contact fields that were sent, trimmed; a non-empty e-mail must be one."""
    contact: dict[str, str] = {
        key: (fields[key] or "").strip() for key in ("name", "email", "phone_number") if key in fields
    }
    if contact.get("email"):
        try:
            validate_email(contact["email"])
        except DjangoValidationError as exc:
            raise FieldErrors({"email": "Enter a valid e-mail address."}) from exc
        contact["email"] = contact["email"].lower()
    return contact


@transaction.atomic
def referral_create(
    *,
    actor: Actor,
    referral_code: str,
    discount_percentage: Decimal | None = None,
    **referrer: str | None,
) -> ReferralProgram:
    referral = ReferralProgram(
        referral_code=_code(referral_code),
        discount_percentage=_discount(discount_percentage if discount_percentage is not None else Decimal(0)),
        created_by=actor.local_user,
        **_referrer(referrer),
    )
    return _save_referral(referral)


@transaction.atomic
def referral_update(*, referral: ReferralProgram, data: dict[str, Any]) -> ReferralProgram:
    """Changes the fields in ``data`` (the ones the request sent); the others stay."""
    changed = ["updated_at"]
    if "referral_code" in data:
        referral.referral_code = _code(data["referral_code"])
        changed.append("referral_code")
    if data.get("discount_percentage") is not None:
        referral.discount_percentage = _discount(data["discount_percentage"])
        changed.append("discount_percentage")
    changed += fields_apply(referral, _referrer(data))
    return _save_referral(referral, update_fields=changed)


@transaction.atomic
def referral_delete(*, referral: ReferralProgram) -> None:
    referral.delete()


def referral_code_redeem(code: str) -> bool:
    """Registered in ``assessment.services.EXTERNAL_REFERRAL_CHECKS``: accepts an active
    referral-program code (any case) and counts the use, in the caller's transaction
    (a scholarship redemption), so a failed redemption does not count."""
    normalized = (code or "").strip().upper()
    if not CODE_RE.match(normalized):
        return False
    return (
        ReferralProgram.objects.filter(referral_code=normalized, is_active=True).update(
            usage_count=F("usage_count") + 1, updated_at=timezone.now()
        )
        > 0
    )


# --- issue reports (17) ------------------------------------------------------------------------


@transaction.atomic
def issue_report_create(*, actor: Actor, issue_type: str, description: str, screenshot_url: str | None) -> IssueReport:
    report = IssueReport(
        user=actor.local_user,
        issue_type=issue_type.strip(),
        description=description.strip(),
        screenshot_url=(screenshot_url or "").strip(),
    )
    full_clean(report, exclude=["user"])
    report.save()
    return report


# --- workshop variables (18) -------------------------------------------------------------------


@transaction.atomic
def workshop_variables_set(*, variables: dict[str, Any]) -> None:
    """Upsert each key; a ``null`` value removes the key."""
    removed = [key for key, value in variables.items() if value is None]
    if removed:
        WorkshopVariable.objects.filter(key__in=removed).delete()
    kept = [WorkshopVariable(key=key, value=value) for key, value in variables.items() if value is not None]
    if kept:
        WorkshopVariable.objects.bulk_create(
            kept, update_conflicts=True, unique_fields=["key"], update_fields=["value", "updated_at"]
        )
