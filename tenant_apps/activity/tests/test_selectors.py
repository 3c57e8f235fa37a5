"""Selectors the dashboards read the activity tables through (rules tested at the selector)."""

from datetime import UTC, date, datetime, timedelta

from django_tenants.utils import schema_context

from tenant_apps.accounts.models import User
from tenant_apps.activity import selectors
from tenant_apps.activity.models import ActivityLog, ActivityType, TimeSpent, UserActivity
from tenant_apps.lms.models import Content
from tenant_apps.lms.tests.factories import course_build
from tests.queries import StatementCount

DAY = date(2026, 3, 10)


def _at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def _event(user, at: datetime, content: Content | None = None) -> None:
    row = UserActivity.objects.create(
        user=user,
        content=content,
        course_id=content.submodule.module.course_id if content else None,
        activity_type=ActivityType.VIEW,
    )
    UserActivity.objects.filter(id=row.id).update(created_at=at)


def _logged(user, at: datetime) -> None:
    row = ActivityLog.objects.create(user=user, action="login")
    ActivityLog.objects.filter(id=row.id).update(created_at=at)


def test_active_days_by_user_unions_events_logs_and_tracked_minutes_up_to_the_end(client_a, make_user):
    # given: one student active by each source, and after the end; another not asked about
    student, other = make_user(client_a), make_user(client_a)
    with schema_context(client_a.schema_name):
        _event(student, _at(DAY - timedelta(days=3)))
        _logged(student, _at(DAY - timedelta(days=2)))
        TimeSpent.objects.create(user=student, date=DAY - timedelta(days=1), seconds=120, minutes=2)
        TimeSpent.objects.create(user=student, date=DAY - timedelta(days=4), seconds=30, minutes=0)  # no minute
        _event(student, _at(DAY + timedelta(days=1)))  # after the end
        TimeSpent.objects.create(user=student, date=DAY + timedelta(days=1), seconds=60, minutes=1)
        _event(other, _at(DAY))
        asked = User.objects.filter(id=student.id).values("id")
        # when
        with StatementCount(1):
            days = selectors.active_days_by_user(
                users=asked, end_before=_at(DAY + timedelta(days=1), 0), last_day=DAY, zone=UTC
            )
    # then
    assert days == {student.id: {DAY - timedelta(days=3), DAY - timedelta(days=2), DAY - timedelta(days=1)}}


def test_events_by_day_and_kind_types_events_by_their_content(client_a, make_user):
    # given: two events on an article, one on no content, one log entry, and one outside the range
    student, other = make_user(client_a), make_user(client_a)
    with schema_context(client_a.schema_name):
        course = course_build(content_types=("Article",))
        article = Content.objects.get(submodule__module__course=course)
        _event(student, _at(DAY, 9), article)
        _event(student, _at(DAY, 10), article)
        _event(student, _at(DAY, 11))
        _logged(student, _at(DAY, 12))
        _event(student, _at(DAY + timedelta(days=1)), article)  # outside the range
        _event(other, _at(DAY), article)  # someone else
        # when
        with StatementCount(1):
            rows = selectors.events_by_day_and_kind(
                user_id=student.id, start_at=_at(DAY, 0), end_before=_at(DAY + timedelta(days=1), 0), zone=UTC
            )
    # then
    assert sorted(rows, key=str) == sorted([(DAY, "Article", 2), (DAY, None, 1), (DAY, "", 1)], key=str)
