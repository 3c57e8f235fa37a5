"""The students' list of active assessments, cached (a module of its own: the schemas import
the selectors, so the selectors cannot import the schemas)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from core import cache
from tenant_apps.accounts.actor import Actor
from tenant_apps.assessment.cache import LIST
from tenant_apps.assessment.schemas import ActiveAssessmentOut
from tenant_apps.assessment.selectors import (
    assessment_attempts,
    assessment_list_active,
    assessments_paid_for,
    learner_status,
)


def active_assessment_rows(*, actor: Actor, client_id: int) -> list[dict[str, Any]]:
    """``assessment_list_active`` in ``ActiveAssessmentOut``'s shape: the list itself built
    and validated once per ``assessment.list`` version (core/cache.py), the caller's part
    overlaid (``has_attempted``/``is_attempted``, ``status``, ``purchased``). 1 statement on
    a warm cache, +1 in the ledger when a listed assessment is paid."""

    def build() -> list[dict[str, Any]]:
        return [ActiveAssessmentOut.model_validate(row).model_dump() for row in assessment_list_active(actor=None)]

    shared = cache.cached(LIST, "active", build)
    user_id = actor.local_user_id
    attempts = assessment_attempts(user_id=user_id) if shared else {}
    paid = (
        assessments_paid_for(client_id=client_id, user_id=user_id) if any(row["is_paid"] for row in shared) else set()
    )
    now = timezone.now()
    rows = []
    for row in shared:
        submission_status, deadline_at = attempts.get(row["id"], (None, None))
        rows.append(
            {
                **row,
                "has_attempted": submission_status is not None,
                "is_attempted": submission_status is not None,
                "status": learner_status(
                    submission_status=submission_status, deadline_at=deadline_at, end_time=row["end_time"], now=now
                ),
                "purchased": row["is_paid"] and row["id"] in paid,
            }
        )
    return rows
