"""The students' list of active assessments, cached (a module of its own: the schemas import
the selectors, so the selectors cannot import the schemas)."""

from __future__ import annotations

from typing import Any

from core import cache
from tenant_apps.accounts.actor import Actor
from tenant_apps.assessment.cache import LIST
from tenant_apps.assessment.schemas import ActiveAssessmentOut
from tenant_apps.assessment.selectors import assessment_attempted_ids, assessment_list_active


def active_assessment_rows(*, actor: Actor) -> list[dict[str, Any]]:
    """``assessment_list_active`` in ``ActiveAssessmentOut``'s shape: the list itself built
    and validated once per ``assessment.list`` version (core/cache.py), ``has_attempted``
    per caller. 1 statement on a warm cache."""

    def build() -> list[dict[str, Any]]:
        return [ActiveAssessmentOut.model_validate(row).model_dump() for row in assessment_list_active(actor=None)]

    shared = cache.cached(LIST, "active", build)
    attempted = assessment_attempted_ids(user_id=actor.local_user_id) if shared else set()
    return [{**row, "has_attempted": row["id"] in attempted} for row in shared]
