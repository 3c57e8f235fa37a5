from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from storage.uploads import FileLink


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


class ClientFileOut(Schema):
    """An uploaded file with a link valid ``UPLOAD_URL_TTL`` seconds (``storage.uploads.FileLink``)."""

    id: int
    url: str = Field(..., description="Serves the file until `expires_at`.")
    storage_path: str = Field(..., description="The storage key; a new link is made from it on every listing.")
    key: str = Field(..., description="= storage_path.")
    filename: str = Field(..., description="The name the file was sent with.")
    module: str
    content_type: str = Field(..., description="Found from the bytes.")
    size: int
    created_at: datetime
    expires_at: datetime

    @staticmethod
    def resolve_id(link: FileLink) -> int:
        return link.file.id

    @staticmethod
    def resolve_storage_path(link: FileLink) -> str:
        return link.file.key

    @staticmethod
    def resolve_key(link: FileLink) -> str:
        return link.file.key

    @staticmethod
    def resolve_filename(link: FileLink) -> str:
        return link.file.filename

    @staticmethod
    def resolve_module(link: FileLink) -> str:
        return link.file.module

    @staticmethod
    def resolve_content_type(link: FileLink) -> str:
        return link.file.content_type

    @staticmethod
    def resolve_size(link: FileLink) -> int:
        return link.file.size

    @staticmethod
    def resolve_created_at(link: FileLink) -> datetime:
        return link.file.created_at


class ClientFilesOut(Schema):
    files: list[ClientFileOut]


class ClientFilesQuery(Schema):
    module: str | None = Field(None, description="Only this module's files.")
    limit: int = Field(100, ge=1, le=500, description="Newest first.")
