"""What invalidates the students' cached list of active assessments (core/cache.py).

``LIST``: the client's assessments as the list shows them (title, description, slug, price,
duration, active or not, order). Every save or delete of an ``Assessment`` bumps it (model
signals; the services write assessments one row at a time, no bulk writes). Whether the
caller attempted one (``has_attempted``) is per user and never cached.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from core import cache
from tenant_apps.assessment.models import Assessment

LIST = "assessment.list"


def _on_write(sender: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    cache.bump(LIST)


def connect() -> None:
    """Wire the receivers (``AssessmentConfig.ready``)."""
    post_save.connect(_on_write, sender=Assessment, dispatch_uid="assessment.cache.list.save")
    post_delete.connect(_on_write, sender=Assessment, dispatch_uid="assessment.cache.list.delete")
