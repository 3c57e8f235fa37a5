"""Demo data for the dashboards (``make run``): a short course student1 has finished (so a
certificate is issued when listed), a course taken by student2 only (a peer
recommendation for student1), and three weeks of activity and tracked time."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction

from tenant_apps.accounts.actor import Actor
from tenant_apps.activity.models import ActivityType, UserActivity
from tenant_apps.activity.rollups import rollups_rebuild
from tenant_apps.activity.services import time_track
from tenant_apps.dashboard.periods import day_start, utc_today
from tenant_apps.lms import services
from tenant_apps.lms.models import Article, Content, ContentType, Course, Enrollment, Instructor

DEMO_MARKER_COURSE = "Git in a Day"
# Days back from the build day on which student1 was active (a 4-day run up to yesterday).
STUDENT1_DAYS = (1, 2, 3, 4, 6, 9, 10, 13, 17, 20)
STUDENT2_DAYS = (1, 5, 8)


def _course(title: str, description: str, articles: list[str], instructor: Instructor | None) -> Course:
    course = services.course_create(
        title=title, description=description, instructor_ids=[instructor.id] if instructor else None
    )
    module = services.module_create(course=course, weekno=1, title="Essentials")
    submodule = services.submodule_create(module=module, title="Read and try", order=1)
    for order, heading in enumerate(articles, start=1):
        article = Article.objects.create(title=heading, content=f"{heading}: a short read.", reading_time_minutes=5)
        services.content_create(
            submodule=submodule, content_type=ContentType.ARTICLE, content_id=article.id, order=order
        )
    return course


def _history(client, user, contents: list[Content], days_back: tuple[int, ...]) -> None:
    today = utc_today()
    for n, back in enumerate(days_back):
        day = today - timedelta(days=back)
        content = contents[n % len(contents)]
        course_id = content.submodule.module.course_id
        activity = UserActivity.objects.create(
            user=user, course_id=course_id, content=content, activity_type=ActivityType.VIEW
        )
        UserActivity.objects.filter(id=activity.id).update(created_at=day_start(day) + timedelta(hours=10 + n % 8))
        time_track(actor=Actor.at_home(user, client), content_id=content.id, minutes=15 + 10 * (n % 4), day=day)
    rollups_rebuild(user_ids=[user.id])  # the events' days were rewritten above


@transaction.atomic
def build_demo_dashboard(client, users_by_email: dict) -> None:
    """Idempotent: does nothing when the marker course exists. Runs in the client's schema."""
    if Course.objects.filter(title=DEMO_MARKER_COURSE).exists():
        return
    instructor = Instructor.objects.filter(name="Ivan Instructor").first()
    git = _course(DEMO_MARKER_COURSE, "Commit, branch and merge with confidence.", ["Commits", "Branches"], instructor)
    sql = _course("SQL Essentials", "Query data with SELECT, JOIN and GROUP BY.", ["SELECT", "JOIN"], None)
    git_contents = list(Content.objects.filter(submodule__module__course=git).order_by("order", "id"))
    sql_contents = list(Content.objects.filter(submodule__module__course=sql).order_by("order", "id"))
    first, second = users_by_email.get("student1@demo.local"), users_by_email.get("student2@demo.local")
    if first is not None:
        Enrollment.objects.get_or_create(course=git, user=first)
        for content in git_contents:
            services.progress_complete(content=content, learner=first)
        _history(client, first, git_contents, STUDENT1_DAYS)
    if second is not None:
        Enrollment.objects.get_or_create(course=sql, user=second)
        services.progress_complete(content=sql_contents[0], learner=second)
        _history(client, second, sql_contents, STUDENT2_DAYS)
