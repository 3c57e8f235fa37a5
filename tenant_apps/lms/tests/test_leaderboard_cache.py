"""The course and overall leaderboards are ranked once per client and version and shared:
progress, enrollment, profile and authoring writes show in the next read, e-mails stay per
viewer, and one client's board never answers another's."""

from decimal import Decimal

from django.core.cache import cache as shared_cache
from django_tenants.utils import schema_context

from core import cache
from tenant_apps.lms import leaderboards
from tenant_apps.lms.cache import PROGRESS
from tenant_apps.lms.models import ContentProgress, Course, Enrollment
from tenant_apps.lms.tests.factories import course_build
from tests.queries import StatementCount


def board(client, course) -> str:
    return f"/lms/clients/{client.id}/courses/{course.id}/leaderboard/"


def overall(client) -> str:
    return f"/api/clients/{client.id}/overall-leaderboard/"


def ranks(rows) -> list[tuple]:
    return [(row["id"], row["score"], row["rank"]) for row in rows]


def test_writes_show_in_the_next_read(client_a, as_user, in_a):
    # given: two enrolled students, the boards read once (cached)
    api, me = as_user(client_a)
    peer_api, peer = as_user(client_a)
    with in_a():
        course = course_build(content_types=("Article", "Quiz"))
        article, quiz = course.modules.get().submodules.get().contents.order_by("order")
        for user in (me, peer):
            Enrollment.objects.create(course=course, user=user)
    assert ranks(api.get(board(client_a, course)).json()) == [(me.id, 0.0, 1), (peer.id, 0.0, 1)]
    assert ranks(api.get(overall(client_a)).json()) == [(me.id, 0.0, 1), (peer.id, 0.0, 1)]
    with StatementCount(1):  # auth only: the course's visibility and the ranked rows come from the cache
        api.get(board(client_a, course))
    with StatementCount(1):  # auth only
        api.get(overall(client_a))
    # when / then: a completion through the activity API (progress_complete)
    activity = f"/activity/clients/{client_a.id}/courses/{course.id}/content/"
    assert peer_api.post(f"{activity}{article.id}/?activity_type=Article", {}).status_code == 201
    assert ranks(api.get(board(client_a, course)).json()) == [(peer.id, 10.0, 1), (me.id, 0.0, 2)]
    assert ranks(api.get(overall(client_a)).json())[0] == (peer.id, 10.0, 1)
    # a graded quiz (QuerySet.update of the best score)
    with in_a():
        assert quiz.quiz is not None
        answers = [{"questionId": link.mcq.id, "selectedOption": "B"} for link in quiz.quiz.quiz_mcqs.all()]
    assert api.post(f"{activity}{quiz.id}/?activity_type=Quiz", {"userAnswers": answers}).status_code == 201
    mine = next(row for row in api.get(board(client_a, course)).json() if row["id"] == me.id)
    assert mine["completed_contents"] == 1 and mine["score"] == 10.0 + mine["marks"]
    # a new enrollment, a renamed learner
    newcomer_api, newcomer = as_user(client_a)
    with in_a():
        Enrollment.objects.create(course=course, user=newcomer)
        peer.first_name = "Renamed"
        peer.save(update_fields=["first_name"])
    rows = api.get(board(client_a, course)).json()
    assert newcomer.id in {row["id"] for row in rows}
    assert next(row for row in rows if row["id"] == peer.id)["name"].startswith("Renamed")
    assert newcomer.id in {row["id"] for row in api.get(overall(client_a)).json()}
    # progress written around the services (a model save) too
    with in_a():
        ContentProgress.objects.create(user=newcomer, content=quiz, best_score=Decimal("50"))
    assert ranks(api.get(board(client_a, course)).json())[0] == (newcomer.id, 50.0, 1)


def test_a_repeat_attempt_bumps_progress_only_when_it_raises_the_best_score(client_a, as_user, in_a):
    """What the leaderboards hold of a progress row is its completion and best score: an
    attempt on a completed quiz that does not raise the best score leaves ``lms.progress``
    (and every board) as it was; a better one is seen by the next read."""
    # given: a quiz of two questions, completed with nothing right (0 marks)
    api, me = as_user(client_a)
    with in_a():
        course = course_build(content_types=("Quiz",))
        (quiz,) = course.modules.get().submodules.get().contents.all()
        Enrollment.objects.create(course=course, user=me)
        assert quiz.quiz is not None
        mcqs = [link.mcq for link in quiz.quiz.quiz_mcqs.order_by("order")]
    assert len(mcqs) == 2

    def answers(right: int) -> dict:
        letters = [
            "ABCD"[mcq.correct_answer] if n < right else "ABCD"[(mcq.correct_answer + 1) % len(mcq.options)]
            for n, mcq in enumerate(mcqs)
        ]
        return {"userAnswers": [{"questionId": m.id, "selectedOption": x} for m, x in zip(mcqs, letters, strict=True)]}

    def submit(right: int) -> str:
        path = f"/activity/clients/{client_a.id}/courses/{course.id}/content/{quiz.id}/?activity_type=Quiz"
        assert api.post(path, answers(right)).status_code == 201
        with in_a():
            return cache.version(PROGRESS)

    def mine() -> tuple:
        row = next(row for row in api.get(board(client_a, course)).json() if row["id"] == me.id)
        return row["marks"], row["completed_contents"]

    with in_a():
        before = cache.version(PROGRESS)
    first = submit(0)
    assert first != before  # the first attempt completes the quiz
    assert mine() == (0.0, 1)
    # when / then: the same score again (the one-statement path) changes nothing a board reads
    assert submit(0) == first
    with StatementCount(1):  # auth only: the board is still the cached one
        assert mine() == (0.0, 1)
    # a better score is seen by the next read; the same better score again is not a change
    better = submit(1)
    assert better != first
    assert mine() == (1.0, 1)
    assert submit(1) == better
    assert submit(0) == better  # a worse one neither
    with in_a():
        row = ContentProgress.objects.get(user=me, content=quiz)
        assert (row.attempts, row.best_score, row.is_completed) == (5, Decimal("1.00"), True)
    assert mine() == (1.0, 1)


def test_emails_are_per_viewer(client_a, as_user, in_a):
    api, me = as_user(client_a)
    admin, _ = as_user(client_a, role="admin")
    _, peer = as_user(client_a)
    with in_a():
        course = course_build(content_types=("Article",))
        for user in (me, peer):
            Enrollment.objects.create(course=course, user=user)
    for path in (board(client_a, course), overall(client_a)):
        seen = {row["id"]: row["email"] for row in api.get(path).json()}
        assert seen == {me.id: me.email, peer.id: None}
        assert {row["id"]: row["email"] for row in admin.get(path).json()} == {me.id: me.email, peer.id: peer.email}
        # and the student's view again: the admin's read did not leak into the shared rows
        assert {row["id"]: row["email"] for row in api.get(path).json()} == seen


def test_a_clients_board_never_answers_another(client_a, client_b, as_user, in_a):
    api_a, me_a = as_user(client_a)
    api_b, me_b = as_user(client_b)
    with in_a():
        course_a = course_build(content_types=("Article",))
        Enrollment.objects.create(course=course_a, user=me_a)
    with schema_context(client_b.schema_name):
        course_b = course_build(content_types=("Article",))
        Enrollment.objects.create(course=course_b, user=me_b)
    assert [row["id"] for row in api_a.get(overall(client_a)).json()] == [me_a.id]
    assert [row["id"] for row in api_b.get(overall(client_b)).json()] == [me_b.id]
    assert [row["id"] for row in api_a.get(board(client_a, course_a)).json()] == [me_a.id]
    assert [row["id"] for row in api_b.get(board(client_b, course_b)).json()] == [me_b.id]
    assert api_a.get(overall(client_b)).status_code == 401  # A's token on B's path
    assert api_b.get(f"/lms/clients/{client_b.id}/courses/999999/leaderboard/").status_code == 404


def _lock_of_overall_board(client) -> str:
    with schema_context(client.schema_name):
        versions = cache.versions([leaderboards.PROGRESS, leaderboards.SOCIAL, leaderboards.TREE])
        return leaderboards._shared_names("overall-board", versions)[2]


def test_a_board_is_built_once_for_every_process(client_a, as_user, in_a):
    # given: a board one process built (the shared copy in Django's cache)
    api, me = as_user(client_a)
    with in_a():
        course = course_build(content_types=("Article",))
        Enrollment.objects.create(course=course, user=me)
    first = api.get(board(client_a, course)).json()
    # when: another process (no entries of its own) reads it
    cache.clear_local()
    # then: it takes the shared copy instead of ranking again (auth, and its own course
    # shapes for the visibility check: those stay per process)
    with StatementCount(1 + 3) as counted:
        assert api.get(board(client_a, course)).json() == first
    assert not [sql for sql in counted.statements if "lms_contentprogress" in sql]
    assert api.get(overall(client_a)).json()  # built and shared
    cache.clear_local()
    with StatementCount(1):
        api.get(overall(client_a))


def test_while_another_process_rebuilds_the_last_board_is_served(client_a, as_user, in_a):
    # given: the overall board built, then a completion (a new progress version)
    api, me = as_user(client_a)
    peer_api, peer = as_user(client_a)
    with in_a():
        course = course_build(content_types=("Article",))
        article = course.modules.get().submodules.get().contents.get()
        for user in (me, peer):
            Enrollment.objects.create(course=course, user=user)
    before = ranks(api.get(overall(client_a)).json())
    assert before == [(me.id, 0.0, 1), (peer.id, 0.0, 1)]
    activity = f"/activity/clients/{client_a.id}/courses/{course.id}/content/"
    assert peer_api.post(f"{activity}{article.id}/?activity_type=Article", {}).status_code == 201
    # when: another process holds the rebuild of the new version
    lock = _lock_of_overall_board(client_a)
    assert shared_cache.add(lock, 1, timeout=60)
    try:
        # then: readers get the last board at once (no ranking: auth only) ...
        with StatementCount(1):
            assert ranks(api.get(overall(client_a)).json()) == before
    finally:
        shared_cache.delete(lock)
    # ... and the next read once the rebuild is free is the new board (the stale one was not kept)
    assert ranks(api.get(overall(client_a)).json()) == [(peer.id, 10.0, 1), (me.id, 0.0, 2)]


def test_with_no_board_yet_a_reader_waits_for_the_builder_then_builds(client_a, as_user, in_a, monkeypatch):
    api, me = as_user(client_a)
    with in_a():
        course = course_build(content_types=("Article",))
        Enrollment.objects.create(course=course, user=me)
    lock = _lock_of_overall_board(client_a)
    assert shared_cache.add(lock, 1, timeout=60)
    monkeypatch.setattr(leaderboards, "WAIT_SECONDS", 0.05)
    try:
        # a builder that never finishes: the reader builds the board itself after the wait
        assert ranks(api.get(overall(client_a)).json()) == [(me.id, 0.0, 1)]
    finally:
        shared_cache.delete(lock)


def test_an_inactive_course_board_is_404_for_students_not_staff(client_a, as_user, in_a):
    api, me = as_user(client_a)
    admin, _ = as_user(client_a, role="admin")
    with in_a():
        course = course_build(content_types=("Article",))
        Enrollment.objects.create(course=course, user=me)
    assert api.get(board(client_a, course)).status_code == 200
    with in_a():
        Course.objects.filter(id=course.id).update(is_active=False)
        cache.bump(leaderboards.TREE)  # a bulk write: the services call tree_changed()
    assert api.get(board(client_a, course)).status_code == 404
    assert [row["id"] for row in admin.get(board(client_a, course)).json()] == [me.id]
    assert admin.get(f"{board(client_a, course)}?page=2&page_size=1").json() == []


def daily(client) -> str:
    return f"/api/clients/{client.id}/student/daily-progress-leaderboard/"


def test_the_daily_board_is_shared_between_processes_and_sees_the_next_write(client_a, as_user, in_a):
    # given: two enrolled students, one of whom tracked time today; the daily board read once
    api, me = as_user(client_a)
    peer_api, peer = as_user(client_a)
    admin, _ = as_user(client_a, role="admin")
    with in_a():
        course = course_build(content_types=("Article",))
        article = course.modules.get().submodules.get().contents.get()
        for user in (me, peer):
            Enrollment.objects.create(course=course, user=user)
    track = f"/activity/clients/{client_a.id}/track-time/"
    assert api.post(track, {"content_id": article.id, "time_spent_minutes": 3}).status_code == 200
    first = api.get(daily(client_a)).json()
    assert [(row["id"], row["score"], row["rank"]) for row in first] == [(me.id, 3, 1)]
    # when: another process (no entries of its own) reads it: the shared copy, auth only
    cache.clear_local()
    with StatementCount(1):
        assert api.get(daily(client_a)).json() == first
    # then: a write shows in the next read, e-mails stay per viewer, limit still applies
    assert peer_api.post(track, {"content_id": article.id, "time_spent_minutes": 5}).status_code == 200
    rows = api.get(daily(client_a)).json()
    assert [(row["id"], row["score"], row["rank"]) for row in rows] == [(peer.id, 5, 1), (me.id, 3, 2)]
    assert {row["id"]: row["email"] for row in rows} == {me.id: me.email, peer.id: None}
    assert {row["id"]: row["email"] for row in admin.get(daily(client_a)).json()} == {
        me.id: me.email,
        peer.id: peer.email,
    }
    assert [row["id"] for row in api.get(f"{daily(client_a)}?limit=1").json()] == [peer.id]
