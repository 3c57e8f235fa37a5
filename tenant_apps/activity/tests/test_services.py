"""``content_activity_create``: the rules of Activity API 1 at the service, on real rows."""

import pytest
from django_tenants.utils import schema_context

from core.errors import FieldErrors
from tenant_apps.accounts.actor import Actor
from tenant_apps.activity.models import ActivityType, UserActivity
from tenant_apps.activity.services import CodeRun, Recorded, content_activity_create
from tenant_apps.lms.models import ContentProgress, Enrollment, Submission
from tenant_apps.lms.tests.factories import course_build


@pytest.fixture
def learner(client_a, make_user):
    """(actor, course, contents by type) for a student enrolled in a course of every content type."""
    student = make_user(client_a)
    with schema_context(client_a.schema_name):
        course = course_build()
        Enrollment.objects.create(course=course, user=student)
        contents = {c.content_type: c for c in course.modules.get().submodules.get().contents.all()}
    return Actor.at_home(student, client_a), course, contents


def _written(student_id: int) -> tuple[int, int, int]:
    return (
        Submission.objects.filter(user_id=student_id).count(),
        UserActivity.objects.filter(user_id=student_id).count(),
        ContentProgress.objects.filter(user_id=student_id).count(),
    )


def test_a_graded_quiz_and_its_submit_event_are_stored_together(client_a, learner):
    # given
    actor, course, contents = learner
    quiz = contents["Quiz"]
    with schema_context(client_a.schema_name):
        # when
        outcome = content_activity_create(
            actor=actor,
            course=course,
            content=quiz,
            activity_type=None,
            metadata=None,
            content_kind="Quiz",
            answers=[{"questionIndex": 0, "selectedOption": "B"}],
        )
        # then
        assert isinstance(outcome, Recorded)
        submission = Submission.objects.get(user_id=actor.user.id)
        event = UserActivity.objects.get(user_id=actor.user.id)
        assert outcome.fields["submission_id"] == submission.id and outcome.fields["sub_type"] == "submitAnswer"
        assert event.activity_type == ActivityType.SUBMIT
        assert event.metadata == {"submission_id": submission.id, "status": submission.status}
        assert ContentProgress.objects.get(user_id=actor.user.id, content=quiz).attempts == 1


@pytest.mark.parametrize(
    "kind,fields,field",
    [
        ("Quiz", {"answers": [{"questionIndex": 0, "selectedOption": "Z"}]}, "userAnswers.0.selectedOption"),
        ("Quiz", {}, "userAnswers"),
        ("Assignment", {"answer": "   "}, "answer"),
        ("CodingProblem", {"sub_type": "submitAnswer", "source_code": "print(1)", "language_id": 71}, "sub_type"),
        ("Article", {"content_kind": "Quiz"}, "activity_type"),
    ],
)
def test_a_refused_submission_writes_nothing(client_a, learner, kind, fields, field):
    # given
    actor, course, contents = learner
    arguments = {"content_kind": kind, **fields}
    with schema_context(client_a.schema_name):
        # when
        with pytest.raises(FieldErrors) as refused:
            content_activity_create(
                actor=actor, course=course, content=contents[kind], activity_type=None, metadata=None, **arguments
            )
        # then
        assert field in refused.value.errors
        assert _written(actor.user.id) == (0, 0, 0)


def test_the_contract_event_refuses_other_types_and_writes_nothing(client_a, learner):
    actor, course, contents = learner
    with schema_context(client_a.schema_name):
        with pytest.raises(FieldErrors):
            content_activity_create(
                actor=actor, course=course, content=contents["Article"], activity_type="submit", metadata=None
            )
        assert _written(actor.user.id) == (0, 0, 0)


def test_a_code_run_stores_nothing(client_a, learner):
    actor, course, contents = learner
    with schema_context(client_a.schema_name):
        outcome = content_activity_create(
            actor=actor,
            course=course,
            content=contents["CodingProblem"],
            activity_type=None,
            metadata=None,
            content_kind="CodingProblem",
            sub_type="customRunCode",
            source_code="print(input())",
            language_id=71,
            custom_input="hello",
        )
        assert isinstance(outcome, CodeRun)
        assert outcome.result["results"][0]["actual_output"].strip() == "hello"
        assert _written(actor.user.id) == (0, 0, 0)


def test_a_visiting_platform_admin_submits_nothing(client_a, learner, public_client, make_user):
    # given: a platform admin acting at client A has no learner row there
    _, course, contents = learner
    root = make_user(public_client, role="superadmin")
    visitor = Actor(user=root, token_client=public_client, client=client_a)
    with schema_context(client_a.schema_name):
        before = Submission.objects.count(), UserActivity.objects.count()
        # when / then
        with pytest.raises(Exception) as refused:
            content_activity_create(
                actor=visitor,
                course=course,
                content=contents["Assignment"],
                activity_type=None,
                metadata=None,
                content_kind="Assignment",
                answer="My essay",
            )
        assert getattr(refused.value, "status_code", None) == 403
        assert (Submission.objects.count(), UserActivity.objects.count()) == before
