"""Media Handler API 1-3 (``/images/...``) plus an admin upload, and a client's uploaded
files (``/api/clients/{id}/upload/``, ``storage/uploads.py``).

Serving is public (image URLs go into ``<img>`` tags); listing and uploading need a
client admin or a platform admin. Media is platform-wide: see ``storage/media.py``."""

from django.core.files.storage import default_storage
from django.http import FileResponse, HttpRequest
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile

from api.auth import AuthedRequest, admin_auth
from api.schemas import ErrorOut
from storage import media, uploads
from storage.schemas import ClientFileOut, ClientFilesOut, ClientFilesQuery, FolderImagesOut, FoldersOut, UploadOut
from tenants.schema import current_schema_name

router = Router(tags=["media"])


def _url(request: HttpRequest):
    return lambda folder, name: request.build_absolute_uri(f"/images/{folder}/{name}")


@router.get("folders/", auth=admin_auth, response=FoldersOut)
def list_folders(request: HttpRequest):
    return {"folders": media.folder_list()}


@router.get("folder/{folder_name}/", auth=admin_auth, response=FolderImagesOut)
def list_folder_images(request: HttpRequest, folder_name: str):
    return {"folder_name": folder_name, "images": media.image_list(folder_name=folder_name, url_for=_url(request))}


@router.post("folder/{folder_name}/", auth=admin_auth, response={201: UploadOut})
def upload_image(request: HttpRequest, folder_name: str, file: UploadedFile = File(...)):
    name = media.image_save(folder_name=folder_name, upload=file)
    return Status(201, UploadOut(folder_name=folder_name, name=name, url=_url(request)(folder_name, name)))


@router.get(
    "{folder_name}/{image_name}",
    auth=None,
    openapi_extra={
        "responses": {
            200: {
                "description": "The image bytes.",
                "content": {
                    content_type: {"schema": {"type": "string", "format": "binary"}}
                    for content_type in sorted(set(media.IMAGE_TYPES.values()))
                },
            },
            404: {"description": "No such image."},
        }
    },
)
def serve_image(request: HttpRequest, folder_name: str, image_name: str):
    handle, content_type = media.image_open(folder_name=folder_name, image_name=image_name)
    response = FileResponse(handle, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=3600"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response


# --- a client's uploaded files (/api/clients/{id}/upload/; storage/uploads.py) ---------------

client_router = Router(tags=["uploads"])
UPLOAD = "clients/{client_id}/upload/"


def _link_builder(request: HttpRequest, client_id: int):
    return lambda token: request.build_absolute_uri(f"/api/clients/{client_id}/upload/files/{token}/")


@client_router.post(UPLOAD, response={201: ClientFileOut, 400: ErrorOut, 403: ErrorOut})
def upload_file(request: AuthedRequest, client_id: int, module: Form[str], file: File[UploadedFile]):
    """Multipart ``file`` and ``module`` (``assessment_screenshots``: PNG, JPEG, WebP or GIF;
    ``report_issue``: those or PDF), at most ``UPLOAD_MAX_BYTES``. Any member uploads their
    own; 403 for a visiting platform admin, who has no member row here."""
    stored = uploads.file_upload(
        actor=request.auth, schema_name=current_schema_name(), module=module.strip(), upload=file
    )
    return Status(201, uploads.file_link(file=stored, client_id=client_id, build_url=_link_builder(request, client_id)))


@client_router.get(UPLOAD, response={200: ClientFilesOut, 400: ErrorOut})
def list_files(request: AuthedRequest, client_id: int, query: Query[ClientFilesQuery]):
    """The caller's files (staff: every member's), newest first, each with a fresh link.
    ``module=certificate`` is known and always empty: certificate templates are not built."""
    module = uploads.module_check(query.module, listing=True)
    build_url = _link_builder(request, client_id)
    files = uploads.file_list(actor=request.auth, module=module, limit=query.limit)
    return {"files": [uploads.file_link(file=f, client_id=client_id, build_url=build_url) for f in files]}


@client_router.get(
    UPLOAD + "files/{token}/",
    auth=None,
    openapi_extra={
        "responses": {
            200: {
                "description": "The file (the signed link is the credential).",
                "content": {
                    content_type: {"schema": {"type": "string", "format": "binary"}}
                    for content_type in sorted({*uploads.IMAGES, uploads.PDF})
                },
            },
            403: {"description": "The link is invalid, expired or another client's."},
            404: {"description": "The file is gone."},
        }
    },
)
def serve_file(request: HttpRequest, client_id: int, token: str):
    found = uploads.file_by_token(token=token, client_id=client_id)
    response = FileResponse(default_storage.open(found.key, "rb"), content_type=found.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=300"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response
