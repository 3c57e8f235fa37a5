from __future__ import annotations

from datetime import datetime

from ninja import Schema


class ImageOut(Schema):
    name: str
    url: str
    size: int
    created_at: datetime | None


class FolderImagesOut(Schema):
    folder_name: str
    images: list[ImageOut]


class FolderOut(Schema):
    name: str
    image_count: int


class FoldersOut(Schema):
    folders: list[FolderOut]


class UploadOut(Schema):
    folder_name: str
    name: str
    url: str
