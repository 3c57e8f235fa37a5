"""What other apps call when something may earn a certificate: after their transaction
commits, a django-q2 task issues it (``tenant_apps.certificates.tasks``).

The course check runs after the commit, outside the caller's transaction and query
budget, and queues a task only when the course is really complete and not yet
certified, so ordinary progress queues nothing.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django_q.tasks import async_task
from django_tenants.utils import schema_context

from tenant_apps.certificates.selectors import courses_due_certificate
from tenant_apps.lms.selectors import content_left_in_course_of
from tenants.schema import current_schema_name

logger = logging.getLogger(__name__)

ISSUE_COURSE_TASK = "tenant_apps.certificates.tasks.course_certificate_issue_run"
ISSUE_ASSESSMENT_TASK = "tenant_apps.certificates.tasks.assessment_certificate_issue_run"


def certificate_queue_for_content(*, user_id: int, content_id: int) -> None:
    """``user_id`` completed ``content_id``: issue the certificate of its course if that
    completed the course."""
    schema_name = current_schema_name()

    def check_and_queue() -> None:
        with schema_context(schema_name):
            # Nearly every completion leaves its course unfinished: one cheap probe says so,
            # and the full check (enrolled, every content, no certificate yet) runs only when
            # nothing is left. Both run after the commit, so of two last completions committed
            # at once the later one's probe sees both.
            if content_left_in_course_of(user_id=user_id, content_id=content_id):
                return
            due = courses_due_certificate(user_id=user_id, content_id=content_id)
        for course in due:
            async_task(
                ISSUE_COURSE_TASK,
                schema_name,
                user_id,
                course.id,
                task_name=f"certificate-{schema_name}-course-{course.id}-user-{user_id}",
            )

    transaction.on_commit(check_and_queue, robust=True)


def certificate_queue_for_submission(*, submission_id: int) -> None:
    """A submission of an assessment that grants certificates was submitted; the task
    checks the pass mark."""
    schema_name = current_schema_name()
    transaction.on_commit(
        lambda: async_task(
            ISSUE_ASSESSMENT_TASK,
            schema_name,
            submission_id,
            task_name=f"certificate-{schema_name}-submission-{submission_id}",
        ),
        robust=True,
    )
