"""Selectors the admin router and other apps read lms through (rules tested at the selector)."""

import pytest
from django.db.models import Exists
from django_tenants.utils import schema_context

from tenant_apps.lms import selectors
from tenant_apps.lms.errors import ContentNotFound
from tenant_apps.lms.models import Article, ContentProgress, Enrollment, Quiz, SubmissionStatus
from tenant_apps.lms.schemas import AssignmentSubmissionFilter, ContentFilter
from tenant_apps.lms.tests.factories import course_build
from tests.queries import StatementCount


def test_library_get_finds_a_row_and_404s_a_missing_one(client_a):
    with schema_context(client_a.schema_name):
        course_build(content_types=("Article",))
        article = Article.objects.get()
        assert selectors.library_get(model=Article, pk=article.pk) == article
        with pytest.raises(ContentNotFound):
            selectors.library_get(model=Article, pk=article.pk + 1000)


@pytest.mark.parametrize("quizzes", [1, 4])
def test_quiz_library_reads_its_questions_in_two_queries(client_a, quizzes):
    with schema_context(client_a.schema_name):
        course_build(submodules=quizzes, content_types=("Quiz",))
        with StatementCount(2):  # quizzes, then their questions with the MCQs joined
            rows = list(selectors.library_list(model=Quiz))
            assert all(len(quiz.quiz_mcqs.all()) == 2 for quiz in rows)
        assert len(rows) == quizzes


def test_content_filter_narrows_by_type_and_course(client_a):
    with schema_context(client_a.schema_name):
        first = course_build()
        course_build()
        by_course = selectors.admin_content_list(filters=ContentFilter(course_id=first.id))
        assert {c.submodule.module.course_id for c in by_course} == {first.id} and by_course.count() == 5
        quizzes = selectors.admin_content_list(filters=ContentFilter(content_type="Quiz"))
        assert quizzes.count() == 2 and {c.content_type for c in quizzes} == {"Quiz"}
        assert selectors.admin_content_list(filters=ContentFilter()).count() == 10


def test_assignment_submission_filter_by_status(client_a):
    with schema_context(client_a.schema_name):
        assert not selectors.assignment_submission_list(
            filters=AssignmentSubmissionFilter(status=SubmissionStatus.SUBMITTED)
        ).exists()


def test_course_ids_present_names_only_existing_courses(client_a):
    with schema_context(client_a.schema_name):
        course = course_build(content_types=())
        assert selectors.course_ids_present(course_ids=[course.id, course.id + 1000]) == {course.id}


def test_course_brief_get_skips_inactive_courses(client_a):
    with schema_context(client_a.schema_name):
        active = course_build(content_types=())
        hidden = course_build(content_types=(), is_active=False)
        assert selectors.course_brief_get(course_id=active.id) == active
        assert selectors.course_brief_get(course_id=hidden.id) is None


def test_content_left_in_course_of_agrees_with_the_finished_courses(client_a, make_user):
    """The certificate trigger's probe: True while the course holding the content has one the
    learner has not completed (then ``finished_course_rows`` finds nothing), False once every
    content is completed; another course's and another learner's completions do not count."""
    learner, other = make_user(client_a), make_user(client_a)
    with schema_context(client_a.schema_name):
        course = course_build(modules=2, content_types=("Article", "Quiz"))
        elsewhere = course_build(content_types=("Article",))
        Enrollment.objects.create(course=course, user_id=learner.id)
        contents = list(selectors.course_contents(course.id).order_by("id"))
        nothing = Exists(Enrollment.objects.none())

        def finished() -> bool:
            rows = selectors.finished_course_rows(user_id=learner.id, unless=nothing, content_id=contents[0].id)
            return [row.id for row in rows] == [course.id]

        for content in [*selectors.course_contents(elsewhere.id), *contents]:
            ContentProgress.objects.create(user_id=other.id, content=content, is_completed=True)
        ContentProgress.objects.create(
            user_id=learner.id, content=elsewhere.modules.get().submodules.get().contents.get(), is_completed=True
        )
        for n, content in enumerate(contents):
            with StatementCount(1):
                assert selectors.content_left_in_course_of(user_id=learner.id, content_id=content.id)
            assert not finished()
            ContentProgress.objects.create(user_id=learner.id, content=content, is_completed=n != 1)
        assert selectors.content_left_in_course_of(user_id=learner.id, content_id=contents[0].id)  # one not completed
        ContentProgress.objects.filter(user_id=learner.id, content=contents[1]).update(is_completed=True)
        assert not selectors.content_left_in_course_of(user_id=learner.id, content_id=contents[-1].id)
        assert finished()
