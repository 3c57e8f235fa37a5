from django.apps import AppConfig


class ActivityConfig(AppConfig):
    name = "tenant_apps.activity"
    label = "activity"

    def ready(self) -> None:
        """The course cards' streaks (lms) count the active days this app records."""
        from tenant_apps.activity.selectors import COURSE_ACTIVE_DAYS_SQL, course_active_days
        from tenant_apps.lms.course_streaks import active_days_register

        active_days_register(course_active_days, COURSE_ACTIVE_DAYS_SQL)
