"""Time-limited links to private files of the default storage (cheat sheets, data exports).

An S3-compatible storage hands out its own presigned URLs; on the filesystem the caller
serves the file itself behind a link signed with ``django.core.signing``."""

from __future__ import annotations

from typing import Protocol, cast

from django.core.files.storage import default_storage


def storage_presigns() -> bool:
    """S3-compatible storages hand out their own presigned URLs."""
    return bool(getattr(default_storage, "bucket_name", None))


class _PresigningStorage(Protocol):
    """django-storages' S3 storage: ``url`` takes the link's lifetime."""

    def url(self, name: str, *, expire: int) -> str: ...


def presigned_url(name: str, *, expire: int) -> str:
    """Only when ``storage_presigns()``: the default storage is then an S3-compatible one."""
    return cast(_PresigningStorage, default_storage).url(name, expire=expire)
