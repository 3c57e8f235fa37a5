from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal
from uuid import UUID

from ninja import Field, Schema
from pydantic import SerializerFunctionWrapHandler, model_serializer

from api.schemas import JSONDecimal
from shared_apps.operations.models import OperationStatus, OperationType
from tenants.middleware import wants_ai_linc_shapes

if TYPE_CHECKING:
    from shared_apps.operations.models import CourseOperation

# What the status ``message`` says per state (a failure says its error instead).
STATUS_MESSAGES = {
    OperationStatus.PENDING: "Waiting for a worker.",
    OperationStatus.PROCESSING: "In progress.",
    OperationStatus.COMPLETED: "Completed.",
}

SOURCE_HELP = "Source client; defaults to the caller's client. `from_client_id` is accepted as an alias."
TARGET_HELP = "Client that receives the copy (platform admins only); defaults to the source client."


class CourseDuplicateIn(Schema):
    course_id: int
    client_id: int | None = Field(None, description=SOURCE_HELP)
    from_client_id: int | None = Field(None, description="Alias of `client_id`.")
    to_client_id: int | None = Field(None, description=TARGET_HELP)


class CourseDeleteIn(Schema):
    course_id: int
    client_id: int | None = Field(None, description=SOURCE_HELP)
    from_client_id: int | None = Field(None, description="Alias of `client_id`.")


class CourseBulkDuplicateIn(Schema):
    course_ids: list[int] = Field(..., description="Up to 100 course ids of the source client.")
    client_id: int | None = Field(None, description=SOURCE_HELP)
    from_client_id: int | None = Field(None, description="Alias of `client_id`.")
    to_client_id: int | None = Field(None, description=TARGET_HELP)


# What starting an operation answers, per kind.
STARTED_MESSAGES = {
    OperationType.DUPLICATE: "Course duplication started",
    OperationType.DELETE: "Course deletion started",
    OperationType.BULK_DUPLICATE: "Bulk course duplication started",
}


class OperationStartedOut(Schema):
    # Read from the ``CourseOperation`` just started.
    operation_id: UUID = Field(..., validation_alias="id")
    status: str
    message: str

    @staticmethod
    def resolve_message(operation: CourseOperation) -> str:
        return STARTED_MESSAGES[OperationType(operation.operation_type)]


class OperationResultDataOut(Schema):
    """A completed operation's result as the super-admin portal shows it (``null`` where
    the kind of operation has no such number)."""

    new_course_id: int | None = Field(default=None, description="duplicate: the copy's id")
    new_course_title: str | None = Field(default=None, description="duplicate: the copy's title")
    published: bool | None = Field(default=None, description="duplicate: whether the copy is active")
    modules_count: int | None = Field(default=None, description="duplicate: copied, delete: deleted")
    submodules_count: int | None = None
    content_count: int | None = None
    succeeded: int | None = Field(default=None, description="bulk_duplicate: courses copied")
    failed: int | None = Field(default=None, description="bulk_duplicate: courses that failed")


class _Recorded(Schema):
    """Written with the keys the stored JSON holds and no others: which keys an operation
    records depends on its kind and on how far it got (absent, not null, otherwise)."""

    # No return annotation: with one, pydantic would document the answer as that type
    # instead of this schema's fields.
    @model_serializer(mode="wrap")
    def _only_recorded(self, handler: SerializerFunctionWrapHandler):
        return {key: value for key, value in handler(self).items() if key in self.model_fields_set}


class BulkCourseResultOut(_Recorded):
    course_id: int
    status: Literal["completed", "failed"] | None = None
    new_course_id: int | None = Field(default=None, description="A copied course: the copy's id.")
    error: str | None = Field(default=None, description="A course that failed: why.")


class OperationResultOut(_Recorded):
    """What an operation recorded. duplicate: ``course_id``, ``new_course_id``,
    ``new_course_title``, ``published``, ``from_client_id``, ``to_client_id``, ``copied``;
    delete: ``course_id``, ``client_id``, ``deleted``; bulk_duplicate: ``results`` (one entry
    per course, as they finish), ``succeeded``, ``failed``, ``from_client_id``, ``to_client_id``."""

    course_id: int | None = None
    new_course_id: int | None = None
    new_course_title: str | None = None
    published: bool | None = None
    client_id: int | None = None
    from_client_id: int | None = None
    to_client_id: int | None = None
    copied: dict[str, int] | None = Field(default=None, description="Rows copied, per table (modules, contents, ...).")
    deleted: dict[str, int] | None = Field(default=None, description="Rows deleted, per table.")
    results: list[BulkCourseResultOut] | None = None
    succeeded: int | None = None
    failed: int | None = None


class OperationErrorOut(Schema):
    error_type: str
    error_message: str


def result_data(operation: CourseOperation) -> OperationResultDataOut | None:
    """The ``result_data`` of a completed operation, read from its stored ``result``."""
    if operation.status != OperationStatus.COMPLETED:
        return None
    result = operation.result
    if operation.operation_type == OperationType.BULK_DUPLICATE:
        return OperationResultDataOut(succeeded=result.get("succeeded"), failed=result.get("failed"))
    counts = result.get("copied" if operation.operation_type == OperationType.DUPLICATE else "deleted", {})
    return OperationResultDataOut(
        new_course_id=result.get("new_course_id"),
        new_course_title=result.get("new_course_title"),
        published=result.get("published"),
        modules_count=counts.get("modules"),
        submodules_count=counts.get("submodules"),
        content_count=counts.get("contents"),
    )


class OperationStatusOut(Schema):
    operation_id: UUID = Field(..., alias="id")
    operation_type: str = Field(..., description="duplicate, delete or bulk_duplicate")
    status: Literal["pending", "processing", "in_progress", "completed", "failed"] = Field(
        ...,
        description="pending, processing, completed or failed; a running operation is `in_progress` "
        "instead of `processing` when the public client is on the `ai_linc` response profile.",
    )
    progress: JSONDecimal = Field(..., description="0-100")
    result: OperationResultOut = Field(
        ...,
        description="duplicate: new_course_id, to_client_id, copied counts; delete: deleted counts; "
        "bulk_duplicate: results (one entry per course), succeeded, failed.",
    )
    error: str = Field(..., description="Why the operation failed; empty otherwise.")
    client_id: int
    to_client_id: int | None
    course_ids: list[int]
    attempts: int
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    updated_at: datetime
    message: str = Field(..., description="The state in words; a failure's error.")
    completed_at: datetime | None = Field(..., description="= finished_at (the super-admin portal's name).")
    result_data: OperationResultDataOut | None = Field(..., description="A completed operation's numbers; else null.")
    error_details: OperationErrorOut | None = Field(..., description="A failed operation's error; else null.")

    @staticmethod
    def resolve_status(operation: CourseOperation, context: dict[str, Any] | None) -> str:
        """The super-admin portal polls while ``pending`` or ``in_progress``: under the
        ``ai_linc`` profile a running operation says ``in_progress``."""
        request = (context or {}).get("request")
        if operation.status == OperationStatus.PROCESSING and request is not None and wants_ai_linc_shapes(request):
            return "in_progress"
        return operation.status

    @staticmethod
    def resolve_message(operation: CourseOperation) -> str:
        if operation.status == OperationStatus.FAILED:
            return operation.error or "Failed."
        return STATUS_MESSAGES[OperationStatus(operation.status)]

    @staticmethod
    def resolve_completed_at(operation: CourseOperation) -> datetime | None:
        return operation.finished_at

    @staticmethod
    def resolve_result_data(operation: CourseOperation) -> OperationResultDataOut | None:
        return result_data(operation)

    @staticmethod
    def resolve_error_details(operation: CourseOperation) -> OperationErrorOut | None:
        if operation.status != OperationStatus.FAILED:
            return None
        return OperationErrorOut(error_type="OperationFailed", error_message=operation.error)


class OperationPageOut(Schema):
    """Response profile ``ai_linc``: one page of operations in the super-admin portal's
    envelope (``?limit=&offset=``)."""

    total_count: int
    limit: int
    offset: int
    operations: list[OperationStatusOut]


class OperationListOut(Schema):
    operation_id: UUID = Field(..., alias="id")
    operation_type: str
    status: str
    progress: JSONDecimal
    client_id: int
    to_client_id: int | None
    created_at: datetime
    finished_at: datetime | None
