from tenant_apps.accounts.actor import Actor
from tenant_apps.lms.demo import DEMO_COURSE_TITLE, build_demo_lms
from tenant_apps.lms.models import Content, Course
from tenant_apps.lms.selectors import course_dashboard


def test_demo_course_is_complete_and_idempotent(client_a, in_a, make_user):
    users = {
        "instructor@demo.local": make_user(client_a, role="instructor"),
        "student1@demo.local": make_user(client_a),
        "student2@demo.local": make_user(client_a),
    }
    with in_a():
        build_demo_lms(client_a, users)
        build_demo_lms(client_a, users)
        course = Course.objects.get(title=DEMO_COURSE_TITLE)
        assert sorted(Content.objects.values_list("content_type", flat=True)) == [
            "Article",
            "Assignment",
            "CodingProblem",
            "Quiz",
            "VideoTutorial",
        ]
        assert (
            course_dashboard(course=course, actor=Actor.at_home(users["student1@demo.local"], client_a))[
                "completed_contents"
            ]
            == 3
        )
