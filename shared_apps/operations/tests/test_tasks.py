"""The worker side: claims, failures, restarts and the sweep (tasks run in-process)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from shared_apps.operations import services
from shared_apps.operations.models import CourseOperation
from shared_apps.operations.tasks import (
    course_bulk_duplicate_run,
    course_delete_run,
    course_duplicate_run,
    operations_sweep_run,
)
from shared_apps.operations.tests.factories import course_tree_build
from tenant_apps.lms import course_tree
from tenant_apps.lms.models import Course
from tests.queries import StatementCount

pytestmark = pytest.mark.django_db


def _operation(client, course_id, **fields):
    return CourseOperation.objects.create(operation_type="duplicate", client=client, course_ids=[course_id], **fields)


def _refresh(operation):
    return CourseOperation.objects.get(id=operation.id)


class TestRun:
    def test_a_failing_run_marks_the_operation_failed(self, client_a):
        # given: the course vanished between the request and the run
        operation = _operation(client_a, 999999)
        # when
        course_duplicate_run(str(operation.id))
        # then
        operation = _refresh(operation)
        assert operation.status == "failed"
        assert operation.error == "Course not found."
        assert operation.finished_at is not None

    def test_unexpected_errors_are_recorded_too(self, client_a):
        # a corrupt row: the course id is not a number, so the run raises a ValueError
        operation = _operation(client_a, "abc")
        course_duplicate_run(str(operation.id))
        operation = _refresh(operation)
        assert operation.status == "failed"
        assert operation.error.startswith("ValueError: Field 'id' expected a number")

    def test_running_twice_copies_once(self, client_a):
        with schema_context(client_a.schema_name):
            course = course_tree_build(modules=1)
        operation = _operation(client_a, course.id)
        course_duplicate_run(str(operation.id))
        course_duplicate_run(str(operation.id))
        with schema_context(client_a.schema_name):
            assert Course.objects.filter(title="Python 101 (Copy)").count() == 1
        assert _refresh(operation).attempts == 1

    def test_a_live_run_is_not_taken_over(self, client_a):
        with schema_context(client_a.schema_name):
            course = course_tree_build(modules=1)
        operation = _operation(client_a, course.id, status="processing", attempts=1, heartbeat_at=timezone.now())
        assert course_duplicate_run(str(operation.id)) is None
        with schema_context(client_a.schema_name):
            assert not Course.objects.filter(title="Python 101 (Copy)").exists()

    def test_a_run_whose_worker_died_is_taken_over(self, client_a):
        # given: a run started an hour ago and its worker never came back
        with schema_context(client_a.schema_name):
            course = course_tree_build(modules=1)
        operation = _operation(
            client_a, course.id, status="processing", attempts=1, heartbeat_at=timezone.now() - timedelta(hours=1)
        )
        # when: django-q2 hands the task out again (or the sweep re-queues it)
        course_duplicate_run(str(operation.id))
        # then
        operation = _refresh(operation)
        assert (operation.status, operation.attempts) == ("completed", 2)

    def test_gives_up_after_max_attempts(self, client_a, settings):
        settings.OPERATIONS_MAX_ATTEMPTS = 3
        operation = _operation(
            client_a, 1, status="processing", attempts=3, heartbeat_at=timezone.now() - timedelta(hours=1)
        )
        course_duplicate_run(str(operation.id))
        operation = _refresh(operation)
        assert operation.status == "failed"
        assert "Gave up after 3 attempts" in operation.error

    def test_delete_run_twice_deletes_once_and_stays_completed(self, client_a):
        with schema_context(client_a.schema_name):
            course = course_tree_build(modules=1)
        operation = CourseOperation.objects.create(operation_type="delete", client=client_a, course_ids=[course.id])
        course_delete_run(str(operation.id))
        course_delete_run(str(operation.id))
        assert _refresh(operation).status == "completed"

    def test_bulk_rerun_skips_the_courses_already_copied(self, client_a):
        # given: a run copied the first course, then its worker died
        with schema_context(client_a.schema_name):
            first = course_tree_build(title="First", modules=1)
            second = course_tree_build(title="Second", modules=1)
        operation = CourseOperation.objects.create(
            operation_type="bulk_duplicate",
            client=client_a,
            course_ids=[first.id, second.id],
            status="processing",
            attempts=1,
            heartbeat_at=timezone.now() - timedelta(hours=1),
            result={"results": [{"course_id": first.id, "status": "completed", "new_course_id": 424242}]},
        )
        # when
        course_bulk_duplicate_run(str(operation.id))
        # then
        operation = _refresh(operation)
        assert operation.status == "completed"
        assert [entry["course_id"] for entry in operation.result["results"]] == [first.id, second.id]
        with schema_context(client_a.schema_name):
            assert not Course.objects.filter(title="First (Copy)").exists()
            assert Course.objects.filter(title="Second (Copy)").count() == 1


class TestSweep:
    def test_requeues_lost_operations(self, client_a, settings):
        # given: one run lost with its worker, one task lost before it ran, one live run
        with schema_context(client_a.schema_name):
            course = course_tree_build(modules=1)
        old = timezone.now() - timedelta(hours=1)
        dead = _operation(client_a, course.id, status="processing", attempts=1, heartbeat_at=old)
        lost = _operation(client_a, course.id, enqueued_at=old)
        live = _operation(client_a, course.id, status="processing", attempts=1, heartbeat_at=timezone.now())
        # when (django-q2 runs the re-queued tasks at once in tests)
        assert operations_sweep_run() == {"requeued": 2}
        # then
        assert _refresh(dead).status == "completed"
        assert _refresh(lost).status == "completed"
        assert _refresh(live).status == "processing"

    def test_sweep_is_scheduled(self):
        from django_q.models import Schedule

        schedule = Schedule.objects.get(func="shared_apps.operations.tasks.operations_sweep_run")
        assert (schedule.schedule_type, schedule.minutes, schedule.repeats) == ("I", 2, -1)


class TestCopyQueries:
    @pytest.mark.parametrize("size", [1, 3])
    def test_copy_costs_the_same_whatever_the_course_size(self, client_a, size):
        with schema_context(client_a.schema_name):
            course = course_tree_build(modules=size, submodules=size)
        # 7 reads; inserts: the course, 2 M2M adds, modules, submodules, 5 item tables, MCQs,
        # quiz links, contents (search_path switches not counted): the same for 1 and 3
        with StatementCount(20):
            course_tree.course_copy_between(
                course_id=course.id, source_schema=client_a.schema_name, target_schema=client_a.schema_name
            )

    def test_stale_interval_follows_the_cluster_timeout(self, settings):
        settings.Q_CLUSTER = {**settings.Q_CLUSTER, "timeout": 100}
        assert services.stale_after() == timedelta(seconds=130)
