"""The learner writes as they run in production, outside any test transaction: a repeated
write is one statement that is its own transaction (no BEGIN/COMMIT); an activity event and a
track-time ping commit without waiting for the WAL flush (``LEARNER_WRITES_ASYNC_COMMIT``) and
the setting ends with that statement; a graded quiz attempt always waits for the flush; two
pings of one learner at once both count in the daily rollup, which still equals a rebuild.

These tests commit their own rows through ``django_db_blocker.unblock()`` (other connections
must see them) and delete them after, as ``assessment/tests/test_concurrency.py`` does."""

import uuid

from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from tenant_apps.accounts.services import session_start
from tenant_apps.accounts.tests.factories import UserFactory
from tenant_apps.activity.models import ActivityLog, DailyActivity, TimeSpent, UserActivity
from tenant_apps.activity.rollups import rollups_rebuild
from tenant_apps.assessment.tests.concurrency import run_together
from tenant_apps.lms.models import ContentProgress, Course, Enrollment, Submission
from tenant_apps.lms.tests.factories import course_build
from tenants.models import Client
from tenants.schema import use_public_schema

SYNC_OFF = "set_config('synchronous_commit', 'off', true)"


def _rollup(user_id):
    return list(
        DailyActivity.objects.filter(user_id=user_id).order_by("day").values_list("day", "events", "seconds", "minutes")
    )


def _cleanup(schema, user_ids, course_ids):
    with schema_context(schema):
        for model in (UserActivity, ActivityLog, TimeSpent, DailyActivity, Submission, ContentProgress, Enrollment):
            model.objects.filter(user_id__in=user_ids).delete()
        Course.objects.filter(id__in=course_ids).delete()
        from tenant_apps.accounts.models import User

        User.objects.filter(id__in=user_ids).delete()
    use_public_schema()


def test_repeated_writes_are_one_statement_and_only_pings_skip_the_flush(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        client = Client.objects.get(slug="alpha")
        with schema_context(client.schema_name):
            user = UserFactory(email=f"commits-{uuid.uuid4().hex[:8]}@example.test")
            course = course_build(content_types=("Article", "VideoTutorial", "Quiz"))
            Enrollment.objects.create(course=course, user=user)
            contents = {c.content_type: c for c in course.modules.get().submodules.get().contents.all()}
            quiz = contents["Quiz"].quiz
            assert quiz is not None
            mcqs = [link.mcq for link in quiz.quiz_mcqs.all()]
            token = session_start(user=user, client_id=client.id).access
        use_public_schema()
        http = HttpClient(headers={"Authorization": f"Bearer {token}"})
        base = f"/activity/clients/{client.id}/"
        writes = {
            "complete": (f"{base}courses/{course.id}/content/{contents['Article'].id}/?activity_type=Article", {}),
            "track": (f"{base}track-time/", {"content_id": contents["VideoTutorial"].id, "time_spent_minutes": 1}),
            "quiz": (
                f"{base}courses/{course.id}/content/{contents['Quiz'].id}/?activity_type=Quiz",
                {"userAnswers": [{"questionId": mcq.id, "selectedOption": "A"} for mcq in mcqs]},
            ),
        }

        def run(name):
            path, body = writes[name]
            with CaptureQueriesContext(connection) as captured:
                response = http.post(path, body, content_type="application/json")
            assert response.status_code in (200, 201), response.content
            with connection.cursor() as cursor:
                cursor.execute("SHOW synchronous_commit")
                assert cursor.fetchone()[0] == "on", name  # nothing left on the session
            return [q["sql"] for q in captured.captured_queries if not q["sql"].startswith("SET search_path")]

        try:
            first = {name: run(name) for name in writes}
            again = {name: run(name) for name in writes}
            # then: a first quiz attempt is a transaction that waits for the flush
            assert "BEGIN" in first["quiz"] and not any("synchronous_commit" in sql for sql in first["quiz"])
            # a first completion is a transaction that skips it
            assert "BEGIN" in first["complete"] and "SET LOCAL synchronous_commit TO OFF" in first["complete"]
            # again: auth, enrollment, one statement; pings skip the flush, the quiz never does
            for name, statements in again.items():
                assert len(statements) == 3, (name, statements)
                assert "BEGIN" not in statements and "COMMIT" not in statements
            assert SYNC_OFF in again["complete"][2] and SYNC_OFF in again["track"][2]
            assert "synchronous_commit" not in again["quiz"][2]
            # and the rows are there, committed (another connection sees them)
            with schema_context(client.schema_name):
                assert UserActivity.objects.filter(user=user, activity_type="complete").count() == 2
                submit_events = UserActivity.objects.filter(user=user, activity_type="submit").order_by("id")
                submissions = Submission.objects.filter(user=user).order_by("id")
                assert [e.metadata for e in submit_events] == [
                    {"submission_id": s.id, "status": s.status} for s in submissions
                ]
                progress = ContentProgress.objects.get(user=user, content=contents["Quiz"])
                assert progress.attempts == 2 and progress.is_completed
                incremental = _rollup(user.id)
                rollups_rebuild(user_ids=[user.id])
                assert _rollup(user.id) == incremental
                assert incremental[0][1:] == (4, 120, 2)  # 2 completions, 2 submits; 2 pings of 1 minute
        finally:
            _cleanup(client.schema_name, [user.id], [course.id])


def test_two_pings_of_one_learner_at_once_both_count(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        client = Client.objects.get(slug="alpha")
        with schema_context(client.schema_name):
            user = UserFactory(email=f"pings-{uuid.uuid4().hex[:8]}@example.test")
            course = course_build(content_types=("Article", "VideoTutorial"))
            Enrollment.objects.create(course=course, user=user)
            contents = {c.content_type: c for c in course.modules.get().submodules.get().contents.all()}
            token = session_start(user=user, client_id=client.id).access
        use_public_schema()
        path = f"/activity/clients/{client.id}/track-time/"

        def ping(content_id, minutes):
            def send():
                response = HttpClient(headers={"Authorization": f"Bearer {token}"}).post(
                    path, {"content_id": content_id, "time_spent_minutes": minutes}, content_type="application/json"
                )
                return response.status_code

            return send

        try:
            # given: each content has its row today (so both pings take the one-statement path)
            assert run_together([ping(contents["Article"].id, 1), ping(contents["VideoTutorial"].id, 2)]) == [200, 200]
            # when: many pings on both at once, in rounds
            for _ in range(5):
                statuses = run_together([ping(contents["Article"].id, 1), ping(contents["VideoTutorial"].id, 2)])
                assert statuses == [200, 200]
            # then: every second counted, and the rollup equals a rebuild from the rows
            with schema_context(client.schema_name):
                seconds = sorted(TimeSpent.objects.filter(user=user).values_list("seconds", flat=True))
                assert seconds == [6 * 60, 12 * 60]
                incremental = _rollup(user.id)
                assert incremental[0][1:] == (0, 18 * 60, 18)
                rollups_rebuild(user_ids=[user.id])
                assert _rollup(user.id) == incremental
        finally:
            _cleanup(client.schema_name, [user.id], [course.id])


def test_quiz_attempts_of_one_learner_at_once_each_count_once(django_db_setup, django_db_blocker):
    """Four attempts at one quiz at the same moment, first attempts (the progress row does not
    exist yet: the transaction path, racing on its upsert) and then again (the one-statement
    path, queued on the progress row): every one answers 201 and counts once: its attempt,
    its submission and its ``submit`` event, and the rollup equals a rebuild."""
    with django_db_blocker.unblock():
        client = Client.objects.get(slug="alpha")
        with schema_context(client.schema_name):
            user = UserFactory(email=f"attempts-{uuid.uuid4().hex[:8]}@example.test")
            course = course_build(content_types=("Article", "Quiz"))
            Enrollment.objects.create(course=course, user=user)
            quiz = next(c for c in course.modules.get().submodules.get().contents.all() if c.content_type == "Quiz")
            assert quiz.quiz is not None
            mcqs = [link.mcq for link in quiz.quiz.quiz_mcqs.all()]
            token = session_start(user=user, client_id=client.id).access
        use_public_schema()
        path = f"/activity/clients/{client.id}/courses/{course.id}/content/{quiz.id}/?activity_type=Quiz"

        def attempt(right: bool):
            letter = (lambda mcq: "ABCD"[mcq.correct_answer]) if right else (lambda mcq: "ABCD"[mcq.correct_answer - 1])
            body = {"userAnswers": [{"questionId": mcq.id, "selectedOption": letter(mcq)} for mcq in mcqs]}

            def send():
                response = HttpClient(headers={"Authorization": f"Bearer {token}"}).post(
                    path, body, content_type="application/json"
                )
                return response.status_code

            return send

        try:
            # when: four first attempts at once, then four more (one of them all right) at once
            assert run_together([attempt(False) for _ in range(4)]) == [201] * 4
            assert run_together([attempt(n == 2) for n in range(4)]) == [201] * 4
            # then: eight attempts, eight submissions, each with its one submit event
            with schema_context(client.schema_name):
                progress = ContentProgress.objects.get(user=user, content=quiz)
                assert progress.attempts == 8 and progress.is_completed
                assert progress.best_score == progress.max_score == len(mcqs)
                submissions = list(Submission.objects.filter(user=user).order_by("id"))
                assert len(submissions) == 8
                events = UserActivity.objects.filter(user=user, activity_type="submit").order_by("id")
                assert sorted(e.metadata["submission_id"] for e in events) == [s.id for s in submissions]
                incremental = _rollup(user.id)
                rollups_rebuild(user_ids=[user.id])
                assert _rollup(user.id) == incremental
                assert incremental[0][1] == 8
        finally:
            _cleanup(client.schema_name, [user.id], [course.id])
