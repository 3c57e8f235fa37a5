"""The learner's hot reads (course list, course detail, submodule, content detail) as shared,
cached data plus a per-user overlay (issue 10; docs/benchmarks.md, "perfa").

What every learner of a client sees alike is built once per version of ``lms.tree`` (and
``lms.social`` for enrollment and like totals) by the ordinary selectors run for nobody
(``user_id=None``), validated by the endpoint's own response schema and kept as plain dicts
(core/cache.py). A request then runs one indexed query for its caller's standing
(``standing_of``: enrollments, likes, certificates, progress, submission counts) and
writes the per-user fields into a copy. So a response is exactly what the schema would
have produced for that user, without the joins, the ORM or pydantic on the hot path.
"""

from __future__ import annotations

import pickle
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import connection

from api.schemas import decimal_to_number
from core import cache
from tenant_apps.accounts.actor import Actor
from tenant_apps.lms import course_streaks, selectors
from tenant_apps.lms.cache import SOCIAL, TREE
from tenant_apps.lms.errors import ContentNotFound, CourseNotFound, NotEnrolled
from tenant_apps.lms.models import Content, ContentProgress, Course, CourseLike, Enrollment, Submission
from tenant_apps.lms.schemas import (
    CourseDetailOut,
    CourseListOut,
    LearnerContentOut,
    LearnerSubModuleOut,
    completion_status,
    obtained_marks,
)
from tenants.timezone import client_today, client_zone

# --- the caller's standing: one query ----------------------------------------------------


@dataclass
class Standing:
    """What one user has done in the current client (empty for a caller without a row)."""

    enrolled: set[int] = field(default_factory=set)
    # course id -> (enrolled_at, enrollment id): the enrolled courses' order
    enrollments: dict[int, tuple[datetime, int]] = field(default_factory=dict)
    liked: set[int] = field(default_factory=set)
    certified: set[int] = field(default_factory=set)
    completed: set[int] = field(default_factory=set)
    best_score: dict[int, Decimal] = field(default_factory=dict)
    submissions: dict[int, int] = field(default_factory=dict)
    # course id -> the user's active days there (``course_streaks``); read only with
    # ``standing_of(..., with_days=True)``, the course cards' streaks
    days: dict[int, list[date]] = field(default_factory=dict)


def _standing_sql(*, with_days: bool) -> str:
    certificate = Course._meta.get_field("certificates").related_model
    tables = {
        "enrollment": Enrollment._meta.db_table,
        "like": CourseLike._meta.db_table,
        "progress": ContentProgress._meta.db_table,
        "submission": Submission._meta.db_table,
        "certificate": certificate._meta.db_table,
    }
    sql = (
        "SELECT 'e', course_id, id, NULL::numeric, false, enrolled_at, NULL::date "
        'FROM "{enrollment}" WHERE user_id = %(u)s '
        "UNION ALL SELECT 'l', course_id, 0, NULL, false, NULL, NULL FROM \"{like}\" WHERE user_id = %(u)s "
        "UNION ALL SELECT 'p', content_id, 0, best_score, is_completed, NULL, NULL "
        'FROM "{progress}" WHERE user_id = %(u)s '
        "UNION ALL SELECT 's', content_id, COUNT(*), NULL, false, NULL, NULL "
        'FROM "{submission}" WHERE user_id = %(u)s GROUP BY content_id '
        "UNION ALL SELECT 'c', course_id, 0, NULL, false, NULL, NULL FROM \"{certificate}\" "
        "WHERE user_id = %(u)s AND course_id IS NOT NULL"
    ).format(**tables)
    days = course_streaks.active_days_rows_sql()
    if with_days and days is not None:
        # The cards' streaks: the days of activity's ``course_active_days``, in this statement.
        sql += (
            " UNION ALL SELECT 'd', days.course_id, 0, NULL, false, NULL, days.day "
            f"FROM ({days}) AS days (course_id, day)"
        )
    return sql


_STANDING_SQL: dict[bool, str] = {}


def standing_of(actor: Actor, *, with_days: bool = False) -> Standing:
    """1 query (none for a caller without a row in this client): the caller's standing;
    ``with_days``: with the active days per course (``Standing.days``) in the same statement."""
    standing = Standing()
    user_id = actor.local_user_id
    if user_id is None:
        return standing
    sql = _STANDING_SQL.get(with_days)
    if sql is None:
        sql = _STANDING_SQL[with_days] = _standing_sql(with_days=with_days)
    params: dict[str, Any] = {"u": user_id}
    if with_days:
        params["z"] = client_zone().key
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    for kind, ref, count, score, done, at, day in rows:
        if kind == "e":
            standing.enrolled.add(ref)
            standing.enrollments[ref] = (at, count)
        elif kind == "l":
            standing.liked.add(ref)
        elif kind == "p":
            standing.best_score[ref] = score
            if done:
                standing.completed.add(ref)
        elif kind == "s":
            standing.submissions[ref] = count
        elif kind == "d":
            standing.days.setdefault(ref, []).append(day)
        else:
            standing.certified.add(ref)
    return standing


# --- the shared part ---------------------------------------------------------------------


@dataclass(frozen=True)
class CourseShape:
    """A course's contents as the overlays count them."""

    title: str
    description: str
    is_active: bool
    contents_by_card_key: dict[str, frozenset[int]]
    module_contents: dict[int, frozenset[int]]  # every module, possibly empty


def _course_shapes() -> dict[int, CourseShape]:
    """2 queries: every course of the client with its contents by type and by module."""
    modules: dict[int, dict[int, set[int]]] = defaultdict(dict)
    for module_id, course_id in selectors.module_course_pairs():
        modules[course_id][module_id] = set()
    by_type: dict[int, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    card_keys = {content_type: key for key, content_type in selectors.CARD_STAT_TYPES.items()}
    for content_id, content_type, module_id, course_id in selectors.content_placement():
        modules[course_id].setdefault(module_id, set()).add(content_id)
        if content_type in card_keys:
            by_type[course_id][card_keys[content_type]].add(content_id)
    return {
        course_id: CourseShape(
            title=title,
            description=description,
            is_active=is_active,
            contents_by_card_key={key: frozenset(by_type[course_id][key]) for key in selectors.CARD_STAT_TYPES},
            module_contents={module_id: frozenset(ids) for module_id, ids in modules[course_id].items()},
        )
        for course_id, title, description, is_active in selectors.course_activity()
    }


def _versions() -> dict[str, str]:
    return cache.versions([TREE, SOCIAL])


def _shapes(tree_version: str | None) -> dict[int, CourseShape]:
    return cache.cached(TREE, "shapes", _course_shapes, at_version=tree_version)


def _learner_course(actor: Actor, course_id: int, shapes: dict[int, CourseShape], standing: Standing) -> CourseShape:
    """``selectors.course_get_for_learner`` from the cached shapes and the standing."""
    shape = shapes.get(course_id)
    if shape is None or not (shape.is_active or actor.is_staff):
        raise CourseNotFound()
    if course_id not in standing.enrolled and not actor.is_staff:
        raise NotEnrolled()
    return shape


def course_visible(*, course_id: int, actor: Actor) -> None:
    """``selectors.course_get_for_user``'s check (a course the caller may see: students only
    active ones) from the cached shapes: no statement on a warm cache."""
    shape = _shapes(None).get(course_id)
    if shape is None or not (shape.is_active or actor.is_staff):
        raise CourseNotFound()


def _card_overlay(row: dict[str, Any], shape: CourseShape, standing: Standing) -> dict[str, Any]:
    done = standing.completed
    stats = {
        key: {"total": tally["total"], "completed": len(shape.contents_by_card_key[key] & done)}
        for key, tally in row["stats"].items()
    }
    finished = sum(1 for ids in shape.module_contents.values() if ids and ids <= done)
    progress = selectors.percentage(
        sum(t["completed"] for t in stats.values()), sum(t["total"] for t in stats.values())
    )
    return {**row, "stats": stats, "progress": progress, "completed_modules": finished}


# --- the endpoints -----------------------------------------------------------------------


def course_list(*, actor: Actor) -> list[dict[str, Any]]:
    """2 queries on a warm cache (the version check is a cache get): the standing; the
    course list's rows as ``CourseListOut`` gives them to this user."""
    versions = _versions()

    def build() -> list[dict[str, Any]]:
        rows = selectors.course_list_rows(user_id=None, is_staff=actor.is_staff)
        return [CourseListOut.model_validate(row).model_dump() for row in rows]

    shared = cache.cached(
        TREE,
        ("course_list", actor.is_staff, versions[SOCIAL]),
        build,
        at_version=versions[TREE],
        slot=("course_list", actor.is_staff),
    )
    shapes = _shapes(versions[TREE])
    standing = standing_of(actor, with_days=True)
    streaks = _streaks(standing)
    out = []
    for row in shared:
        course_id = row["id"]
        item = _card_overlay(row, shapes[course_id], standing)
        item["is_liked"] = course_id in standing.liked
        item["is_enrolled"] = course_id in standing.enrolled
        item.update(streaks.card(course_id, completed_modules=item["completed_modules"]))
        out.append(item)
    return out


@dataclass
class _Streaks:
    """The caller's active days per course and certificates, for the cards' streak and badges."""

    days: dict[int, list[date]]
    certified: set[int]
    today: date

    def card(self, course_id: int, *, completed_modules: int) -> dict[str, Any]:
        return {
            **course_streaks.card_streak(self.days.get(course_id), self.today),
            "badges": course_streaks.card_badges(
                completed_modules=completed_modules, certified=course_id in self.certified
            ),
        }


def _streaks(standing: Standing) -> _Streaks:
    """No query: the active days on the enrolled courses (activity on a course needs an
    enrollment; read with the standing, ``standing_of(..., with_days=True)``)."""
    days = {course_id: standing.days[course_id] for course_id in standing.enrolled if course_id in standing.days}
    return _Streaks(days=days, certified=standing.certified, today=client_today())


def course_detail(*, course_id: int, actor: Actor) -> dict[str, Any]:
    """1 query on a warm cache (the standing): ``CourseDetailOut`` for this user."""
    versions = _versions()
    shapes = _shapes(versions[TREE])
    shape = shapes.get(course_id)
    if shape is None or not (shape.is_active or actor.is_staff):
        raise CourseNotFound()

    def build() -> dict[str, Any]:
        row = selectors.course_detail_row(course_id=course_id, user_id=None)
        return CourseDetailOut.model_validate(row).model_dump()

    shared = cache.cached(
        TREE,
        ("course_detail", course_id, versions[SOCIAL]),
        build,
        at_version=versions[TREE],
        slot=("course_detail", course_id),
    )
    standing = standing_of(actor)
    done = standing.completed
    modules = []
    for module in shared["modules"]:
        completed = len(shape.module_contents.get(module["id"], frozenset()) & done)
        modules.append(
            {
                **module,
                "completed_contents": completed,
                "completion_percentage": selectors.percentage(completed, module["total_contents"]),
            }
        )
    liked = course_id in standing.liked
    return {
        **shared,
        "is_liked": liked,
        "is_liked_by_current_user": liked,
        "is_enrolled": course_id in standing.enrolled,
        "is_certified": course_id in standing.certified,
        "modules": modules,
    }


def submodule(*, course_id: int, submodule_id: int, actor: Actor) -> dict[str, Any]:
    """1 query on a warm cache (the standing): ``LearnerSubModuleOut`` for this user."""
    versions = _versions()
    shapes = _shapes(versions[TREE])
    standing = standing_of(actor)
    _learner_course(actor, course_id, shapes, standing)

    def build() -> dict[str, Any] | None:
        row = selectors.submodule_outline_row(course_id=course_id, submodule_id=submodule_id)
        return LearnerSubModuleOut.model_validate(row).model_dump() if row is not None else None

    shared = cache.cached(TREE, ("submodule", course_id, submodule_id), build, at_version=versions[TREE])
    if shared is None:
        raise ContentNotFound()
    done = standing.completed
    contents = [{**row, "is_completed": row["id"] in done} for row in shared["contents"]]
    data = []
    for row in shared["data"]:
        content_id = row["id"]
        submissions = standing.submissions.get(content_id, 0)
        obtained = obtained_marks(
            row["content_type"],
            marks=row["marks"],
            completed=content_id in done,
            submissions=submissions,
            best=standing.best_score.get(content_id),
        )
        data.append(
            {
                **row,
                "status": completion_status(content_id in done),
                "submissions": submissions,
                "obtainedMarks": decimal_to_number(obtained) if obtained is not None else None,
            }
        )
    return {**shared, "contents": contents, "data": data}


def content_detail(*, course_id: int, content_id: int, actor: Actor) -> dict[str, Any]:
    """1 query on a warm cache (the standing): ``LearnerContentOut`` for this user; a quiz
    shows its answers once the user has submitted it (or to staff)."""
    versions = _versions()
    shapes = _shapes(versions[TREE])
    standing = standing_of(actor)
    _learner_course(actor, course_id, shapes, standing)
    reveal = content_id in standing.submissions or actor.is_staff

    def build() -> dict[str, Any] | None:
        row = selectors.content_outline_row(course_id=course_id, content_id=content_id, reveal_answers=reveal)
        return LearnerContentOut.model_validate(row).model_dump() if row is not None else None

    shared = cache.cached(TREE, ("content", course_id, content_id, reveal), build, at_version=versions[TREE])
    if shared is None:
        raise ContentNotFound()
    done = content_id in standing.completed
    return {**shared, "is_completed": done, "status": completion_status(done)}


def _progress(shape: CourseShape, standing: Standing) -> tuple[int, int, int]:
    """(contents, completed contents, finished modules) of a course for the user."""
    done = standing.completed
    total = completed = finished = 0
    for ids in shape.module_contents.values():
        mine = len(ids & done)
        total, completed = total + len(ids), completed + mine
        finished += 1 if ids and mine == len(ids) else 0
    return total, completed, finished


def enrolled_courses(*, actor: Actor) -> list[dict[str, Any]]:
    """1 query on a warm cache (the standing): ``EnrolledCourseOut`` rows, the user's
    enrollments in active courses, newest first."""
    shapes = _shapes(None)
    standing = standing_of(actor, with_days=True)
    enrolled = [
        (at, enrollment_id, course_id)
        for course_id, (at, enrollment_id) in standing.enrollments.items()
        if course_id in shapes and shapes[course_id].is_active
    ]
    enrolled.sort(reverse=True)
    streaks = _streaks(standing)
    rows = []
    for at, _, course_id in enrolled:
        shape = shapes[course_id]
        total, completed, finished = _progress(shape, standing)
        rows.append(
            {
                "difficulty_level": None,
                "num_modules": len(shape.module_contents),
                "completed_modules": finished,
                "stats": {
                    key: {"total": len(ids), "completed": len(ids & standing.completed)}
                    for key, ids in shape.contents_by_card_key.items()
                },
                "progress": selectors.percentage(completed, total),
                "is_free": True,
                "price": 0,
                "id": course_id,
                "title": shape.title,
                "description": shape.description,
                "completion_percentage": selectors.percentage(completed, total),
                **streaks.card(course_id, completed_modules=finished),
                "enrolled_at": at,
                "total_contents": total,
                "completed_contents": completed,
            }
        )
    return rows


def course_dashboard(*, course_id: int, actor: Actor) -> dict[str, Any]:
    """1 query on a warm cache (the standing): ``CourseDashboardOut`` of a visible course."""
    shapes = _shapes(None)
    shape = shapes.get(course_id)
    if shape is None or not (shape.is_active or actor.is_staff):
        raise CourseNotFound()
    standing = standing_of(actor)
    total, completed, finished = _progress(shape, standing)
    completion = selectors.percentage(completed, total)
    by_type = {
        f"{key}_progress": selectors.percentage(len(ids & standing.completed), len(ids))
        for key, ids in shape.contents_by_card_key.items()
    }
    return {
        "completion_percentage": completion,
        "total_modules": len(shape.module_contents),
        "completed_modules": finished,
        "total_contents": total,
        "completed_contents": completed,
        **by_type,
        "subjective_question_progress": 0.0,
        "total_progress": completion,
    }


# --- where a learner's write lands: the cached tree + one indexed statement ---------------
#
# Every learner write (activity complete, quiz submit, track-time) first checks that the
# course is visible, that the caller is enrolled and that the content is in the course, and
# reads the content's item. Joined, that was three or four statements and ~6 ms of ORM per
# write; here the course and content (with its item and a quiz's questions) are read once
# per ``lms.tree`` version and kept pickled (each request unpickles its own instances, so
# nothing is shared between requests), and only the enrollment is asked per write.

_ENROLLED_SQL = f'SELECT 1 FROM "{Enrollment._meta.db_table}" WHERE user_id = %s AND course_id = %s LIMIT 1'


def is_enrolled(*, user_id: int | None, course_id: int) -> bool:
    """1 statement (none without a user row here): one probe of the (course, user) unique index."""
    if user_id is None:
        return False
    with connection.cursor() as cursor:
        cursor.execute(_ENROLLED_SQL, [user_id, course_id])
        return cursor.fetchone() is not None


def _learner_check(actor: Actor, course_id: int, course_active: bool) -> None:
    """``selectors.course_get_for_learner``'s checks on a course known to exist."""
    if not (course_active or actor.is_staff):
        raise CourseNotFound()
    if not actor.is_staff and not is_enrolled(user_id=actor.local_user_id, course_id=course_id):
        raise NotEnrolled()


def _write_target(course_id: int, content_id: int) -> tuple[bytes | None, bytes | None]:
    """3-4 statements: the course, the content in it and its item (a quiz: and its questions)."""
    course = Course.objects.filter(id=course_id).first()
    if course is None:
        return None, None
    try:
        content = selectors.content_get_in_course(course=course, content_id=content_id)
    except ContentNotFound:
        return pickle.dumps(course), None
    return pickle.dumps(course), pickle.dumps(content)


def learner_content(*, actor: Actor, course_id: int, content_id: int) -> tuple[Course, Content]:
    """``selectors.course_get_for_learner`` then ``selectors.content_get_in_course`` (same
    answers, same errors in the same order): 1 statement on a warm cache, the enrollment
    (none for staff)."""
    course_blob, content_blob = cache.cached(
        TREE, ("write-target", course_id, content_id), lambda: _write_target(course_id, content_id)
    )
    if course_blob is None:
        raise CourseNotFound()
    course: Course = pickle.loads(course_blob)  # noqa: S301 (our own bytes, from this process)
    _learner_check(actor, course_id, course.is_active)
    course.is_enrolled = True  # type: ignore[attr-defined]  # as course_get_for_learner annotates it
    if content_blob is None:
        raise ContentNotFound()
    return course, pickle.loads(content_blob)  # noqa: S301


def _content_course(content_id: int) -> tuple[int, bool] | None:
    row = (
        Content.objects.filter(id=content_id)
        .values_list("submodule__module__course_id", "submodule__module__course__is_active")
        .first()
    )
    return (row[0], row[1]) if row is not None else None


def learner_content_course(*, actor: Actor, content_id: int) -> int | None:
    """The course of ``content_id`` once the caller may learn in it (the checks of
    ``selectors.course_get_for_learner``); None when no such content exists. 1 statement on
    a warm cache (the enrollment; none for staff)."""
    found = cache.cached(TREE, ("content-course", content_id), lambda: _content_course(content_id))
    if found is None:
        return None
    course_id, active = found
    _learner_check(actor, course_id, active)
    return course_id
