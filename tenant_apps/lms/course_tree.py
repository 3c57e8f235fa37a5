"""Copying and deleting a whole course tree inside client schemas (the learning core owns
its tables; ``shared_apps.operations`` runs these as background operations).

Follows the ownership rules of docs/lms.md ("Model map"): a Content owns its item
(Article, VideoTutorial, Quiz, Assignment, CodingProblem), so a copy gets its own items
and a delete removes them; quizzes' MCQs are copied too, so editing the copy never
changes the original. Instructors and "trusted by" companies are shared libraries:
reused within a client, matched by name (or created) in another client. Learner data
(enrollments, likes, progress, comments, submissions) is never copied.

Every function works in the schema it is given (or the current one) and issues a
bounded number of queries whatever the size of the course (one read per table, one
bulk insert per table). Callers provide the transaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from django.contrib.auth import get_user_model
from django.db import models
from django_tenants.utils import schema_context

from tenant_apps.lms.errors import CourseNotFound
from tenant_apps.lms.models import ITEM_FIELD, MCQ, Content, Course, Instructor, Module, QuizMCQ, SubModule, TrustedBy
from tenant_apps.lms.services import course_delete

M = TypeVar("M", bound=models.Model)
# The shared libraries, matched by name across clients.
Named = TypeVar("Named", Instructor, TrustedBy)


def _item_model(item_field: str) -> type[models.Model]:
    model = Content._meta.get_field(item_field).related_model
    if not (isinstance(model, type) and issubclass(model, models.Model)):
        raise TypeError(f"Content.{item_field} does not link to a model")
    return model


# Content's item field -> the item model, and how result counts name that table.
ITEM_MODELS: dict[str, type[models.Model]] = {item_field: _item_model(item_field) for item_field in ITEM_FIELD.values()}
ITEM_PLURALS = {
    item_field: str(model._meta.verbose_name_plural).replace(" ", "_") for item_field, model in ITEM_MODELS.items()
}
COPY_SUFFIX = " (Copy)"


@dataclass
class CourseTree:
    course: Course
    instructors: list[Instructor]
    trusted_by: list[TrustedBy]
    modules: list[Module]
    submodules: list[SubModule]
    contents: list[Content]
    quiz_mcqs: list[QuizMCQ]
    items: dict[str, list[models.Model]] = field(default_factory=dict)


def course_tree_load(*, course_id: int) -> CourseTree:
    """The whole tree of a course of the current schema, in 7 queries."""
    course = Course.objects.prefetch_related("instructors", "trusted_by").filter(id=course_id).first()
    if course is None:
        raise CourseNotFound()
    modules = list(Module.objects.filter(course_id=course.id).order_by("weekno", "id"))
    submodules = list(SubModule.objects.filter(module__course_id=course.id).order_by("module_id", "order", "id"))
    contents = list(
        Content.objects.filter(submodule__module__course_id=course.id)
        .select_related(*ITEM_MODELS)
        .order_by("submodule_id", "order", "id")
    )
    quiz_ids = [content.quiz_id for content in contents if content.quiz_id]
    quiz_mcqs = list(QuizMCQ.objects.filter(quiz_id__in=quiz_ids).select_related("mcq").order_by("quiz_id", "order"))
    items: dict[str, list[models.Model]] = defaultdict(list)
    for content in contents:
        item_field = ITEM_FIELD[content.content_type]
        items[item_field].append(getattr(content, item_field))
    return CourseTree(
        course=course,
        instructors=list(course.instructors.all()),
        trusted_by=list(course.trusted_by.all()),
        modules=modules,
        submodules=submodules,
        contents=contents,
        quiz_mcqs=quiz_mcqs,
        items=dict(items),
    )


def _clone(obj: M, *, drop_users: bool = False, **overrides: object) -> M:
    """An unsaved copy of ``obj``: every concrete column but the primary key.

    ``drop_users`` empties (nullable) links to users, whose ids mean nothing in another
    client's schema.
    """
    values: dict[str, object] = {}
    for f in obj._meta.concrete_fields:
        if f.primary_key:
            continue
        if drop_users and f.is_relation and f.related_model is get_user_model() and f.null:
            values[f.attname] = None
        else:
            values[f.attname] = getattr(obj, f.attname)
    values.update(overrides)
    return type(obj)(**values)


def _shared_by_name(model: type[Named], rows: Sequence[Named]) -> list[int]:
    """Ids in the current schema of rows named like ``rows``; missing ones are created."""
    if not rows:
        return []
    names = [row.name for row in rows]
    existing: dict[str, int] = {}
    for row in model._default_manager.filter(name__in=names).order_by("id"):
        existing.setdefault(row.name, row.id)
    missing = [_clone(row, drop_users=True) for row in rows if row.name not in existing]
    for created in model._default_manager.bulk_create(missing):
        existing.setdefault(created.name, created.id)
    return [existing[name] for name in dict.fromkeys(names)]


def course_tree_copy(
    *, tree: CourseTree, same_client: bool, created_by_id: int | None = None
) -> tuple[Course, dict[str, int]]:
    """Write a copy of ``tree`` into the current schema; returns the new course and counts.
    A copy within the client is titled "<title> (Copy)"; one into another client keeps the title."""
    source = tree.course
    cross = not same_client
    title = (source.title + COPY_SUFFIX)[:255] if same_client else source.title
    course = _clone(source, drop_users=cross, title=title, created_by_id=created_by_id)
    course.save()

    if same_client:
        instructor_ids = [row.id for row in tree.instructors]
        trusted_ids = [row.id for row in tree.trusted_by]
    else:
        instructor_ids = _shared_by_name(Instructor, tree.instructors)
        trusted_ids = _shared_by_name(TrustedBy, tree.trusted_by)
    if instructor_ids:
        course.instructors.add(*instructor_ids)
    if trusted_ids:
        course.trusted_by.add(*trusted_ids)

    new_modules = Module.objects.bulk_create([_clone(m, drop_users=cross, course_id=course.id) for m in tree.modules])
    module_map = {old.id: new.id for old, new in zip(tree.modules, new_modules, strict=True)}
    new_submodules = SubModule.objects.bulk_create(
        [_clone(s, drop_users=cross, module_id=module_map[s.module_id]) for s in tree.submodules]
    )
    submodule_map = {old.id: new.id for old, new in zip(tree.submodules, new_submodules, strict=True)}

    item_maps: dict[str, dict[int, int]] = {}
    for item_field, model in ITEM_MODELS.items():
        originals = tree.items.get(item_field, [])
        created = (
            model._default_manager.bulk_create([_clone(item, drop_users=cross) for item in originals])
            if originals
            else []
        )
        item_maps[item_field] = {old.pk: new.pk for old, new in zip(originals, created, strict=True)}

    mcqs = list({link.mcq_id: link.mcq for link in tree.quiz_mcqs}.values())
    new_mcqs = MCQ.objects.bulk_create([_clone(mcq, drop_users=cross) for mcq in mcqs]) if mcqs else []
    mcq_map = {old.id: new.id for old, new in zip(mcqs, new_mcqs, strict=True)}
    if tree.quiz_mcqs:
        QuizMCQ.objects.bulk_create(
            [
                _clone(link, quiz_id=item_maps["quiz"][link.quiz_id], mcq_id=mcq_map[link.mcq_id])
                for link in tree.quiz_mcqs
            ]
        )

    new_contents: list[Content] = []
    for content in tree.contents:
        overrides: dict[str, int | None] = {"submodule_id": submodule_map[content.submodule_id]}
        for item_field in ITEM_MODELS:
            old_id = getattr(content, f"{item_field}_id")
            overrides[f"{item_field}_id"] = item_maps[item_field][old_id] if old_id else None
        new_contents.append(_clone(content, drop_users=cross, **overrides))
    Content.objects.bulk_create(new_contents)

    counts = {
        "modules": len(new_modules),
        "submodules": len(new_submodules),
        "contents": len(new_contents),
        "mcqs": len(new_mcqs),
        **{ITEM_PLURALS[item_field]: len(item_maps[item_field]) for item_field in ITEM_MODELS},
    }
    return course, counts


def course_copy_between(
    *, course_id: int, source_schema: str, target_schema: str, created_by_id: int | None = None
) -> tuple[Course, dict[str, int]]:
    """Read the tree in the source schema, write the copy in the target (one transaction: the caller's)."""
    with schema_context(source_schema):
        tree = course_tree_load(course_id=course_id)
    with schema_context(target_schema):
        return course_tree_copy(tree=tree, same_client=source_schema == target_schema, created_by_id=created_by_id)


def course_tree_delete(*, course_id: int) -> dict[str, int]:
    """Delete a course of the current schema and everything only it owns; returns counts.

    The deletion itself is the learning core's ``course_delete`` (items, their contents
    and learner rows, the tree, MCQs no remaining quiz uses; shared instructors stay).
    """
    course = Course.objects.filter(id=course_id).first()
    if course is None:
        raise CourseNotFound()
    rows = list(
        Content.objects.filter(submodule__module__course_id=course.id).values_list(
            *(f"{item_field}_id" for item_field in ITEM_MODELS)
        )
    )
    counts: dict[str, int] = {
        "modules": Module.objects.filter(course_id=course.id).count(),
        "submodules": SubModule.objects.filter(module__course_id=course.id).count(),
        "contents": len(rows),
    }
    for index, item_field in enumerate(ITEM_MODELS):
        counts[ITEM_PLURALS[item_field]] = sum(1 for row in rows if row[index])
    course_delete(course=course)
    return counts
