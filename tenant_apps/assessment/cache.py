"""What invalidates the students' cached list of active assessments (core/cache.py).

``LIST``: the client's assessments as the list shows them (title, description, slug, price,
duration, active or not, order, how many sections and questions). Every save or delete of an
``Assessment``, a ``Section`` or a ``Question`` bumps it (model signals; the services write
them one row at a time, no bulk writes). Whether the
caller attempted one (``has_attempted``) is per user and never cached.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from core import cache
from tenant_apps.assessment.models import Assessment, Question, Section

LIST = "assessment.list"


def _on_write(sender: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    cache.bump(LIST)


def connect() -> None:
    """Wire the receivers (``AssessmentConfig.ready``)."""
    for model in (Assessment, Section, Question):
        name = model.__name__.lower()
        post_save.connect(_on_write, sender=model, dispatch_uid=f"assessment.cache.list.save.{name}")
        post_delete.connect(_on_write, sender=model, dispatch_uid=f"assessment.cache.list.delete.{name}")
