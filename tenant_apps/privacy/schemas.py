from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from ninja import Field, Schema

from tenant_apps.privacy import services
from tenant_apps.privacy.models import DataErasure, DataExport
from tenants.middleware import request_client

ExportStatusName = Literal["pending", "processing", "completed", "failed"]


class DataExportOut(Schema):
    """An export job: poll it until ``completed``, then follow ``download_url`` before
    ``link_expires_at`` (reading the job again gives a fresh link)."""

    job_id: UUID = Field(..., validation_alias="id", description="The export job's id (also `id`).")
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

    @staticmethod
    def resolve_download_url(export: DataExport, context: dict[str, Any] | None = None) -> str | None:
        """A fresh signed link for the request answering the job."""
        request = (context or {})["request"]
        client_id = request_client(request).id
        return services.export_download_url(
            export=export,
            client_id=client_id,
            build_url=lambda token: request.build_absolute_uri(
                f"/api/clients/{client_id}/my-data/exports/download/{token}/"
            ),
        )

    @staticmethod
    def resolve_link_expires_at(export: DataExport) -> datetime | None:
        return services.export_link_expires_at(export=export)


class ErasureOut(Schema):
    # Read from the ``DataErasure`` record.
    detail: str
    user_id: int
    erased_at: datetime
    summary: dict[str, int] = Field(..., description="What was deleted, blanked or anonymised, per model.")

    @staticmethod
    def resolve_detail(erasure: DataErasure) -> str:
        return "The student's personal data was erased."


class ErasureRecordOut(Schema):
    id: int
    user_id: int
    erased_by_id: int | None
    erased_by_client_id: int
    erased_by_role: str
    ip_address: str | None
    summary: dict[str, int]
    erased_at: datetime
