from datetime import datetime
from typing import Literal
from uuid import UUID

from ninja import Field, Schema

ExportStatusName = Literal["pending", "processing", "completed", "failed"]


class DataExportOut(Schema):
    """An export job: poll it until ``completed``, then follow ``download_url`` before
    ``link_expires_at`` (reading the job again gives a fresh link)."""

    job_id: UUID = Field(..., description="The export job's id (also `id`).")
    id: UUID
    status: ExportStatusName
    progress: int = Field(..., description="0-100.")
    attempts: int = Field(..., description="Worker runs that claimed the job (a killed worker's run included).")
    error: str
    file_size: int | None = Field(..., description="Bytes of the zip archive once completed.")
    counts: dict[str, int] = Field(..., description="Rows per file of the archive (`<app>.<model>` -> rows).")
    created_at: datetime
    started_at: datetime | None
    completed_at: datetime | None
    download_url: str | None = Field(..., description="Signed, expiring link to the zip; null until completed.")
    link_expires_at: datetime | None


class ErasureOut(Schema):
    detail: str
    user_id: int
    erased_at: datetime
    summary: dict[str, int] = Field(..., description="What was deleted, blanked or anonymised, per model.")


class ErasureRecordOut(Schema):
    id: int
    user_id: int
    erased_by_id: int | None
    erased_by_client_id: int
    erased_by_role: str
    ip_address: str | None
    summary: dict[str, int]
    erased_at: datetime
