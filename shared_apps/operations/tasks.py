"""django-q2 tasks for course operations.

Unlike tenant tasks these take only the operation id: the operation row (in ``public``)
names the source and target clients, whose schemas the run enters itself; passing the
schema names again would let them disagree with the row.
"""

from __future__ import annotations

from shared_apps.operations import services


def _run(operation_id: str) -> dict | None:
    operation = services.operation_execute(operation_id=operation_id)
    return None if operation is None else {"operation_id": str(operation.id), "status": operation.status}


def course_duplicate_run(operation_id: str) -> dict | None:
    return _run(operation_id)


def course_delete_run(operation_id: str) -> dict | None:
    return _run(operation_id)


def course_bulk_duplicate_run(operation_id: str) -> dict | None:
    return _run(operation_id)


def operations_sweep_run() -> dict:
    return services.operations_sweep()
