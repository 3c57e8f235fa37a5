"""Writes of the student dashboard: issuing certificates."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from tenant_apps.accounts.actor import Actor
from tenant_apps.dashboard.models import Certificate
from tenant_apps.dashboard.selectors import courses_due_certificate


@transaction.atomic
def certificates_issue_due(*, actor: Actor) -> int:
    """Issue a certificate for every course the user has completed and holds none for,
    dated at the user's last completion in the course (now, when none is recorded).

    Idempotent and safe under concurrent calls (unique per user and course, conflicts
    ignored). 1 query when nothing is due, 2 otherwise. Returns how many were due.
    """
    learner = actor.local_user
    if learner is None:
        return 0
    uid = learner.id
    due = courses_due_certificate(user_id=uid)
    if due:
        now = timezone.now()
        Certificate.objects.bulk_create(
            [
                Certificate(
                    user_id=uid,
                    course=course,
                    course_title=course.title,
                    user_name=learner.user_name,
                    issued_at=course.finished_at or now,
                )
                for course in due
            ],
            ignore_conflicts=True,
        )
    return len(due)
