"""An operation's ``result`` is typed, and answered with exactly the keys it recorded."""

from datetime import UTC, datetime

import pytest

from shared_apps.operations.models import CourseOperation, OperationStatus, OperationType
from shared_apps.operations.schemas import OperationStatusOut

NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
DUPLICATED = {
    "course_id": 4,
    "new_course_id": 9,
    "new_course_title": "Python (Copy)",
    "published": False,
    "from_client_id": 2,
    "to_client_id": 3,
    "copied": {"modules": 2, "submodules": 3, "contents": 5, "mcqs": 0, "articles": 1},
}
BULK_HALFWAY = {
    "results": [
        {"course_id": 4, "status": "completed", "new_course_id": 9},
        {"course_id": 5, "status": "failed", "error": "Course not found."},
    ]
}


def _answer(kind: str, status: str, result: dict) -> dict:
    operation = CourseOperation(
        operation_type=kind, status=status, result=result, client_id=2, created_at=NOW, updated_at=NOW
    )
    return OperationStatusOut.model_validate(operation).model_dump(mode="json")


@pytest.mark.parametrize(
    ("kind", "status", "result"),
    [
        (OperationType.DUPLICATE, OperationStatus.PENDING, {}),
        (OperationType.DUPLICATE, OperationStatus.COMPLETED, DUPLICATED),
        (OperationType.DELETE, OperationStatus.COMPLETED, {"course_id": 4, "client_id": 2, "deleted": {"modules": 1}}),
        (OperationType.BULK_DUPLICATE, OperationStatus.PROCESSING, BULK_HALFWAY),
        (OperationType.BULK_DUPLICATE, OperationStatus.COMPLETED, {**BULK_HALFWAY, "succeeded": 1, "failed": 1}),
    ],
)
def test_result_is_answered_as_recorded(kind, status, result):
    assert _answer(kind, status, result)["result"] == result


def test_completed_duplicate_has_its_numbers_and_no_error():
    answer = _answer(OperationType.DUPLICATE, OperationStatus.COMPLETED, DUPLICATED)

    assert answer["result_data"] == {
        "new_course_id": 9,
        "new_course_title": "Python (Copy)",
        "published": False,
        "modules_count": 2,
        "submodules_count": 3,
        "content_count": 5,
        "succeeded": None,
        "failed": None,
    }
    assert answer["error_details"] is None


def test_failed_operation_has_error_details_and_no_numbers():
    operation = CourseOperation(
        operation_type=OperationType.DELETE,
        status=OperationStatus.FAILED,
        error="Course not found.",
        client_id=2,
        created_at=NOW,
        updated_at=NOW,
    )
    answer = OperationStatusOut.model_validate(operation).model_dump(mode="json")

    assert answer["error_details"] == {"error_type": "OperationFailed", "error_message": "Course not found."}
    assert answer["result_data"] is None and answer["result"] == {}
