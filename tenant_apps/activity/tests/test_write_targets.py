"""The learner writes find their course, content and item in the cached course tree
(``lms.learner_reads.learner_content``) and ask only the enrollment each time: an authoring
write (a deactivated course, a moved content, an edited quiz answer) shows in the next write,
an enrollment's removal at once, the errors keep their order (course 404, then 403 not
enrolled, then content 404), and one client's cached tree never answers another's."""

from django_tenants.utils import schema_context

from tenant_apps.lms.models import Enrollment
from tenant_apps.lms.tests.factories import course_build
from tests.queries import StatementCount


def _paths(client, course):
    activity = f"/activity/clients/{client.id}/"
    return f"{activity}courses/{course.id}/content/", f"{activity}track-time/"


def _contents(course):
    return {c.content_type: c for c in course.modules.get().submodules.get().contents.all()}


def test_authoring_writes_show_in_the_next_write(client_a, as_user, in_a):
    # given: an enrolled learner whose writes have filled the cache
    api, me = as_user(client_a)
    with in_a():
        course = course_build(content_types=("Article", "VideoTutorial", "Quiz"))
        other = course_build(content_types=("Article",))
        Enrollment.objects.create(course=course, user=me)
        contents = _contents(course)
        quiz = contents["Quiz"].quiz
        assert quiz is not None
        mcqs = [link.mcq for link in quiz.quiz_mcqs.all()]
        for mcq in mcqs:
            mcq.correct_answer = 1  # "B"
            mcq.save()
    content, track = _paths(client_a, course)
    answer = {"userAnswers": [{"questionId": mcq.id, "selectedOption": "A"} for mcq in mcqs]}
    first = api.post(f"{content}{contents['Quiz'].id}/?activity_type=Quiz", answer)
    assert first.status_code == 201
    assert first.json()["status"] == "Wrong Answer"
    assert api.post(f"{content}{contents['Article'].id}/?activity_type=Article", {}).status_code == 201
    tracked = {"content_id": contents["VideoTutorial"].id, "time_spent_minutes": 1}
    assert api.post(track, tracked).status_code == 200
    # when: the quiz's right answers change (model saves: the tree's signal)
    with in_a():
        for mcq in mcqs:
            mcq.correct_answer = 0  # "A"
            mcq.save()
    # then: the next submission is graded with them
    again = api.post(f"{content}{contents['Quiz'].id}/?activity_type=Quiz", answer)
    assert again.status_code == 201
    assert again.json()["status"] == "Accepted"
    # when: the article moves to another course
    with in_a():
        article = contents["Article"]
        article.submodule = other.modules.get().submodules.get()
        article.save()
    # then: it is no longer a content of this course
    assert api.post(f"{content}{article.id}/?activity_type=Article", {}).status_code == 404
    # when: the course is deactivated
    with in_a():
        course.is_active = False
        course.save()
    # then: writes to it are refused like a missing course
    assert api.post(f"{content}{contents['Quiz'].id}/?activity_type=Quiz", answer).status_code == 404
    assert api.post(track, tracked).status_code == 404


def test_an_enrollment_counts_at_once_and_the_errors_keep_their_order(client_a, as_user, in_a):
    api, me = as_user(client_a)
    with in_a():
        course = course_build(content_types=("Article", "VideoTutorial"))
        enrollment = Enrollment.objects.create(course=course, user=me)
        contents = _contents(course)
    content, track = _paths(client_a, course)
    article = f"{content}{contents['Article'].id}/?activity_type=Article"
    tracked = {"content_id": contents["VideoTutorial"].id, "time_spent_minutes": 1}
    assert api.post(article, {}).status_code == 201
    assert api.post(track, tracked).status_code == 200
    # when: the enrollment ends
    with in_a():
        enrollment.delete()
    # then: the next write is refused (the enrollment is never cached)
    assert api.post(article, {}).status_code == 403
    assert api.post(track, tracked).status_code == 403
    # a missing content in a course one is not enrolled in: 403 first, as before
    assert api.post(f"{content}999999/?activity_type=Article", {}).status_code == 403
    with in_a():
        Enrollment.objects.create(course=course, user=me)
    assert api.post(f"{content}999999/?activity_type=Article", {}).status_code == 404
    missing_course = f"/activity/clients/{client_a.id}/courses/999999/content/{contents['Article'].id}/"
    assert api.post(f"{missing_course}?activity_type=Article", {}).status_code == 404
    unknown = api.post(track, {"content_id": 999999, "time_spent_minutes": 1})
    assert unknown.status_code == 400 and "content_id" in unknown.json()
    # warm, a repeated completion asks the enrollment and writes (auth, enrollment, the event
    # with its rollup count on the completed progress row: one statement)
    with StatementCount(3):
        assert api.post(article, {}).status_code == 201


def test_a_clients_tree_never_answers_another(client_a, client_b, as_user, in_a):
    # given: the same course and content ids in both clients, A's cached by a write in A
    api_a, me_a = as_user(client_a)
    api_b, me_b = as_user(client_b)
    with in_a():
        course_a = course_build(content_types=("Article",))
        Enrollment.objects.create(course=course_a, user=me_a)
        article_a = _contents(course_a)["Article"]
    with schema_context(client_b.schema_name):
        course_b = course_build(content_types=("VideoTutorial",))
        video_b = _contents(course_b)["VideoTutorial"]
    content_a, _ = _paths(client_a, course_a)
    assert api_a.post(f"{content_a}{article_a.id}/?activity_type=Article", {}).status_code == 201
    # when / then: in B (not enrolled there) the same ids are B's rows, not A's cached ones
    content_b, track_b = _paths(client_b, course_b)
    assert api_b.post(f"{content_b}{video_b.id}/?activity_type=VideoTutorial", {}).status_code == 403
    with schema_context(client_b.schema_name):
        Enrollment.objects.create(course=course_b, user=me_b)
    kind = api_b.post(f"{content_b}{video_b.id}/?activity_type=Article", {})
    assert kind.status_code == 400  # B's content is a video whatever A's row with that id is
    assert api_b.post(f"{content_b}{video_b.id}/?activity_type=VideoTutorial", {}).status_code == 201
    # A's token on B's path is refused
    assert api_a.post(f"{content_b}{video_b.id}/?activity_type=VideoTutorial", {}).status_code == 401
