"""Platform-wide image storage behind ``/images/`` (Media Handler API 1-3 + upload).

Files go through Django's storage API (``default_storage``): the filesystem under
MEDIA_ROOT by default, an S3-compatible bucket when AWS_STORAGE_BUCKET_NAME is set.
Keys are ``images/<folder>/<image>`` in the storage (the ``images/`` prefix keeps them
apart from other files there, e.g. cheat sheets, which must not be served publicly), one
folder level deep, and NOT per client: the contract's paths
carry no client id, so media is shared by the platform (use client-specific folder
names, e.g. ``alpha-logos``, to keep clients apart). Names are checked against a strict
pattern before they reach the storage, so ``..``, slashes and hidden files are
impossible.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile

from core.errors import FieldErrors, NotFound

NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")
IMAGE_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
}
# Every image lives under this prefix of the default storage.
ROOT = "images"


class ImageNotFound(NotFound):
    pass


@dataclass
class ImageInfo:
    name: str
    url: str
    size: int
    created_at: datetime | None


def _name_ok(name: str) -> bool:
    return bool(NAME_RE.match(name)) and ".." not in name


def folder_check(folder_name: str) -> str:
    if not _name_ok(folder_name) or "." in folder_name:
        raise FieldErrors({"folder_name": "Use 1-100 letters, digits, '-' or '_'."})
    return folder_name


def content_type_for(image_name: str) -> str | None:
    return IMAGE_TYPES.get(_extension(image_name))


def _extension(name: str) -> str:
    return ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""


def image_open(*, folder_name: str, image_name: str):
    """``(file, content_type)`` of a stored image; anything else is a 404."""
    content_type = content_type_for(image_name)
    if not _name_ok(folder_name) or not _name_ok(image_name) or content_type is None:
        raise ImageNotFound()
    key = f"{ROOT}/{folder_name}/{image_name}"
    try:
        return default_storage.open(key, "rb"), content_type
    except (FileNotFoundError, OSError) as exc:
        raise ImageNotFound() from exc
    except Exception as exc:  # noqa: BLE001 - S3 backends raise their own "no such key" errors
        if exc.__class__.__name__ in ("ClientError", "NoSuchKey"):
            raise ImageNotFound() from exc
        raise


def _created(key: str) -> datetime | None:
    for getter in (default_storage.get_created_time, default_storage.get_modified_time):
        try:
            return getter(key)
        except (NotImplementedError, AttributeError):
            continue
    return None


def image_list(*, folder_name: str, url_for) -> list[ImageInfo]:
    folder_check(folder_name)
    try:
        _, files = default_storage.listdir(f"{ROOT}/{folder_name}")
    except FileNotFoundError as exc:
        raise NotFound() from exc
    images = []
    for name in sorted(files):
        if not _name_ok(name) or content_type_for(name) is None:
            continue
        key = f"{ROOT}/{folder_name}/{name}"
        images.append(
            ImageInfo(
                name=name, url=url_for(folder_name, name), size=default_storage.size(key), created_at=_created(key)
            )
        )
    return images


def folder_list() -> list[dict]:
    """Every folder with its number of images (one listing per folder)."""
    try:
        folders, _ = default_storage.listdir(ROOT)
    except FileNotFoundError:
        return []
    result = []
    for folder in sorted(folders):
        if not _name_ok(folder):
            continue
        _, files = default_storage.listdir(f"{ROOT}/{folder}")
        result.append({"name": folder, "image_count": sum(1 for f in files if content_type_for(f) and _name_ok(f))})
    return result


def sniff(head: bytes) -> str | None:
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def image_save(*, folder_name: str, upload: UploadedFile) -> str:
    """Store an uploaded image under ``folder/``; returns the stored name (never overwrites:
    a taken name gets a suffix). The bytes must be the image type the extension says."""
    folder_check(folder_name)
    limit = settings.MEDIA_MAX_IMAGE_BYTES
    name = (upload.name or "").rsplit("/", 1)[-1].replace(" ", "-")
    expected = content_type_for(name)
    if expected is None or not _name_ok(name):
        raise FieldErrors({"file": "Upload a .png, .jpg, .jpeg, .gif or .webp file with a simple name."})
    if upload.size is None or upload.size > limit:
        raise FieldErrors({"file": f"The image is larger than {limit // 1024} KB."})
    if upload.size == 0:
        raise FieldErrors({"file": "The file is empty."})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if sniff(head) != expected:
        raise FieldErrors({"file": "The file content is not the image type its name says."})
    stored = default_storage.save(f"{ROOT}/{folder_name}/{name}", upload)
    return stored.rsplit("/", 1)[-1]
