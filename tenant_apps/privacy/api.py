"""A student's data on request (docs/data-requests.md): a student exports everything the
client holds about them; a client admin erases a student's personal data.

Mounted at ``/api/`` (the student's own export) and ``/admin-dashboard/api/`` (erasure)."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.http import FileResponse, HttpRequest, HttpResponse
from ninja import Router, Status

from api.auth import AuthedRequest, admin_auth, client_ip
from api.pagination import paginate
from tenant_apps.privacy import selectors, services
from tenant_apps.privacy.errors import ExportArchiveGone
from tenant_apps.privacy.models import ExportStatus
from tenant_apps.privacy.schemas import DataExportOut, ErasureOut, ErasureRecordOut

router = Router(tags=["data requests"])
admin_router = Router(tags=["data requests"], auth=admin_auth)

MY_DATA = "clients/{client_id}/my-data/"


@router.post(MY_DATA + "exports/", response={202: DataExportOut})
def request_data_export(request: AuthedRequest, client_id: int) -> Status:
    """Start building an archive of everything the client holds about the caller (202 with
    the job). While one is pending or processing, every request answers that same job."""
    export = services.data_export_request(actor=request.auth)
    return Status(202, export)


@router.get(MY_DATA + "exports/", response=list[DataExportOut])
def list_data_exports(request: AuthedRequest, client_id: int, response: HttpResponse):
    return paginate(request, response, selectors.data_export_list(actor=request.auth))


@router.get(MY_DATA + "exports/{export_id}/", response=DataExportOut)
def get_data_export(request: AuthedRequest, client_id: int, export_id: str):
    """The job's status and progress; a job whose worker died is queued again by this read."""
    export = selectors.data_export_get_for_user(export_id=export_id, actor=request.auth)
    services.data_export_requeue_if_stale(export=export)
    return export


@router.get(
    MY_DATA + "exports/download/{token}/",
    auth=None,
    openapi_extra={
        "responses": {
            200: {
                "description": "The zip archive (the signed link is the credential).",
                "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def download_data_export(request: HttpRequest, client_id: int, token: str):
    """A signed link that expires after ``DATA_EXPORT_URL_TTL`` seconds: tampered, expired or
    another client's links are a 403; an archive no longer kept is a 404."""
    export_id, user_id = services.export_token_read(token=token, client_id=client_id)
    export = selectors.data_export_get_for_link(export_id=export_id, user_id=user_id)
    if export.status != ExportStatus.COMPLETED or not export.file_key or not default_storage.exists(export.file_key):
        raise ExportArchiveGone()
    day = export.created_at.date().isoformat()
    return FileResponse(
        default_storage.open(export.file_key, "rb"),
        as_attachment=True,
        filename=f"data-export-{day}.zip",
        content_type="application/zip",
    )


@admin_router.post("clients/{client_id}/manage-student/{student_id}/erase/", response=ErasureOut)
def erase_student(request: AuthedRequest, client_id: int, student_id: int):
    """Erase a student's personal data at this client (not undoable): see docs/data-requests.md
    for what is removed, anonymised and kept."""
    user = selectors.erasable_user_get(user_id=student_id)
    return services.student_erase(actor=request.auth, user=user, ip_address=client_ip(request))


@admin_router.get("clients/{client_id}/data-erasures/", response=list[ErasureRecordOut])
def list_data_erasures(request: HttpRequest, client_id: int, response: HttpResponse):
    """The client's erasure records, newest first."""
    return paginate(request, response, selectors.erasure_list())
