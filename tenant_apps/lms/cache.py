"""What invalidates the learning core's cached reads (core/cache.py namespaces).

- ``TREE``: a client's courses as authored (courses, their instructors and "trusted by",
  modules, submodules, contents and their items, quiz questions). Every authoring write
  bumps it: model signals catch saves, deletes and m2m changes; the few bulk writes of the
  services (``QuerySet.update``/``bulk_create``, which send no signal) call ``tree_changed``.
- ``SOCIAL``: what learners change about a course for everyone (enrollments, likes: the
  totals and the enrolled students' pictures) and the users those pictures belong to.

Per-user data (progress, one's own like and enrollment) is never cached here.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save

from core import cache
from tenant_apps.lms.models import (
    MCQ,
    Article,
    Assignment,
    CodingProblem,
    Content,
    ContentProgress,
    Course,
    CourseLike,
    Enrollment,
    Instructor,
    Module,
    Quiz,
    QuizMCQ,
    SubModule,
    TrustedBy,
    VideoTutorial,
)

TREE = "lms.tree"
SOCIAL = "lms.social"
# Learners' progress (completions, best scores): what the course and overall leaderboards rank.
PROGRESS = "lms.progress"
TREE_MODELS = (
    Course,
    Module,
    SubModule,
    Content,
    Article,
    VideoTutorial,
    Quiz,
    QuizMCQ,
    MCQ,
    Assignment,
    CodingProblem,
    Instructor,
    TrustedBy,
)
SOCIAL_MODELS = (Enrollment, CourseLike)


def tree_changed() -> None:
    """Call after a bulk authoring write (no model signal): courses changed for everyone."""
    cache.bump(TREE)


def _on_tree_write(sender: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    cache.bump(TREE)


def _on_social_write(sender: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    cache.bump(SOCIAL)


def progress_changed() -> None:
    """Call after a ``QuerySet.update`` of ``ContentProgress`` (no model signal)."""
    cache.bump(PROGRESS)


def _on_progress_write(sender: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    cache.bump(PROGRESS)


def connect() -> None:
    """Wire the receivers (``LmsConfig.ready``)."""
    for model in TREE_MODELS:
        post_save.connect(_on_tree_write, sender=model, dispatch_uid=f"lms.cache.tree.save.{model.__name__}")
        post_delete.connect(_on_tree_write, sender=model, dispatch_uid=f"lms.cache.tree.delete.{model.__name__}")
    for social in (*SOCIAL_MODELS, get_user_model()):
        uid = social.__name__
        post_save.connect(_on_social_write, sender=social, dispatch_uid=f"lms.cache.social.save.{uid}")
        post_delete.connect(_on_social_write, sender=social, dispatch_uid=f"lms.cache.social.delete.{uid}")
    post_save.connect(_on_progress_write, sender=ContentProgress, dispatch_uid="lms.cache.progress.save")
    post_delete.connect(_on_progress_write, sender=ContentProgress, dispatch_uid="lms.cache.progress.delete")
