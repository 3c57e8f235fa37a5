"""The writes a learner makes every minute (activity complete, track-time, quiz submit) cost
the same statements whatever the history: a learner with 1 day of it and one with 20 days,
beside 20 other learners, run the same statements."""

from datetime import timedelta

from tenant_apps.accounts.actor import Actor
from tenant_apps.activity import services
from tenant_apps.lms.models import Enrollment
from tenant_apps.lms.tests.factories import course_build
from tenants.timezone import client_today
from tests.queries import StatementCount

# Statements per request, auth included; savepoints count too (the test's own transaction
# stands in for BEGIN/COMMIT, so a first quiz attempt's transaction shows as a savepoint). The
# course, content and item come from the cached course tree (lms.learner_reads.learner_content),
# so a write asks only the enrollment. A repeated write is then one statement with no
# transaction of its own: a completion of a completed content (its event and rollup count,
# the completed row checked in it), a track-time ping (the credit, the rollup, the total), a
# quiz attempt on a completed quiz (the progress row, the submission, its event and rollup
# count). The first time, that statement writes nothing (the row is missing) and the general
# path follows: a first completion in a transaction (event, progress upsert, the course's
# completion and the webhooks to notify), a day's first track one INSERT capped at what is
# left of the day, a first attempt in a transaction (the attempt, its event).
COMPLETE, TRACK, QUIZ = 8, 4, 8
# The same writes again (what a learner does all day): no first-time work left.
AGAIN_COMPLETE, AGAIN_TRACK, AGAIN_QUIZ = 3, 3, 3


def test_write_budgets(client_a, as_user, make_user, in_a):
    # given: two learners with 1 and 20 days of history, and 20 other learners on the course
    learners = [as_user(client_a), as_user(client_a)]
    warmer = as_user(client_a)
    others = [make_user(client_a) for _ in range(20)]
    with in_a():
        course = course_build()
        contents = {c.content_type: c for c in course.modules.get().submodules.get().contents.all()}
        quiz_item = contents["Quiz"].quiz
        assert quiz_item is not None
        mcqs = [link.mcq for link in quiz_item.quiz_mcqs.all()]
        Enrollment.objects.create(course=course, user=warmer[1])
        for days, user in [(1, learners[0][1]), (20, learners[1][1])] + [(20, other) for other in others]:
            Enrollment.objects.create(course=course, user=user)
            actor = Actor.at_home(user, client_a)
            for back in range(days):
                day = client_today() - timedelta(days=back + 1)
                services.time_track(actor=actor, content_id=contents["VideoTutorial"].id, minutes=5, day=day)
                services.activity_record(actor=actor, course=course, content=contents["Article"], activity_type="view")
    activity = f"/activity/clients/{client_a.id}/"
    content = f"{activity}courses/{course.id}/content/"
    answers = [{"questionId": mcq.id, "selectedOption": "A"} for mcq in mcqs]
    tracked = {"content_id": contents["VideoTutorial"].id, "time_spent_minutes": 1}
    submitted = {"userAnswers": answers}

    def writes(api):
        with StatementCount() as complete:
            assert api.post(f"{content}{contents['Article'].id}/?activity_type=Article", {}).status_code == 201
        with StatementCount() as track:
            assert api.post(f"{activity}track-time/", tracked).status_code == 200
        with StatementCount() as quiz:
            assert api.post(f"{content}{contents['Quiz'].id}/?activity_type=Quiz", submitted).status_code == 201
        return complete.count, track.count, quiz.count

    writes(warmer[0])  # the client lookup and the course tree, warm
    # when
    counts = [writes(api) for api, _ in learners]
    again = [writes(api) for api, _ in learners]
    # then
    assert counts == [(COMPLETE, TRACK, QUIZ)] * 2, counts
    assert again == [(AGAIN_COMPLETE, AGAIN_TRACK, AGAIN_QUIZ)] * 2, again
