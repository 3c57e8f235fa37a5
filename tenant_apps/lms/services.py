"""Writes of the learning core: authoring (courses, tree, items) and learning (enrollment,
likes, comments, progress, submissions)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import IntegrityError, connection, models, transaction
from django.db.models import QuerySet
from django.utils import timezone

from core.errors import FieldErrors, full_clean
from core.updates import fields_apply, given
from tenant_apps.accounts.actor import Actor
from tenant_apps.accounts.models import User
from tenant_apps.audit import services as audit
from tenant_apps.audit.models import AuditAction
from tenant_apps.certificates.triggers import certificate_queue_for_content
from tenant_apps.lms.cache import progress_changed
from tenant_apps.lms.errors import AlreadyEnrolled, ItemInUse, NotEnrolled
from tenant_apps.lms.models import (
    ITEM_FIELD,
    MCQ,
    Article,
    Assignment,
    CodingProblem,
    Content,
    ContentComment,
    ContentProgress,
    ContentType,
    Course,
    CourseLike,
    Enrollment,
    Instructor,
    Module,
    Quiz,
    QuizMCQ,
    Submission,
    SubModule,
    TrustedBy,
    VideoTutorial,
)
from tenant_apps.lms.selectors import progress_rows
from tenant_apps.webhooks import services as webhooks
from tenant_apps.webhooks.models import EventType

if TYPE_CHECKING:
    from tenant_apps.lms.client_builder import BuilderSave

M = TypeVar("M", bound=models.Model)
# What a Content can hold; every item has a title, which its contents mirror.
Item = Article | VideoTutorial | Quiz | Assignment | CodingProblem
ITEM_TYPES = (Article, VideoTutorial, Quiz, Assignment, CodingProblem)
ITEM_MODEL: dict[str, type[Item]] = {
    ContentType.ARTICLE: Article,
    ContentType.VIDEO_TUTORIAL: VideoTutorial,
    ContentType.QUIZ: Quiz,
    ContentType.ASSIGNMENT: Assignment,
    ContentType.CODING_PROBLEM: CodingProblem,
}


def learner_of(actor: Actor) -> User:
    """The caller's row to write learner rows with; a visiting platform admin has none here."""
    return actor.require_local(action="act as learners in a client portal")


def _ids_exist(model: type[models.Model], ids: list[int], field: str) -> list[int]:
    wanted = list(dict.fromkeys(ids))
    found = set(model._default_manager.filter(id__in=wanted).values_list("id", flat=True))
    missing = [str(pk) for pk in wanted if pk not in found]
    if missing:
        raise FieldErrors({field: f"Unknown id(s): {', '.join(missing)}."})
    return wanted


def _clean_save(instance: M, *, exclude: list[str] | None = None) -> M:
    full_clean(instance, exclude=exclude, validate_constraints=False)
    instance.save()
    return instance


def _authored(action: AuditAction, instance: models.Model, pk: Any = None, **data: Any) -> None:
    """Audit an authoring write (in its transaction); who and from where come from the request."""
    audit.record(
        action=action,
        target_type=instance._meta.model_name or "",
        target_id=pk if pk is not None else instance.pk,
        data={"title": getattr(instance, "title", None), **data} if hasattr(instance, "title") else data,
    )


def _given(**fields: Any) -> list[str]:
    return sorted(name for name, value in fields.items() if value is not None)


# --- courses -----------------------------------------------------------------------------


@transaction.atomic
def course_create(
    *,
    title: str,
    description: str = "",
    is_active: bool = True,
    instructor_ids: list[int] | None = None,
    trusted_by_ids: list[int] | None = None,
    created_by: User | None = None,
) -> Course:
    course = _clean_save(Course(title=title, description=description, is_active=is_active, created_by=created_by))
    if instructor_ids:
        course.instructors.set(_ids_exist(Instructor, instructor_ids, "instructor_ids"))
    if trusted_by_ids:
        course.trusted_by.set(_ids_exist(TrustedBy, trusted_by_ids, "trusted_by"))
    _authored(AuditAction.COURSE_CREATED, course)
    return course


@transaction.atomic
def course_update(
    *,
    course: Course,
    title: str | None = None,
    description: str | None = None,
    is_active: bool | None = None,
    instructor_ids: list[int] | None = None,
    trusted_by_ids: list[int] | None = None,
) -> Course:
    fields_apply(course, given(title=title, description=description, is_active=is_active))
    _clean_save(course, exclude=["created_by"])
    if instructor_ids is not None:
        course.instructors.set(_ids_exist(Instructor, instructor_ids, "instructor_ids"))
    if trusted_by_ids is not None:
        course.trusted_by.set(_ids_exist(TrustedBy, trusted_by_ids, "trusted_by"))
    changed = _given(
        title=title,
        description=description,
        is_active=is_active,
        instructor_ids=instructor_ids,
        trusted_by_ids=trusted_by_ids,
    )
    _authored(AuditAction.COURSE_UPDATED, course, fields=changed)
    return course


@transaction.atomic
def contents_purge(contents: QuerySet[Content]) -> int:
    """Delete contents and the items they own (and quiz MCQs no other quiz uses).

    A bounded number of queries whatever the number of contents.
    """
    rows = list(contents.values_list("id", *(f"{field}_id" for field in ITEM_FIELD.values())))
    if not rows:
        return 0
    item_ids: dict[str, list[int]] = {content_type: [] for content_type in ITEM_FIELD}
    for row in rows:
        for index, content_type in enumerate(ITEM_FIELD, start=1):
            if row[index] is not None:
                item_ids[content_type].append(row[index])
    quiz_ids = item_ids[ContentType.QUIZ]
    mcq_ids = list(QuizMCQ.objects.filter(quiz_id__in=quiz_ids).values_list("mcq_id", flat=True)) if quiz_ids else []
    Content.objects.filter(id__in=[row[0] for row in rows]).delete()
    for content_type, ids in item_ids.items():
        if ids:
            ITEM_MODEL[content_type]._default_manager.filter(id__in=ids).delete()
    if mcq_ids:
        MCQ.objects.filter(id__in=mcq_ids, quiz_mcqs__isnull=True).delete()
    return len(rows)


@transaction.atomic
def course_delete(*, course: Course) -> None:
    """Delete a course, its tree, its learners' rows and every item its contents own."""
    contents_purge(Content.objects.filter(submodule__module__course=course))
    pk = course.pk
    course.delete()
    _authored(AuditAction.COURSE_DELETED, course, pk=pk)


# --- modules, submodules, contents -------------------------------------------------------


@transaction.atomic
def module_create(*, course: Course, title: str, weekno: int = 1, description: str = "") -> Module:
    module = _clean_save(Module(course=course, title=title, weekno=weekno, description=description))
    _authored(AuditAction.MODULE_CREATED, module, course_id=course.id)
    return module


@transaction.atomic
def module_update(*, module: Module, data: dict[str, Any]) -> Module:
    fields = fields_apply(module, given(**{field: data.get(field) for field in ("title", "weekno", "description")}))
    _clean_save(module)
    _authored(AuditAction.MODULE_UPDATED, module, course_id=module.course_id, fields=fields)
    return module


@transaction.atomic
def module_delete(*, module: Module) -> None:
    contents_purge(Content.objects.filter(submodule__module=module))
    pk = module.pk
    module.delete()
    _authored(AuditAction.MODULE_DELETED, module, pk=pk, course_id=module.course_id)


@transaction.atomic
def submodule_create(*, module: Module, title: str, description: str = "", order: int = 1) -> SubModule:
    submodule = _clean_save(SubModule(module=module, title=title, description=description, order=order))
    _authored(AuditAction.SUBMODULE_CREATED, submodule, module_id=module.id)
    return submodule


@transaction.atomic
def submodule_update(*, submodule: SubModule, data: dict[str, Any]) -> SubModule:
    fields = fields_apply(submodule, given(**{field: data.get(field) for field in ("title", "description", "order")}))
    _clean_save(submodule)
    _authored(AuditAction.SUBMODULE_UPDATED, submodule, module_id=submodule.module_id, fields=fields)
    return submodule


@transaction.atomic
def submodule_delete(*, submodule: SubModule) -> None:
    contents_purge(Content.objects.filter(submodule=submodule))
    pk = submodule.pk
    submodule.delete()
    _authored(AuditAction.SUBMODULE_DELETED, submodule, pk=pk, module_id=submodule.module_id)


def _item_for(content_type: str, content_id: int, *, current: Content | None = None) -> Item:
    if content_type not in ITEM_MODEL:
        raise FieldErrors({"content_type": f"Choose one of {', '.join(ContentType.values)}."})
    item = ITEM_MODEL[content_type]._default_manager.filter(id=content_id).first()
    if item is None:
        raise FieldErrors({"content_id": f"No {content_type} with id {content_id}."})
    used = Content.objects.filter(**{ITEM_FIELD[content_type]: item})
    if current is not None:
        used = used.exclude(id=current.id)
    if used.exists():
        raise ItemInUse()
    return item


def _attach(content: Content, content_type: str, item: Item) -> None:
    content.content_type = content_type
    for field in ITEM_FIELD.values():
        setattr(content, field, None)
    setattr(content, ITEM_FIELD[content_type], item)
    content.title = getattr(item, "title", "")[:255]


def _content_save(content: Content) -> Content:
    try:
        with transaction.atomic():
            return _clean_save(content)
    except IntegrityError as exc:  # a concurrent attach of the same item
        raise ItemInUse() from exc


@transaction.atomic
def content_create(*, submodule: SubModule, content_type: str, content_id: int, order: int = 1) -> Content:
    item = _item_for(content_type, content_id)
    content = Content(submodule=submodule, order=order)
    _attach(content, content_type, item)
    _content_save(content)
    _authored(AuditAction.CONTENT_CREATED, content, content_type=content_type, item_id=item.id)
    return content


@transaction.atomic
def content_update(
    *, content: Content, content_type: str | None = None, content_id: int | None = None, order: int | None = None
) -> Content:
    if content_type is not None or content_id is not None:
        new_type = content_type or content.content_type
        new_id = content_id if content_id is not None else content.item_id
        if new_type != content.content_type or new_id != content.item_id:
            _attach(content, new_type, _item_for(new_type, new_id, current=content))
            content.is_verified, content.verified_at = False, None
    if order is not None:
        content.order = order
    _content_save(content)
    _authored(
        AuditAction.CONTENT_UPDATED,
        content,
        fields=_given(content_type=content_type, content_id=content_id, order=order),
    )
    return content


@transaction.atomic
def content_delete(*, content: Content) -> None:
    contents_purge(Content.objects.filter(id=content.id))
    _authored(AuditAction.CONTENT_DELETED, content, content_type=content.content_type)


@transaction.atomic
def content_verify(*, content: Content) -> Content:
    content.is_verified = True
    content.verified_at = timezone.now()
    content.save(update_fields=["is_verified", "verified_at", "updated_at"])
    _authored(AuditAction.CONTENT_UPDATED, content, fields=["is_verified"])
    return content


# --- items, instructors, trusted-by -----------------------------------------------------


@transaction.atomic
def item_save(*, model: type[M], instance: M | None = None, data: dict[str, Any]) -> M:
    """Create or replace an Article / VideoTutorial / Assignment / CodingProblem / MCQ /
    Instructor / TrustedBy from validated data; a Quiz's ``mcq_ids`` sets its questions."""
    data = dict(data)
    mcq_ids = data.pop("mcq_ids", None)
    created = instance is None
    instance = instance or model()
    fields_apply(instance, data)
    if isinstance(instance, MCQ):
        _mcq_check(instance)
    _clean_save(instance)
    if isinstance(instance, Quiz) and mcq_ids is not None:
        QuizMCQ.objects.filter(quiz=instance).delete()
        QuizMCQ.objects.bulk_create(
            QuizMCQ(quiz=instance, mcq_id=mcq_id, order=position)
            for position, mcq_id in enumerate(_ids_exist(MCQ, mcq_ids, "mcq_ids"))
        )
    if "title" in data and model in ITEM_MODEL.values() and isinstance(instance, ITEM_TYPES):
        Content.objects.filter(**{_item_field(model): instance}).update(title=instance.title[:255])
    if "marks" in data and not created and isinstance(instance, Article | VideoTutorial):
        completion_marks_sync(item=instance)
    fields = sorted([*data, *(["mcq_ids"] if mcq_ids is not None else [])])
    _authored(AuditAction.ITEM_CREATED if created else AuditAction.ITEM_UPDATED, instance, fields=fields)
    return instance


@transaction.atomic
def builder_item_save(
    *,
    model: type[M],
    instance: M | None = None,
    data: dict[str, Any],
    questions: list[Any] | None = None,
    questions_field: str = "mcqs",
) -> M:
    """``item_save`` for the older build's course builder and content editors
    (``client_builder``): a quiz's ``questions`` become its questions after ``mcq_ids``, in
    order: ids as they are, new questions (MCQ bodies) created, and this quiz's own questions
    (bodies with their ``id``) changed in place. All or nothing; a fault names the question
    under ``questions_field`` (``questions.1.id``)."""
    if questions is not None:
        own: dict[int, MCQ] = {}
        if isinstance(instance, Quiz):
            own = {link.mcq_id: link.mcq for link in instance.quiz_mcqs.select_related("mcq")}
        ids = list(data.get("mcq_ids") or [])
        for n, question in enumerate(questions):
            if isinstance(question, int):
                ids.append(question)
                continue
            body = dict(question)
            pk = body.pop("id", None)
            if pk is None:
                ids.append(item_save(model=MCQ, data=body).pk)
            elif pk in own:
                ids.append(item_save(model=MCQ, instance=own[pk], data=body).pk)
            else:
                raise FieldErrors({f"{questions_field}.{n}.id": f"Question {pk} is not one of this quiz's."})
        data = {**data, "mcq_ids": ids}
    return item_save(model=model, instance=instance, data=data)


@transaction.atomic
def content_edit(
    *,
    content: Content,
    content_type: str | None = None,
    content_id: int | None = None,
    order: int | None = None,
    item: BuilderSave | None = None,
) -> Content:
    """The older build's content editors: the contract's content fields, then the item the
    content shows (after them) takes the item's fields, in one transaction."""
    if item is None or content_type is not None or content_id is not None or order is not None:
        content_update(content=content, content_type=content_type, content_id=content_id, order=order)
    if item is not None:
        shown = content.item
        builder_item_save(
            model=type(shown),
            instance=shown,
            data=item.data,
            questions=item.questions,
            questions_field=item.questions_field,
        )
    return content


def _item_field(model: type[models.Model]) -> str:
    return next(ITEM_FIELD[content_type] for content_type, item_model in ITEM_MODEL.items() if item_model is model)


def _mcq_check(mcq: MCQ) -> None:
    options = mcq.options
    if not isinstance(options, list) or not 2 <= len(options) <= 6 or not all(isinstance(o, str) for o in options):
        raise FieldErrors({"options": "Give 2 to 6 options, each a string."})
    if not 0 <= mcq.correct_answer < len(options):
        raise FieldErrors({"correct_answer": f"Must index the options (0 to {len(options) - 1})."})


@transaction.atomic
def item_delete(*, instance: models.Model) -> None:
    """Deleting an item deletes the content that shows it (DB cascade); a quiz's own MCQs
    that no other quiz uses go with it."""
    pk = instance.pk
    if isinstance(instance, Quiz):
        mcq_ids = list(instance.quiz_mcqs.values_list("mcq_id", flat=True))
        instance.delete()
        MCQ.objects.filter(id__in=mcq_ids, quiz_mcqs__isnull=True).delete()
    else:
        instance.delete()
    _authored(AuditAction.ITEM_DELETED, instance, pk=pk)


# --- learning ----------------------------------------------------------------------------


def enrollment_create(*, course: Course, actor: Actor) -> Enrollment:
    return enrollment_create_for(course=course, user_id=learner_of(actor).id)


def enrollment_create_for(*, course: Course, user_id: int) -> Enrollment:
    """Enrol one user (the learner themself, or an admin enrolling a student)."""
    uid = user_id
    try:
        with transaction.atomic():
            enrollment = Enrollment.objects.create(course=course, user_id=uid)
            webhooks.emit(
                EventType.ENROLLMENT_CREATED,
                {
                    "enrollment_id": enrollment.id,
                    "course_id": course.id,
                    "course_title": course.title,
                    "user_id": uid,
                    "enrolled_at": enrollment.enrolled_at,
                },
            )
            return enrollment
    except IntegrityError as exc:
        raise AlreadyEnrolled() from exc


def enrollment_delete_for(*, course: Course, user_id: int) -> None:
    """Unenrol a user (an admin's action): their progress and submissions stay, so enrolling
    again brings the course back where they left it."""
    deleted, _ = Enrollment.objects.filter(course=course, user_id=user_id).delete()
    if not deleted:
        raise NotEnrolled("The student is not enrolled in this course.", status_code=400)


@transaction.atomic
def course_like_toggle(*, course: Course, actor: Actor) -> dict[str, Any]:
    """Unlike if liked, else like. Concurrent toggles cannot collide: the insert is
    ``ON CONFLICT DO NOTHING`` (a like that appeared meanwhile stays, once)."""
    uid = learner_of(actor).id
    deleted, _ = CourseLike.objects.filter(course=course, user_id=uid).delete()
    if not deleted:
        CourseLike.objects.bulk_create([CourseLike(course=course, user_id=uid)], ignore_conflicts=True)
    return {"liked": not deleted, "likes_count": CourseLike.objects.filter(course=course).count()}


def comment_create(*, content: Content, actor: Actor, text: str | None) -> ContentComment:
    learner = learner_of(actor)
    text = (text or "").strip()
    if not text:
        raise FieldErrors({"comment": "This field may not be blank."})
    comment = ContentComment.objects.create(content=content, user=learner, text=text)
    return comment


_PROGRESS = ContentProgress._meta.db_table
# An article's or video's marks, awarded by completing it (NULL for the other kinds, whose
# best score comes from graded attempts; docs/real-client.md, "Article and video marks").
_COMPLETION_MARKS_SQL = (
    f'SELECT COALESCE(a.marks, v.marks) FROM "{Content._meta.db_table}" c '  # noqa: S608 (our tables)
    f'LEFT JOIN "{Article._meta.db_table}" a ON a.id = c.article_id '
    f'LEFT JOIN "{VideoTutorial._meta.db_table}" v ON v.id = c.video_tutorial_id WHERE c.id = %(c)s'
)
# One statement per completion: the row is created completed, or flipped to completed, and
# returned only then (an already completed content changes nothing and returns nothing); an
# article or video gets its marks as its best (and maximum) score. Before: a savepoint,
# ``get_or_create``'s SELECT and its release on every repeat.
_COMPLETE_SQL = (
    f"WITH m AS (SELECT ({_COMPLETION_MARKS_SQL}) AS marks) "
    f'INSERT INTO "{_PROGRESS}" AS p (user_id, content_id, is_completed, completed_at, best_score, max_score, '  # noqa: S608 (our table)
    "attempts, created_at, updated_at) SELECT %(u)s, %(c)s, true, %(now)s, COALESCE(m.marks, 0), "
    "COALESCE(m.marks, 0), 0, %(now)s, %(now)s FROM m "
    "ON CONFLICT (user_id, content_id) DO UPDATE SET is_completed = true, completed_at = EXCLUDED.completed_at, "
    "updated_at = EXCLUDED.updated_at, best_score = COALESCE((SELECT marks FROM m), p.best_score), "
    "max_score = COALESCE((SELECT marks FROM m), p.max_score) WHERE NOT p.is_completed RETURNING p.id"
)


def completion_marks_sync(*, item: Article | VideoTutorial) -> None:
    """After an article's or video's marks change: the learners who completed the content
    showing it hold the new marks (as if they completed it now), so every board and report
    counts the marks the content is worth today. One statement, and the leaderboards'
    cache bumped."""
    field = _item_field(type(item))
    updated = ContentProgress.objects.filter(**{f"content__{field}": item}, is_completed=True).update(
        best_score=item.marks, max_score=item.marks, updated_at=timezone.now()
    )
    if updated:
        progress_changed()


# The learner's progress row of a content when it is completed (parameters ``u`` and
# ``content``): a condition other apps' statements ride on (``activity.services``: a repeated
# completion changes nothing here, so its event is the whole write).
COMPLETED_SQL = f'SELECT 1 FROM "{_PROGRESS}" WHERE user_id = %(u)s AND content_id = %(content)s AND is_completed'  # noqa: S608


def progress_complete(*, content: Content, learner: User) -> bool:
    """Mark ``content`` completed for ``learner`` (a row of this client's schema,
    ``learner_of(actor)``); True when that is new, which also queues the certificate check
    and the completion events (in the caller's transaction, or one of its own)."""
    uid = learner.id
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.execute(_COMPLETE_SQL, {"u": uid, "c": content.id, "now": timezone.now()})
        if cursor.fetchone() is None:
            return False
        progress_changed()  # raw SQL sends no signal
        certificate_queue_for_content(user_id=uid, content_id=content.id)
        completion_events(content=content, user_id=uid)
    return True


def completion_events(*, content: Content, user_id: int) -> None:
    """``content.completed`` for a content just completed, and ``course.completed`` when it
    was the last one of its course the learner had left (two queries, in the caller's
    transaction)."""
    course = Course.objects.filter(modules__submodules__contents=content).values("id", "title").first()
    webhooks.emit(
        EventType.CONTENT_COMPLETED,
        {
            "user_id": user_id,
            "content_id": content.id,
            "content_type": content.content_type,
            "title": content.title,
            "course_id": course["id"] if course else None,
        },
    )
    if course is None:
        return
    left = (
        Content.objects.filter(submodule__module__course_id=course["id"])
        .exclude(id__in=ContentProgress.objects.filter(user_id=user_id, is_completed=True).values("content_id"))
        .exists()
    )
    if not left:
        webhooks.emit(
            EventType.COURSE_COMPLETED,
            {"user_id": user_id, "course_id": course["id"], "course_title": course["title"]},
        )


# A graded attempt stored and folded into the progress row in one statement (before:
# ``Submission.objects.create``, then ``get_or_create`` and an UPDATE): the submission row
# (a data-modifying CTE), and the progress row as ``get_or_create`` would have created it
# (nothing completed, no marks, no attempts), then one more attempt, the best score, and the
# completion when the attempt completes. ``was_completed`` is the row as the statement found
# it; the submission's id comes back beside it.
_SUBMISSION = Submission._meta.db_table
_ATTEMPT_SQL = (
    f'WITH old AS (SELECT is_completed FROM "{_PROGRESS}" WHERE user_id = %(u)s AND content_id = %(c)s), '  # noqa: S608
    f'submitted AS (INSERT INTO "{_SUBMISSION}" (user_id, content_id, content_type, payload, result, score, '
    "max_score, status, submitted_at) VALUES (%(u)s, %(c)s, %(type)s, %(payload)s, %(result)s, %(sub_score)s, "
    "%(sub_max)s, %(status)s, %(now)s) RETURNING id) "
    f'INSERT INTO "{_PROGRESS}" AS p (user_id, content_id, is_completed, completed_at, best_score, max_score, '
    "attempts, created_at, updated_at) VALUES (%(u)s, %(c)s, %(completes)s, "
    "CASE WHEN %(completes)s THEN %(now)s::timestamptz END, GREATEST(0, %(score)s), %(max)s, 1, %(now)s, %(now)s) "
    "ON CONFLICT (user_id, content_id) DO UPDATE SET attempts = p.attempts + 1, "
    "best_score = GREATEST(p.best_score, %(score)s), max_score = EXCLUDED.max_score, updated_at = EXCLUDED.updated_at, "
    "is_completed = p.is_completed OR %(completes)s, "
    "completed_at = CASE WHEN %(completes)s THEN COALESCE(p.completed_at, EXCLUDED.completed_at) "
    "ELSE p.completed_at END "
    "RETURNING COALESCE((SELECT is_completed FROM old), false), (SELECT id FROM submitted)"
)


# A graded attempt when the learner's progress row is already completed (every attempt after
# the first of a quiz), in one statement that needs no transaction of its own: the progress
# row's attempt (as ``_ATTEMPT_SQL`` updates a completed row: one more attempt, the best
# score, the maximum; the completion stays), the submission (written only when that row was
# found), and a ``Rider``'s CTEs reading ``submitted``. No row comes back when the row is
# missing or not completed: nothing was written. Beside the submission's id comes whether the
# attempt raised the best score: of what the attempt changes (attempts, best and maximum
# score, ``updated_at``), the best score is all that ``lms.progress`` readers hold (the
# leaderboards: best scores, completions and their times), so only then is the version
# bumped. ``old`` is the row in the statement's snapshot; a best score only grows (a reset
# deletes the row, and the ``UPDATE`` then finds none), so a concurrent better attempt can
# only make the comparison say "raised" once too often (one bump too many), never too few.
_ATTEMPT_AGAIN_SQL = (
    f'WITH old AS (SELECT best_score FROM "{_PROGRESS}" WHERE user_id = %(u)s AND content_id = %(c)s), '  # noqa: S608
    f'progressed AS (UPDATE "{_PROGRESS}" AS p SET attempts = p.attempts + 1, '  # noqa: S608 (our tables)
    "best_score = GREATEST(p.best_score, %(score)s), max_score = %(max)s, updated_at = %(now)s "
    "WHERE p.user_id = %(u)s AND p.content_id = %(c)s AND p.is_completed RETURNING p.id), "
    f'submitted AS (INSERT INTO "{_SUBMISSION}" (user_id, content_id, content_type, payload, result, score, '
    "max_score, status, submitted_at) SELECT %(u)s, %(c)s, %(type)s, %(payload)s, %(result)s, %(sub_score)s, "
    "%(sub_max)s, %(status)s, %(now)s FROM progressed RETURNING id, status){rider} "
    "SELECT id, COALESCE(%(score)s > (SELECT best_score FROM old), true) FROM submitted"
)


@dataclass(frozen=True)
class Rider:
    """Another app's write that belongs to a graded attempt (the activity app's ``submit``
    event and its rollup count): ``ctes``, data-modifying CTEs over ``submitted(id, status)``
    with their ``params`` (their own names: prefixed here), riding in the attempt's own
    statement when that can be one; otherwise ``then(submission)`` runs after the attempt in
    its transaction."""

    ctes: str
    params: dict[str, Any]
    then: Callable[[Submission], object]


def submission_record(
    *,
    content: Content,
    learner: User,
    payload: dict[str, Any],
    result: dict[str, Any],
    score: Decimal,
    max_score: Decimal,
    status: str,
    completes: bool,
    rider: Rider | None = None,
) -> Submission:
    """Store a graded attempt and fold it into the learner's progress (best score, completion).

    ``learner`` is a row of this client's schema (``learner_of(actor)``). An attempt on a
    content already completed is one statement with ``rider`` in it (no transaction of its
    own: the statement is atomic, and commits durably); a first one is a transaction (the
    attempt, ``rider.then``, the completion's events and certificate check)."""
    uid = learner.id
    now = timezone.now()

    def prepared(name: str, value: Any) -> Any:
        field = Submission._meta.get_field(name)
        assert isinstance(field, models.Field)  # a concrete column, not a relation
        return field.get_db_prep_save(value, connection)

    params = {
        "u": uid,
        "c": content.id,
        "completes": completes,
        "now": now,
        "score": score,
        "max": max_score,
        "type": content.content_type,
        "payload": prepared("payload", payload),
        "result": prepared("result", result),
        "sub_score": prepared("score", score),
        "sub_max": prepared("max_score", max_score),
        "status": status,
    }
    # The row as ``Submission.objects.create`` would have returned it (no model signal has
    # receivers for submissions).
    submission = Submission(
        user_id=uid,
        content=content,
        content_type=content.content_type,
        payload=payload,
        result=result,
        score=score,
        max_score=max_score,
        status=status,
        submitted_at=now,
    )
    submission._state.adding, submission._state.db = False, connection.alias
    if rider is not None:
        with connection.cursor() as cursor:
            cursor.execute(
                _ATTEMPT_AGAIN_SQL.format(rider=", " + rider.ctes.replace("%(", "%(rider_") if rider.ctes else ""),
                {**params, **{f"rider_{name}": value for name, value in rider.params.items()}},
            )
            row = cursor.fetchone()
        if row is not None:
            submission.id, raised = row
            if raised:  # else nothing a ``lms.progress`` reader holds has changed
                progress_changed()
            return submission
    with transaction.atomic(savepoint=False):
        with connection.cursor() as cursor:
            cursor.execute(_ATTEMPT_SQL, params)
            was_completed, submission.id = cursor.fetchone()
        progress_changed()  # raw SQL sends no signal
        if completes and not was_completed:
            certificate_queue_for_content(user_id=uid, content_id=content.id)
            completion_events(content=content, user_id=uid)
        if rider is not None:
            rider.then(submission)
    return submission


def progress_reset(*, user_id: int, course_ids: list[int] | None) -> dict[str, int]:
    """Delete a learner's progress (``selectors.progress_rows``: completions, best scores,
    graded attempts) in ``course_ids`` (every course when None); returns how many rows of each
    kind went. The caller holds the transaction. Enrollments stay.

    ``ContentProgress`` is deleted without per-row signals: its only receiver bumps the
    progress cache, done once here for all rows (the leaderboards rank from it)."""
    removed: dict[str, int] = {}
    for kind, qs in progress_rows(user_id=user_id, course_ids=course_ids).items():
        if qs.model is ContentProgress:
            removed[kind] = qs._raw_delete(qs.db)
        else:
            removed[kind] = qs.delete()[1].get(qs.model._meta.label, 0)
    progress_changed()
    return removed
