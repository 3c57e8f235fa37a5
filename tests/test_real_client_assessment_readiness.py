"""Contract test: H's readiness card on the assessment instructions page (docs/real-client.md,
"Assessment readiness").

H's ``/assessments/{slug}`` calls ``GET assessment-readiness/{slug}/`` and shows nothing unless
``available`` is true; then it reads ``overall_band`` (text), ``practice_accuracy``,
``topic_coverage``, ``confidence`` (0-100 numbers, rounded for bars) and ``softest_topic{name,
accuracy}``; ``skills[{name, proficiency, attempts}]`` and ``reason`` are declared.
"""

from decimal import Decimal

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from tenant_apps.assessment.models import Submission, SubmissionStatus
from tenant_apps.assessment.tests.factories import AssessmentFactory
from tenant_apps.lms.models import Content, ContentProgress, ContentType, Enrollment
from tenant_apps.lms.tests.factories import course_build
from tests.queries import StatementCount

pytestmark = pytest.mark.django_db

TYPES = (ContentType.ARTICLE, ContentType.QUIZ, ContentType.CODING_PROBLEM)


def url(client, slug="aptitude") -> str:
    return f"/assessment/api/client/{client.id}/assessment-readiness/{slug}/"


@pytest.fixture
def aptitude(client_a):
    with schema_context(client_a.schema_name):
        return AssessmentFactory(title="Aptitude", slug="aptitude")


def practise(user, course, *, quiz=(2, 4, 2), article_done=True) -> None:
    """Enrol ``user``; the quiz scored best/max over attempts (completed), the article done."""
    Enrollment.objects.create(course=course, user=user)
    contents = {c.content_type: c for c in Content.objects.filter(submodule__module__course=course)}
    best, maximum, attempts = quiz
    ContentProgress.objects.create(
        user=user,
        content=contents[ContentType.QUIZ],
        is_completed=True,
        best_score=Decimal(best),
        max_score=Decimal(maximum),
        attempts=attempts,
    )
    if article_done:
        ContentProgress.objects.create(user=user, content=contents[ContentType.ARTICLE], is_completed=True)


def took(user, *, title: str, obtained: int, maximum: int) -> None:
    other = AssessmentFactory(title=title)
    Submission.objects.create(
        assessment=other,
        user=user,
        status=SubmissionStatus.SUBMITTED,
        started_at=timezone.now(),
        submitted_at=timezone.now(),
        marks_obtained=Decimal(obtained),
        max_marks=Decimal(maximum),
        score=Decimal(obtained * 100) / maximum,
    )


def test_readiness_from_course_practice_and_other_results(client_a, as_user, aptitude):
    # given: a course of an article, a quiz and a coding problem: the quiz 2/4, the article done;
    # another assessment 3/4; a course the learner is not enrolled in, with progress, is ignored
    api, user = as_user(client_a)
    with schema_context(client_a.schema_name):
        python = course_build(title="Python", content_types=TYPES)
        practise(user, python)
        took(user, title="SQL test", obtained=3, maximum=4)
        stray = course_build(title="Stray", content_types=TYPES)
        quiz = Content.objects.get(submodule__module__course=stray, content_type=ContentType.QUIZ)
        ContentProgress.objects.create(user=user, content=quiz, best_score=0, max_score=Decimal(10), attempts=1)

    # when
    response = api.get(url(client_a))

    # then: accuracy (2+3)/(4+4); coverage 2 of 3 contents; confidence (1 quiz + 1 result) of
    # (2 graded + 1 result); band 62.5 +/- (5 + 15 x (100 - 66.67) / 100)
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["available"] is True and body["reason"] is None
    assert body["practice_accuracy"] == 62.5
    assert body["topic_coverage"] == 66.67
    assert body["confidence"] == 66.67
    assert body["overall_band"] == "53-72%"
    assert body["skills"] == [
        {"name": "SQL test", "proficiency": 75.0, "attempts": 1},
        {"name": "Python", "proficiency": 50.0, "attempts": 2},
    ]
    assert body["softest_topic"] == {"name": "Python", "accuracy": 50.0}


def test_this_assessments_own_result_is_not_evidence(client_a, as_user, aptitude):
    api, user = as_user(client_a)
    with schema_context(client_a.schema_name):
        took(user, title="Other", obtained=1, maximum=2)
        Submission.objects.create(
            assessment=aptitude,
            user=user,
            status=SubmissionStatus.SUBMITTED,
            started_at=timezone.now(),
            marks_obtained=Decimal(2),
            max_marks=Decimal(2),
        )
    body = api.get(url(client_a)).json()
    assert body["practice_accuracy"] == 50.0 and [s["name"] for s in body["skills"]] == ["Other"]
    assert body["softest_topic"] is None  # one skill: nothing softer than another


def test_no_evidence_no_numbers(client_a, as_user, aptitude):
    api, user = as_user(client_a)
    body = api.get(url(client_a)).json()
    assert body["available"] is False and "enrolments" in body["reason"]
    assert [body[k] for k in ("overall_band", "practice_accuracy", "topic_coverage", "confidence")] == [None] * 4
    assert body["skills"] == [] and body["softest_topic"] is None
    # enrolled, an article read, no graded practice yet
    with schema_context(client_a.schema_name):
        course = course_build(title="Python", content_types=TYPES)
        Enrollment.objects.create(course=course, user=user)
    body = api.get(url(client_a)).json()
    assert body["available"] is False and "graded practice" in body["reason"]


def test_unknown_inactive_and_other_clients(client_a, client_b, as_user, aptitude):
    api, _ = as_user(client_a)
    stranger, _ = as_user(client_b)
    assert api.get(url(client_a, "nosuch")).status_code == 404
    assert stranger.get(url(client_a)).status_code == 401
    assert stranger.get(url(client_b)).status_code == 404
    with schema_context(client_a.schema_name):
        aptitude.is_active = False
        aptitude.save()
    assert api.get(url(client_a)).status_code == 404


def test_a_visiting_platform_admin_gets_no_estimate(client_a, platform_admin, aptitude):
    api, _ = platform_admin
    body = api.get(url(client_a)).json()
    assert body["available"] is False and body["skills"] == []


def test_statements_do_not_grow_with_courses_or_results(client_a, client_b, as_user):
    counts = []
    for client, size in ((client_a, 1), (client_b, 4)):
        api, user = as_user(client)
        with schema_context(client.schema_name):
            AssessmentFactory(slug="aptitude")
            for i in range(size):
                practise(user, course_build(title=f"C{i}", content_types=TYPES))
                took(user, title=f"T{i}", obtained=1, maximum=2)
        with StatementCount() as counted:
            response = api.get(url(client))
        assert len(response.json()["skills"]) == 2 * size
        counts.append(counted.count)
    assert counts[0] == counts[1], counts
