"""Course operations over HTTP; queued tasks run synchronously (see conftest.run_tasks)."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from shared_apps.operations.models import CourseOperation
from shared_apps.operations.tests.factories import course_tree_build, course_tree_snapshot
from tenant_apps.lms.models import MCQ, Article, Content, Course, Enrollment, Instructor, Quiz
from tests.queries import StatementCount

pytestmark = pytest.mark.django_db

OPS = "/lms/course-operations/"


def _status(api_client, operation_id):
    return api_client.get(f"{OPS}{operation_id}/status/")


class TestDuplicate:
    def test_copies_the_whole_tree_independently(self, admin_a, client_a, run_tasks, make_user):
        # given
        admin, admin_user = admin_a
        with schema_context(client_a.schema_name):
            course = course_tree_build(modules=2, submodules=2)
            Enrollment.objects.create(course=course, user=make_user(client_a))
            original = course_tree_snapshot(course)
            counts_before = {m.__name__: m.objects.count() for m in (Article, Quiz, MCQ, Content)}
        # when
        with run_tasks():
            started = admin.post(f"{OPS}duplicate/", {"course_id": course.id, "client_id": client_a.id})
        # then
        assert started.status_code == 202, started.json()
        assert started.json()["status"] == "pending"
        assert started.json()["message"] == "Course duplication started"
        status = _status(admin, started.json()["operation_id"]).json()
        assert status["status"] == "completed", status
        assert status["progress"] == 100.00
        assert status["result"]["to_client_id"] == client_a.id
        assert status["result"]["copied"]["contents"] == 20
        with schema_context(client_a.schema_name):
            copy = Course.objects.get(id=status["result"]["new_course_id"])
            assert copy.title == "Python 101 (Copy)"
            assert copy.created_by_id == admin_user.id
            assert course_tree_snapshot(copy) == original
            assert copy.enrollments.count() == 0
            # every content item and MCQ was copied, none shared
            assert Article.objects.count() == 2 * counts_before["Article"]
            assert MCQ.objects.count() == 2 * counts_before["MCQ"]
            assert Content.objects.count() == 2 * counts_before["Content"]
            assert Instructor.objects.count() == 1  # shared library: reused within a client
            # editing the copy leaves the original alone
            copied_article = Content.objects.filter(submodule__module__course=copy, content_type="Article")[0].article
            assert copied_article is not None
            copied_article.title = "Changed"
            copied_article.save()
            copied_mcq = MCQ.objects.filter(quiz_mcqs__quiz__content_entry__submodule__module__course=copy)[0]
            copied_mcq.question = "Changed?"
            copied_mcq.save()
            assert course_tree_snapshot(Course.objects.get(id=course.id)) == original

    def test_platform_admin_copies_into_another_client(self, platform_admin, client_a, client_b, run_tasks, make_user):
        # given: the instructor is linked to a user of client A
        root, _ = platform_admin
        teacher = make_user(client_a, role="instructor")
        with schema_context(client_a.schema_name):
            course = course_tree_build()
            Instructor.objects.filter(name="Grace Hopper").update(user=teacher)
            original = course_tree_snapshot(course)
            source_courses = Course.objects.count()
        with schema_context(client_b.schema_name):
            target_courses = Course.objects.count()
        # when: the product's own client names the source `from_client_id`
        with run_tasks():
            started = root.post(
                f"{OPS}duplicate/",
                {"course_id": course.id, "from_client_id": client_a.id, "to_client_id": client_b.id},
            )
        # then
        assert started.status_code == 202, started.json()
        status = _status(root, started.json()["operation_id"]).json()
        assert status["status"] == "completed", status
        assert status["to_client_id"] == client_b.id
        new_id = status["result"]["new_course_id"]
        with schema_context(client_a.schema_name):
            assert Course.objects.count() == source_courses
            assert course_tree_snapshot(Course.objects.get(id=course.id)) == original
        with schema_context(client_b.schema_name):
            assert Course.objects.count() == target_courses + 1
            copy = Course.objects.get(id=new_id)
            assert copy.title == "Python 101"
            assert copy.created_by_id is None
            assert course_tree_snapshot(copy) == original
            assert Instructor.objects.get(name="Grace Hopper").user_id is None

    def test_second_copy_into_a_client_reuses_its_instructors(self, platform_admin, client_a, client_b, run_tasks):
        root, _ = platform_admin
        with schema_context(client_a.schema_name):
            course = course_tree_build()
        for _ in range(2):
            with run_tasks():
                root.post(
                    f"{OPS}duplicate/", {"course_id": course.id, "client_id": client_a.id, "to_client_id": client_b.id}
                )
        with schema_context(client_b.schema_name):
            assert Instructor.objects.filter(name="Grace Hopper").count() == 1
            assert Course.objects.filter(title="Python 101").count() == 2

    def test_client_admin_may_not_leave_their_client(self, admin_a, client_a, client_b):
        admin, _ = admin_a
        with schema_context(client_a.schema_name):
            course = course_tree_build()
        cross = admin.post(
            f"{OPS}duplicate/", {"course_id": course.id, "client_id": client_a.id, "to_client_id": client_b.id}
        )
        other_source = admin.post(f"{OPS}duplicate/", {"course_id": course.id, "client_id": client_b.id})
        assert cross.status_code == 403
        assert other_source.status_code == 403
        assert not CourseOperation.objects.exists()

    def test_defaults_to_the_callers_client(self, admin_a, client_a, run_tasks):
        admin, _ = admin_a
        with schema_context(client_a.schema_name):
            course = course_tree_build(modules=1)
        with run_tasks():
            started = admin.post(f"{OPS}duplicate/", {"course_id": course.id})
        assert _status(admin, started.json()["operation_id"]).json()["status"] == "completed"

    def test_unknown_course_is_404(self, admin_a, client_a):
        admin, _ = admin_a
        response = admin.post(f"{OPS}duplicate/", {"course_id": 999999, "client_id": client_a.id})
        assert response.status_code == 404
        assert response.json()["detail"] == "Not found."

    def test_unknown_target_client_is_404(self, platform_admin, client_a):
        root, _ = platform_admin
        with schema_context(client_a.schema_name):
            course = course_tree_build(modules=1)
        response = root.post(
            f"{OPS}duplicate/", {"course_id": course.id, "client_id": client_a.id, "to_client_id": 999}
        )
        assert response.status_code == 404

    def test_public_client_is_not_a_course_owner(self, platform_admin, public_client, client_a):
        root, _ = platform_admin
        response = root.post(f"{OPS}duplicate/", {"course_id": 1, "client_id": public_client.id})
        assert response.status_code == 400
        assert "client_id" in response.json()

    def test_student_is_forbidden(self, as_user, client_a):
        student, _ = as_user(client_a)
        assert student.post(f"{OPS}duplicate/", {"course_id": 1, "client_id": client_a.id}).status_code == 403
        assert student.get(OPS).status_code == 403

    def test_anonymous_is_401(self, api):
        assert api.post(f"{OPS}duplicate/", {"course_id": 1, "client_id": 1}).status_code == 401


class TestDelete:
    def test_removes_the_course_and_what_only_it_owns(self, admin_a, client_a, run_tasks, make_user):
        # given: a second course whose quiz shares an MCQ with the first
        admin, _ = admin_a
        with schema_context(client_a.schema_name):
            shared = MCQ.objects.create(question="Shared?", options=["y", "n"], correct_answer=0)
            doomed = course_tree_build(title="Doomed", mcqs=[shared])
            own_mcq = MCQ.objects.create(question="Only here", options=["y"], correct_answer=0)
            quiz = Quiz.objects.filter(content_entry__submodule__module__course=doomed)[0]
            quiz.quiz_mcqs.create(mcq=own_mcq, order=9)
            kept = course_tree_build(title="Kept", mcqs=[shared])
            Enrollment.objects.create(course=doomed, user=make_user(client_a))
            kept_snapshot = course_tree_snapshot(kept)
        # when
        with run_tasks():
            started = admin.post(f"{OPS}delete/", {"course_id": doomed.id, "client_id": client_a.id})
        # then
        assert started.status_code == 202
        assert started.json()["message"] == "Course deletion started"
        status = _status(admin, started.json()["operation_id"]).json()
        assert status["status"] == "completed", status
        assert status["result"]["deleted"]["contents"] == 10
        with schema_context(client_a.schema_name):
            assert not Course.objects.filter(id=doomed.id).exists()
            assert not Enrollment.objects.exists()
            assert (
                not Article.objects.filter(title__startswith="Read")
                .exclude(content_entry__submodule__module__course=kept)
                .exists()
            )
            assert Content.objects.count() == 10  # the kept course's
            assert not MCQ.objects.filter(id=own_mcq.id).exists()
            assert MCQ.objects.filter(id=shared.id).exists()
            assert Instructor.objects.filter(name="Grace Hopper").exists()
            assert course_tree_snapshot(Course.objects.get(id=kept.id)) == kept_snapshot

    def test_other_clients_course_is_forbidden(self, as_user, client_a, client_b):
        with schema_context(client_a.schema_name):
            course = course_tree_build(modules=1)
        admin_b, _ = as_user(client_b, role="admin")
        response = admin_b.post(f"{OPS}delete/", {"course_id": course.id, "client_id": client_a.id})
        assert response.status_code == 403
        with schema_context(client_a.schema_name):
            assert Course.objects.filter(id=course.id).exists()


class TestBulkDuplicate:
    def test_each_course_has_its_own_result(self, platform_admin, client_a, client_b, run_tasks):
        # given
        root, _ = platform_admin
        with schema_context(client_a.schema_name):
            first = course_tree_build(title="First", modules=1)
            second = course_tree_build(title="Second", modules=1)
        # when: one id does not exist
        with run_tasks():
            started = root.post(
                f"{OPS}bulk-duplicate/",
                {"course_ids": [first.id, 999999, second.id], "client_id": client_a.id, "to_client_id": client_b.id},
            )
        # then
        assert started.status_code == 202
        assert started.json()["message"] == "Bulk course duplication started"
        status = _status(root, started.json()["operation_id"]).json()
        assert status["status"] == "completed", status
        assert status["progress"] == 100.00
        assert (status["result"]["succeeded"], status["result"]["failed"]) == (2, 1)
        by_course = {entry["course_id"]: entry for entry in status["result"]["results"]}
        assert by_course[999999] == {"course_id": 999999, "status": "failed", "error": "Course not found."}
        with schema_context(client_b.schema_name):
            copies = Course.objects.filter(
                id__in=[by_course[first.id]["new_course_id"], by_course[second.id]["new_course_id"]]
            )
            assert sorted(copies.values_list("title", flat=True)) == ["First", "Second"]

    def test_fails_when_no_course_could_be_copied(self, admin_a, client_a, run_tasks):
        admin, _ = admin_a
        with run_tasks():
            started = admin.post(f"{OPS}bulk-duplicate/", {"course_ids": [999998, 999999], "client_id": client_a.id})
        status = _status(admin, started.json()["operation_id"]).json()
        assert status["status"] == "failed"
        assert status["error"] == "No course could be duplicated."
        assert status["result"]["failed"] == 2

    @pytest.mark.parametrize("course_ids", [[], list(range(1, 102))])
    def test_course_ids_are_bounded(self, admin_a, client_a, course_ids):
        admin, _ = admin_a
        response = admin.post(f"{OPS}bulk-duplicate/", {"course_ids": course_ids, "client_id": client_a.id})
        assert response.status_code == 400
        assert "course_ids" in response.json()


class TestStatusAndList:
    def _operation(self, client, **fields):
        return CourseOperation.objects.create(operation_type="duplicate", client=client, course_ids=[1], **fields)

    def test_status_of_another_clients_operation_is_404(self, as_user, client_a, client_b):
        operation = self._operation(client_a)
        admin_b, _ = as_user(client_b, role="admin")
        assert _status(admin_b, operation.id).status_code == 404
        assert _status(admin_b, "not-a-uuid").status_code == 404

    def test_status_shape(self, admin_a, client_a):
        admin, _ = admin_a
        operation = self._operation(client_a)
        body = _status(admin, operation.id).json()
        assert {"operation_id", "status", "progress", "result"} <= set(body)
        assert body == body | {"operation_id": str(operation.id), "status": "pending", "progress": 0.00, "result": {}}

    def test_client_admin_sees_only_their_clients_operations(self, admin_a, client_a, client_b, platform_admin):
        admin, _ = admin_a
        mine = self._operation(client_a)
        incoming = self._operation(client_b, to_client=client_a)
        self._operation(client_b)
        listed = admin.get(OPS).json()
        assert {row["operation_id"] for row in listed} == {str(mine.id), str(incoming.id)}
        assert set(listed[0]) >= {"operation_id", "operation_type", "status", "created_at"}
        root, _ = platform_admin
        assert len(root.get(OPS).json()) == 3
        assert {row["operation_id"] for row in root.get(f"{OPS}?client_id={client_a.id}").json()} == {
            str(mine.id),
            str(incoming.id),
        }

    def test_status_filter(self, admin_a, client_a):
        admin, _ = admin_a
        self._operation(client_a)
        done = self._operation(client_a, status="completed")
        assert [row["operation_id"] for row in admin.get(f"{OPS}?status=completed").json()] == [str(done.id)]
        assert admin.get(f"{OPS}?status=bogus").status_code == 400

    @pytest.mark.parametrize("count", [1, 20])
    def test_list_query_budget(self, admin_a, client_a, count):
        admin, _ = admin_a
        for _ in range(count):
            self._operation(client_a)
        admin.get(OPS)  # warms the cached client lookup
        # the user with its session, operations
        with StatementCount(2):
            response = admin.get(OPS)
        assert len(response.json()) == count

    @pytest.mark.parametrize("count", [1, 20])
    def test_status_query_budget(self, admin_a, client_a, count):
        admin, _ = admin_a
        operation = self._operation(client_a, result={"results": [{"course_id": n} for n in range(count)]})
        _status(admin, operation.id)
        with StatementCount(2):  # as above, then the operation
            assert _status(admin, operation.id).status_code == 200
