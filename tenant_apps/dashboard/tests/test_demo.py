from tenant_apps.accounts.actor import Actor
from tenant_apps.certificates.services import certificates_issue_due
from tenant_apps.dashboard.demo import DEMO_MARKER_COURSE, build_demo_dashboard
from tenant_apps.dashboard.periods import utc_today
from tenant_apps.dashboard.selectors import monthly_streak, recommended_course_list
from tenant_apps.lms.demo import build_demo_lms
from tenant_apps.lms.models import Course


def test_demo_dashboard_data_is_useful_and_idempotent(client_a, in_a, make_user):
    users = {
        "instructor@demo.local": make_user(client_a, role="instructor"),
        "student1@demo.local": make_user(client_a),
        "student2@demo.local": make_user(client_a),
    }
    student1 = Actor.at_home(users["student1@demo.local"], client_a)
    with in_a():
        build_demo_lms(client_a, users)
        build_demo_dashboard(client_a, users)
        build_demo_dashboard(client_a, users)
        assert Course.objects.filter(title=DEMO_MARKER_COURSE).count() == 1
        assert certificates_issue_due(actor=student1) == 1
        streak = monthly_streak(actor=student1, month=utc_today().replace(day=1))
        assert streak["current_streak"] == 4 and streak["longest_streak"] == 4
        reasons = {course.title: course.reason for course in recommended_course_list(actor=student1, limit=10)}
        assert reasons == {"SQL Essentials": "Popular with 1 learner who shares a course with you"}
