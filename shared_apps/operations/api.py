"""Course operations (LMS 11-15): long course work runs on the worker; poll its status.

These paths name no client: the request stays in ``public`` (where operations live)
and the body's ``client_id`` / ``to_client_id`` say which schemas the run works in.
"""

from django.http import HttpResponse
from ninja import Query, Router, Status

from api.auth import AuthedRequest, admin_auth
from api.pagination import paginate
from shared_apps.operations import selectors, services
from shared_apps.operations.models import OperationStatus
from shared_apps.operations.schemas import (
    CourseBulkDuplicateIn,
    CourseDeleteIn,
    CourseDuplicateIn,
    OperationListOut,
    OperationPageOut,
    OperationStartedOut,
    OperationStatusOut,
)
from tenants.middleware import wants_ai_linc_shapes

router = Router(tags=["course operations"])


def _source_client_id(payload) -> int | None:
    """``client_id``, or its alias ``from_client_id``."""
    return payload.client_id or payload.from_client_id


@router.post("course-operations/duplicate/", auth=admin_auth, response={202: OperationStartedOut})
def duplicate_course(request: AuthedRequest, payload: CourseDuplicateIn):
    operation = services.course_duplicate_start(
        actor=request.auth,
        course_id=payload.course_id,
        client_id=_source_client_id(payload),
        to_client_id=payload.to_client_id,
    )
    return Status(202, operation)


@router.post("course-operations/delete/", auth=admin_auth, response={202: OperationStartedOut})
def delete_course(request: AuthedRequest, payload: CourseDeleteIn):
    operation = services.course_delete_start(
        actor=request.auth, course_id=payload.course_id, client_id=_source_client_id(payload)
    )
    return Status(202, operation)


@router.post("course-operations/bulk-duplicate/", auth=admin_auth, response={202: OperationStartedOut})
def bulk_duplicate_courses(request: AuthedRequest, payload: CourseBulkDuplicateIn):
    operation = services.course_bulk_duplicate_start(
        actor=request.auth,
        course_ids=payload.course_ids,
        client_id=_source_client_id(payload),
        to_client_id=payload.to_client_id,
    )
    return Status(202, operation)


@router.get("course-operations/{operation_id}/status/", auth=admin_auth, response=OperationStatusOut)
def get_course_operation_status(request: AuthedRequest, operation_id: str):
    """The contract's status (``processing`` while running); ``in_progress`` instead when the
    public client is on the ``ai_linc`` response profile (``OperationStatusOut.resolve_status``)."""
    return selectors.operation_get(actor=request.auth, operation_id=operation_id)


@router.get("course-operations/", auth=admin_auth, response=list[OperationListOut] | OperationPageOut)
def list_course_operations(
    request: AuthedRequest,
    response: HttpResponse,
    status: str | None = None,
    client_id: int | None = None,
    type: str | None = Query(None, description="Operation type: duplicate, delete or bulk_duplicate."),  # noqa: A002
    limit: int = Query(20, ge=1, le=100, description="Response profile ai_linc only."),
    offset: int = Query(0, ge=0, le=1_000_000, description="Response profile ai_linc only."),
):
    """The contract's array (``?page=&page_size=`` paginate it by headers); when the public
    client is on the ``ai_linc`` response profile, ``{total_count, limit, offset,
    operations}`` of ``?limit=&offset=`` with each operation's full status, and ``status``
    may be ``in_progress`` (docs/real-client.md, "Response profile")."""
    ai_linc = wants_ai_linc_shapes(request)
    if ai_linc and status == "in_progress":
        status = OperationStatus.PROCESSING
    operations = selectors.operation_list(
        actor=request.auth, status=status, client_id=client_id, operation_type=type, full=ai_linc
    )
    if not ai_linc:
        return paginate(request, response, operations)
    return selectors.operation_page(operations=operations, limit=limit, offset=offset)
