"""Selectors the student dashboard reads lms through (rules tested at the selector)."""

from datetime import date
from decimal import Decimal

from django.db.models import OuterRef
from django_tenants.utils import schema_context

from tenant_apps.accounts.models import Role, User
from tenant_apps.activity import selectors as activity_selectors
from tenant_apps.activity.models import TimeSpent
from tenant_apps.lms import selectors
from tenant_apps.lms.models import Content, ContentProgress, Enrollment
from tenant_apps.lms.tests.factories import course_build
from tests.queries import StatementCount


def _contents(course) -> list[Content]:
    return list(Content.objects.filter(submodule__module__course=course).order_by("order", "id"))


def test_continue_learning_rows_are_touched_unfinished_enrolled_courses(client_a, make_user):
    # given: a course with progress, one touched only by tracked time, one untouched, one finished,
    # and one touched but not enrolled in
    student = make_user(client_a)
    with schema_context(client_a.schema_name):
        started, tracked, untouched, finished, foreign = (
            course_build(content_types=("Article", "Quiz")) for _ in range(5)
        )
        for course in (started, tracked, untouched, finished):
            Enrollment.objects.create(course=course, user=student)
        ContentProgress.objects.create(user=student, content=_contents(started)[0], is_completed=True)
        for content in _contents(finished):
            ContentProgress.objects.create(user=student, content=content, is_completed=True)
        TimeSpent.objects.create(
            user=student, course=tracked, content=_contents(tracked)[0], date=date.today(), minutes=3
        )
        TimeSpent.objects.create(
            user=student, course=foreign, content=_contents(foreign)[0], date=date.today(), minutes=3
        )
        up_next = _contents(started)[1]
        touches = activity_selectors.course_touches(user_id=student.id, course_ref=OuterRef("pk"))
        # when
        # the client's zone (the cards' streak days; read by name outside a request, where
        # schema_context holds no client row), then the rows
        with StatementCount(1 + 1):
            rows = list(selectors.continue_learning_rows(user_id=student.id, touched_at=touches))
    # then: most recently accessed first (the time was tracked after the progress), and the
    # next content is the first one not completed
    seen = [(row.id, row.next_content, row.last_accessed_at) for row in rows]  # type: ignore[attr-defined]
    assert [course_id for course_id, _, _ in seen] == [tracked.id, started.id]
    assert seen[1][1] == {"id": up_next.id, "title": up_next.title}
    assert seen[0][2] >= seen[1][2]


def test_overall_ranking_scores_enrolled_learners_over_their_courses(client_a, make_user):
    # given: two enrolled learners (one with marks in two courses), one learner not enrolled
    top, second, idle = make_user(client_a), make_user(client_a), make_user(client_a)
    with schema_context(client_a.schema_name):
        first_course, last_course = course_build(content_types=("Quiz",)), course_build(content_types=("Quiz",))
        Enrollment.objects.create(course=first_course, user=top)
        Enrollment.objects.create(course=last_course, user=top)
        Enrollment.objects.create(course=first_course, user=second)
        for course in (first_course, last_course):
            ContentProgress.objects.create(
                user=top, content=_contents(course)[0], is_completed=True, best_score=Decimal("4.00")
            )
        ContentProgress.objects.create(user=second, content=_contents(first_course)[0], best_score=Decimal("1.50"))
        learners = User.objects.filter(role=Role.STUDENT, is_active=True)
        # when
        with StatementCount(2):
            rows = selectors.overall_ranking(learners=learners)
    # then: marks + 10 per completed content, summed over the courses; idle is left out
    named = [(row.id, row.rank, row.score, row.course_name) for row in rows]  # type: ignore[attr-defined]
    assert named == [
        (top.id, 1, Decimal("28.00"), last_course.title),
        (second.id, 2, Decimal("1.50"), first_course.title),
    ]
    assert idle.id not in {row.id for row in rows}


def test_recommended_course_rows_rank_shared_instructors_then_peers(client_a, make_user):
    # given: the student's course, a course its peer takes, and an untaken course
    student, peer = make_user(client_a), make_user(client_a)
    with schema_context(client_a.schema_name):
        mine, peers_course, untaken = (course_build(content_types=()) for _ in range(3))
        Enrollment.objects.create(course=mine, user=student)
        Enrollment.objects.create(course=mine, user=peer)
        Enrollment.objects.create(course=peers_course, user=peer)
        # when
        with StatementCount(1):
            rows = selectors.recommended_course_rows(user_id=student.id, limit=10)
    # then: the enrolled course is left out; peers first, then the rest, newest first
    assert [(row.id, row.peer_count, row.same_instructor_as) for row in rows] == [
        (peers_course.id, 1, None),
        (untaken.id, 0, None),
    ]
