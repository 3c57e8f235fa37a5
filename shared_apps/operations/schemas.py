from datetime import datetime
from uuid import UUID

from ninja import Field, Schema

from api.schemas import JSONDecimal

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


class OperationStartedOut(Schema):
    operation_id: UUID
    status: str
    message: str


class OperationStatusOut(Schema):
    operation_id: UUID = Field(..., alias="id")
    operation_type: str = Field(..., description="duplicate, delete or bulk_duplicate")
    status: str = Field(..., description="pending, processing, completed or failed")
    progress: JSONDecimal = Field(..., description="0-100")
    result: dict = Field(
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


class OperationListOut(Schema):
    operation_id: UUID = Field(..., alias="id")
    operation_type: str
    status: str
    progress: JSONDecimal
    client_id: int
    to_client_id: int | None
    created_at: datetime
    finished_at: datetime | None
