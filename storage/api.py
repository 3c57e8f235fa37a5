"""Media Handler API 1-3 (``/images/...``) plus an admin upload.

Serving is public (image URLs go into ``<img>`` tags); listing and uploading need a
client admin or a platform admin. Media is platform-wide: see ``storage/media.py``."""

from django.http import FileResponse, HttpRequest
from ninja import File, Router, Status
from ninja.files import UploadedFile

from api.auth import admin_auth
from storage import media
from storage.schemas import FolderImagesOut, FoldersOut, UploadOut

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
