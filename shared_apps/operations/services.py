"""Course operations: start (a pending row + a queued task) and run (in the worker).

Exactly-once effects: each run first *claims* the operation with a conditional update
(``pending`` -> ``processing``, or a ``processing`` row whose heartbeat is stale because
its worker died). The copy or delete and the operation's completion are written in one
database transaction (the operation row is in ``public``, the course in a client schema,
both on the same connection), so a crash either leaves nothing behind or leaves the
operation completed: a repeated run can never copy twice. See docs/background-jobs.md.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django_q.exceptions import TimeoutException
from django_tenants.utils import get_public_schema_name, schema_context

from core.errors import DomainError, FieldErrors, PermissionDenied
from shared_apps.operations.errors import ClientNotFound
from shared_apps.operations.models import CourseOperation, OperationStatus, OperationType
from tenant_apps.accounts.actor import Actor
from tenant_apps.lms import course_tree
from tenant_apps.lms.errors import CourseNotFound
from tenant_apps.lms.selectors import course_ids_present
from tenants.models import Client
from tenants.schema import use_public_schema

if TYPE_CHECKING:
    from tenant_apps.lms.models import Course

logger = logging.getLogger(__name__)

TASKS: dict[str, str] = {
    OperationType.DUPLICATE: "shared_apps.operations.tasks.course_duplicate_run",
    OperationType.DELETE: "shared_apps.operations.tasks.course_delete_run",
    OperationType.BULK_DUPLICATE: "shared_apps.operations.tasks.course_bulk_duplicate_run",
}
MAX_BULK_COURSES = 100
HUNDRED = Decimal("100.00")


# --- policy (settings with defaults; see docs/background-jobs.md) -----------------------


def stale_after() -> timedelta:
    """A ``processing`` operation whose heartbeat is older than this has lost its worker.

    A live run heartbeats at least at every step and no step outlives the django-q2
    ``timeout`` (the cluster kills it), so ``timeout`` plus a margin is safe.
    """
    seconds = getattr(settings, "OPERATIONS_STALE_SECONDS", None)
    if seconds is None:
        seconds = int(settings.Q_CLUSTER.get("timeout") or 600) + 30
    return timedelta(seconds=seconds)


def max_attempts() -> int:
    return int(getattr(settings, "OPERATIONS_MAX_ATTEMPTS", 3))


# --- starting -----------------------------------------------------------------------------


def _clients_resolve(*, actor: Actor, client_id: int | None, to_client_id: int | None) -> tuple[Client, Client]:
    """Source and target clients; a client admin may only name their own client."""
    own_id = actor.token_client.id
    source_id = client_id or own_id
    target_id = to_client_id or source_id
    if not actor.is_platform_admin and (source_id != own_id or target_id != own_id):
        raise PermissionDenied()
    clients = {c.id: c for c in Client.objects.filter(id__in={source_id, target_id})}
    for field, wanted in (("client_id", source_id), ("to_client_id", target_id)):
        client = clients.get(wanted)
        if client is None:
            raise ClientNotFound()
        if client.schema_name == get_public_schema_name():
            raise FieldErrors({field: "The platform client has no courses; name a client."})
    return clients[source_id], clients[target_id]


def _courses_check(*, client: Client, course_ids: list[int]) -> None:
    with schema_context(client.schema_name):
        found = course_ids_present(course_ids=course_ids)
    if len(found) != len(set(course_ids)):
        raise CourseNotFound()


def _operation_create(
    *, actor: Actor, operation_type: str, source: Client, target: Client | None, course_ids: list[int]
) -> CourseOperation:
    operation = CourseOperation(
        operation_type=operation_type,
        client=source,
        to_client=target,
        course_ids=course_ids,
        requested_by_client_id=actor.token_client.id,
        requested_by_user_id=actor.user.id,
        requested_by_email=actor.user.email,
        enqueued_at=timezone.now(),
    )
    operation.save()
    operation_enqueue(operation=operation)
    return operation


def operation_enqueue(*, operation: CourseOperation) -> None:
    """Queue the run once the operation row is committed (the worker must see it)."""
    from django_q.tasks import async_task

    func, operation_id = TASKS[operation.operation_type], str(operation.id)
    transaction.on_commit(lambda: async_task(func, operation_id, task_name=f"course-op-{operation_id}"))


@transaction.atomic
def course_duplicate_start(
    *, actor: Actor, course_id: int, client_id: int | None = None, to_client_id: int | None = None
) -> CourseOperation:
    source, target = _clients_resolve(actor=actor, client_id=client_id, to_client_id=to_client_id)
    _courses_check(client=source, course_ids=[course_id])
    return _operation_create(
        actor=actor, operation_type=OperationType.DUPLICATE, source=source, target=target, course_ids=[course_id]
    )


@transaction.atomic
def course_delete_start(*, actor: Actor, course_id: int, client_id: int | None = None) -> CourseOperation:
    source, _ = _clients_resolve(actor=actor, client_id=client_id, to_client_id=None)
    _courses_check(client=source, course_ids=[course_id])
    return _operation_create(
        actor=actor, operation_type=OperationType.DELETE, source=source, target=None, course_ids=[course_id]
    )


@transaction.atomic
def course_bulk_duplicate_start(
    *, actor: Actor, course_ids: list[int], client_id: int | None = None, to_client_id: int | None = None
) -> CourseOperation:
    """Courses that cannot be copied (e.g. missing) fail on their own in the per-course results."""
    ids = list(dict.fromkeys(course_ids))
    if not ids:
        raise FieldErrors({"course_ids": "Name at least one course."})
    if len(ids) > MAX_BULK_COURSES:
        raise FieldErrors({"course_ids": f"At most {MAX_BULK_COURSES} courses per operation."})
    source, target = _clients_resolve(actor=actor, client_id=client_id, to_client_id=to_client_id)
    return _operation_create(
        actor=actor, operation_type=OperationType.BULK_DUPLICATE, source=source, target=target, course_ids=ids
    )


# --- running (called by the tasks) ---------------------------------------------------------


def operation_claim(*, operation_id: str) -> CourseOperation | None:
    """Take the operation for this run, or None when it is finished or another run holds it."""
    now = timezone.now()
    claimable = Q(status=OperationStatus.PENDING) | Q(
        status=OperationStatus.PROCESSING, heartbeat_at__lt=now - stale_after()
    )
    taken = (
        CourseOperation.objects.filter(id=operation_id)
        .filter(claimable)
        .update(
            status=OperationStatus.PROCESSING,
            attempts=F("attempts") + 1,
            started_at=Coalesce(F("started_at"), Value(now)),
            heartbeat_at=now,
            updated_at=now,
        )
    )
    if not taken:
        return None
    operation = CourseOperation.objects.select_related("client", "to_client").get(id=operation_id)
    if operation.attempts > max_attempts():
        operation_fail(
            operation=operation,
            error=f"Gave up after {operation.attempts - 1} attempts: the worker stopped before finishing each time.",
        )
        return None
    return operation


def _save(operation: CourseOperation, **fields: Any) -> None:
    now = timezone.now()
    fields.setdefault("heartbeat_at", now)
    fields["updated_at"] = now
    for name, value in fields.items():
        setattr(operation, name, value)
    CourseOperation.objects.filter(id=operation.id).update(**fields)


def operation_progress(*, operation: CourseOperation, progress: Decimal, **fields: Any) -> None:
    _save(operation, progress=min(HUNDRED, progress.quantize(Decimal("0.01"))), **fields)


def operation_complete(*, operation: CourseOperation, result: dict[str, Any]) -> None:
    _save(
        operation,
        status=OperationStatus.COMPLETED,
        progress=HUNDRED,
        result=result,
        error="",
        finished_at=timezone.now(),
    )


def operation_fail(*, operation: CourseOperation, error: str, result: dict[str, Any] | None = None) -> None:
    fields = {"status": OperationStatus.FAILED, "error": error[:2000], "finished_at": timezone.now()}
    if result is not None:
        fields["result"] = result
    _save(operation, **fields)


def _requester_in(operation: CourseOperation, schema_client: Client) -> int | None:
    """The requester's user id when it means something in ``schema_client``'s schema."""
    if operation.requested_by_client_id == schema_client.id:
        return operation.requested_by_user_id
    return None


def _clients(operation: CourseOperation) -> tuple[Client, Client]:
    """Source and target of a copy: the target defaults to the source."""
    return operation.client, operation.to_client or operation.client


def _course_copy(operation: CourseOperation, course_id: int) -> tuple[Course, dict[str, int]]:
    """Copy one course for the operation (call inside the transaction that records it)."""
    source, target = _clients(operation)
    return course_tree.course_copy_between(
        course_id=course_id,
        source_schema=source.schema_name,
        target_schema=target.schema_name,
        created_by_id=_requester_in(operation, target),
    )


def _run_duplicate(operation: CourseOperation) -> None:
    source, target = _clients(operation)
    course_id = operation.course_ids[0]
    operation_progress(operation=operation, progress=Decimal("10"))
    with transaction.atomic():
        course, counts = _course_copy(operation, course_id)
        operation_complete(
            operation=operation,
            result={
                "course_id": course_id,
                "new_course_id": course.id,
                "new_course_title": course.title,
                "published": course.is_active,
                "from_client_id": source.id,
                "to_client_id": target.id,
                "copied": counts,
            },
        )


def _run_delete(operation: CourseOperation) -> None:
    client = operation.client
    course_id = operation.course_ids[0]
    operation_progress(operation=operation, progress=Decimal("10"))
    with transaction.atomic(), schema_context(client.schema_name):
        counts = course_tree.course_tree_delete(course_id=course_id)
        operation_complete(
            operation=operation, result={"course_id": course_id, "client_id": client.id, "deleted": counts}
        )


def _run_bulk_duplicate(operation: CourseOperation) -> None:
    """Each course is copied in its own transaction with its result entry, so a failure
    undoes only that course and a repeated run skips the courses already recorded."""
    source, target = _clients(operation)
    results: list[dict[str, Any]] = list(operation.result.get("results", []))
    done = {entry["course_id"] for entry in results}
    total = len(operation.course_ids)

    def record(entry: dict[str, Any]) -> None:
        results.append(entry)
        progress = HUNDRED * len(results) / total
        operation_progress(operation=operation, progress=progress, result={"results": results})

    for course_id in operation.course_ids:
        if course_id in done:
            continue
        try:
            with transaction.atomic():
                course, _ = _course_copy(operation, course_id)
                record({"course_id": course_id, "status": OperationStatus.COMPLETED, "new_course_id": course.id})
        except Exception as exc:  # noqa: BLE001 - one course's failure must not stop the others
            results[:] = [entry for entry in results if entry["course_id"] != course_id]
            message = _error_text(exc)
            if not isinstance(exc, DomainError):
                logger.exception("Copying course %s of operation %s failed", course_id, operation.id)
            record({"course_id": course_id, "status": OperationStatus.FAILED, "error": message})
    succeeded = sum(1 for entry in results if entry["status"] == OperationStatus.COMPLETED)
    summary = {
        "results": results,
        "succeeded": succeeded,
        "failed": len(results) - succeeded,
        "from_client_id": source.id,
        "to_client_id": target.id,
    }
    if succeeded:
        operation_complete(operation=operation, result=summary)
    else:
        operation_fail(operation=operation, error="No course could be duplicated.", result=summary)


HANDLERS: dict[str, Callable[[CourseOperation], None]] = {
    OperationType.DUPLICATE: _run_duplicate,
    OperationType.DELETE: _run_delete,
    OperationType.BULK_DUPLICATE: _run_bulk_duplicate,
}


def _error_text(exc: BaseException) -> str:
    if isinstance(exc, CourseNotFound):
        return "Course not found."
    if isinstance(exc, DomainError):
        return exc.message
    if isinstance(exc, TimeoutException):
        return "The operation took longer than the worker's time limit."
    return f"{exc.__class__.__name__}: {exc}"


def operation_execute(*, operation_id: str) -> CourseOperation | None:
    """One run of an operation: claim it, do the work, record the outcome.

    Any exception marks the operation ``failed`` with the error (the traceback goes to
    the log); nothing is re-raised except the cluster's timeout signal.
    """
    with schema_context(get_public_schema_name()):
        operation = operation_claim(operation_id=operation_id)
        if operation is None:
            return None
        try:
            HANDLERS[operation.operation_type](operation)
        except (Exception, TimeoutException) as exc:
            if not isinstance(exc, DomainError):
                logger.exception("Course operation %s failed", operation.id)
            use_public_schema()
            operation_fail(operation=operation, error=_error_text(exc))
            if isinstance(exc, TimeoutException):
                raise
        return operation


def operations_sweep() -> dict[str, int]:
    """Re-queue operations whose run was lost; the periodic safety net (every 2 minutes).

    ``processing`` with a stale heartbeat: the worker died (the claim lets a new run
    take over, or fails the operation after ``OPERATIONS_MAX_ATTEMPTS``). ``pending``
    queued longer ago than the stale interval: the queued task was lost. Re-queuing
    an operation that is in fact still queued is harmless: only one run can claim it.
    """
    from django_q.tasks import async_task

    now = timezone.now()
    cutoff = now - stale_after()
    stuck = list(
        CourseOperation.objects.filter(
            Q(status=OperationStatus.PROCESSING, heartbeat_at__lt=cutoff)
            | Q(status=OperationStatus.PENDING, enqueued_at__lt=cutoff)
        ).values_list("id", "operation_type")
    )
    for operation_id, operation_type in stuck:
        CourseOperation.objects.filter(id=operation_id).update(enqueued_at=now)
        async_task(TASKS[operation_type], str(operation_id), task_name=f"course-op-{operation_id}")
    return {"requeued": len(stuck)}
