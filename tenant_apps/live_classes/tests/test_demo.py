from tenant_apps.live_classes.demo import build_demo_live_classes
from tenant_apps.live_classes.models import Attendance, AttendanceActivity, LiveClass


def test_demo_is_idempotent(client_a, in_a, make_user):
    users = {
        "admin@demo.local": make_user(client_a, role="admin"),
        "instructor@demo.local": make_user(client_a, role="instructor"),
        "student2@demo.local": make_user(client_a),
    }
    with in_a():
        build_demo_live_classes(client_a, users)
        build_demo_live_classes(client_a, users)
        assert LiveClass.objects.count() == 2
        activity = AttendanceActivity.objects.get()
        assert activity.live_class is not None and Attendance.objects.get().activity == activity
