"""Reads of the learning core. Every selector loads what its response needs in a fixed
number of queries (counted in the query-budget tests)."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import UTC, date, datetime, tzinfo
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypedDict, TypeVar, cast

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection, models
from django.db.models import (
    BooleanField,
    CharField,
    Count,
    DateTimeField,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    JSONField,
    Model,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Greatest, JSONObject, TruncDate

from core.queries import of_user
from tenant_apps.accounts.actor import Actor
from tenant_apps.accounts.models import User
from tenant_apps.lms import course_streaks
from tenant_apps.lms.errors import ContentNotFound, CourseNotFound, NotEnrolled, NotFoundSubmission
from tenant_apps.lms.models import (
    ITEM_FIELD,
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
)
from tenants.timezone import client_zone

ITEM_FIELDS = tuple(ITEM_FIELD.values())
LibraryM = TypeVar("LibraryM", bound=Model)
PROFILE_PICS_SHOWN = 5
# Leaderboards count all progress, graded or not: a completed content (an article or a video
# as much as a quiz) earns these points on top of its marks. So of two learners with the same
# marks, the one who completed more ranks higher (docs/lms.md, "Progress, scores, leaderboard").
POINTS_PER_COMPLETED_CONTENT = 10
# The fields of a ranked User that leaderboard rows read.
LEADER_USER_FIELDS = ("id", "email", "first_name", "last_name", "profile_pic_url", "role")


# What selectors annotate onto their rows, so readers of a row are type-checked.
class _CourseCompletionValues(TypedDict):
    total_contents: int
    enrolled_students: int
    completed_students: int
    started_students: int


class _CourseListValues(TypedDict):
    # (and course_card_annotations' values: splatted, so the type checker does not see them)
    enrolled_total: int
    pic_enrollments: list[Enrollment]  # Prefetch(to_attr): the latest enrollments with a picture


class _ModuleProgressValues(TypedDict):
    total_contents: int
    completed_contents: int


class _LeaderboardValues(TypedDict):
    marks: Decimal
    completed_contents: int
    score: Decimal
    rank: int


class _CourseDetailValues(TypedDict):
    likes_count: int
    is_enrolled: bool
    is_liked: bool
    enrolled_total: int
    is_certified: bool
    instructor_rows: list[dict[str, Any]]  # ArraySubquery of JSON objects, in the instructors' order


class _CompletionValues(TypedDict):
    is_completed: bool


class _OutlineValues(_CompletionValues):
    duration_in_minutes: int
    question_count: int
    item_max_marks: Decimal | None
    submission_count: int
    best_score: Decimal | None


class _ContentStandingValues(_CompletionValues):
    has_submitted: bool


class _FinishedCourseValues(TypedDict):
    total_contents: int
    completed_contents: int
    finished_at: datetime | None


# The rows' types exist for the type checker only (WithAnnotations is not subscriptable at run time).
if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    from tenant_apps.lms.schemas import AssignmentSubmissionFilter, ContentFilter

    CourseListRow = WithAnnotations[Course, _CourseListValues]
    CourseCompletionRow = WithAnnotations[Course, _CourseCompletionValues]
    CourseDetailRow = WithAnnotations[Course, _CourseDetailValues]
    OutlineContent = WithAnnotations[Content, _OutlineValues]
    ModuleProgressRow = WithAnnotations[Module, _ModuleProgressValues]
    LeaderboardRow = WithAnnotations[User, _LeaderboardValues]
    ContentWithCompletion = WithAnnotations[Content, _CompletionValues]
    ContentForLearner = WithAnnotations[Content, _ContentStandingValues]
    FinishedCourse = WithAnnotations[Course, _FinishedCourseValues]


class SubqueryCount(Subquery):
    """``(SELECT COUNT(*) FROM (<subquery>))``: a correlated count without join fan-out."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _count)"
    output_field = IntegerField()


class SubquerySum(Subquery):
    """``COALESCE(SUM(<the subquery's one column>), 0)``."""

    template = "(SELECT COALESCE(SUM(_sum.value), 0) FROM (%(subquery)s) _sum(value))"
    output_field = DecimalField(max_digits=12, decimal_places=2)


def _mine(queryset: QuerySet[Any], user_id: int | None, **filters: Any) -> Exists | Value:
    if user_id is None:
        return Value(False)
    return Exists(queryset.filter(user_id=user_id, **filters))


# The web client's course cards count contents by these keys (docs/real-client.md, "Course cards").
CARD_STAT_TYPES: dict[str, str] = {
    "video": ContentType.VIDEO_TUTORIAL,
    "article": ContentType.ARTICLE,
    "coding_problem": ContentType.CODING_PROBLEM,
    "quiz": ContentType.QUIZ,
    "assignment": ContentType.ASSIGNMENT,
}


def course_card_annotations(course_ref: OuterRef, user_id: int | None) -> dict[str, Any]:
    """Annotations for a row pointing at a course (``course_ref``), computed in the row's own
    query: ``card_stats`` (per content type, the course's contents and how many of them the
    user completed), ``num_modules`` and ``completed_modules`` (modules with contents, all of
    them completed by the user). A caller with no user row here has completed nothing."""
    contents = Content.objects.filter(submodule__module__course_id=course_ref)
    modules = Module.objects.filter(course_id=course_ref)
    done: QuerySet[ContentProgress] | None = None
    finished_modules: SubqueryCount | Value = Value(0)
    if user_id is not None:
        done = ContentProgress.objects.filter(
            user_id=user_id, is_completed=True, content__submodule__module__course_id=course_ref
        )
        module_contents = Content.objects.filter(submodule__module_id=OuterRef("pk"))
        unfinished = module_contents.exclude(
            Exists(ContentProgress.objects.filter(content_id=OuterRef("pk"), user_id=user_id, is_completed=True))
        )
        finished_modules = SubqueryCount(modules.filter(Exists(module_contents), ~Exists(unfinished)).values("id"))

    def tally(content_type: str) -> JSONObject:
        completed = (
            SubqueryCount(done.filter(content__content_type=content_type).values("id"))
            if done is not None
            else Value(0)
        )
        total = SubqueryCount(contents.filter(content_type=content_type).values("id"))
        return JSONObject(total=total, completed=completed)

    return {
        "card_stats": JSONObject(**{key: tally(content_type) for key, content_type in CARD_STAT_TYPES.items()}),
        "num_modules": SubqueryCount(modules.values("id")),
        "completed_modules": finished_modules,
    }


def course_streak_annotations(course_ref: OuterRef, user_id: int | None) -> dict[str, Any]:
    """The learner's course card's own annotations beside ``course_card_annotations``, in
    the row's own query: ``course_days`` (the user's active days on the course,
    ``course_streaks``) and ``is_certified`` (the user holds its certificate)."""
    return {
        "course_days": course_streaks.active_days(user_id=user_id, course_ref=course_ref, zone=client_zone()),
        "is_certified": (
            Exists(Course.objects.filter(pk=course_ref, certificates__user_id=user_id))
            if user_id is not None
            else Value(False)
        ),
    }


def percentage(done: int, total: int) -> float:
    return round(done * 100 / total, 2) if total else 0.0


# --- courses -----------------------------------------------------------------------------


def _visible_courses(actor: Actor) -> QuerySet[Course]:
    courses = Course.objects.all()
    return courses if actor.is_staff else courses.filter(is_active=True)


def course_get_for_user(*, course_id: int, actor: Actor) -> Course:
    """A course the user may see (students: active courses only). 1 query."""
    course = _visible_courses(actor).filter(id=course_id).first()
    if course is None:
        raise CourseNotFound()
    return course


def course_get_for_learner(*, course_id: int, actor: Actor) -> Course:
    """A visible course the user is enrolled in (staff need no enrollment). 1 query."""
    uid = actor.local_user_id
    course = (
        _visible_courses(actor)
        .annotate(is_enrolled=_mine(Enrollment.objects.filter(course=OuterRef("pk")), uid))
        .filter(id=course_id)
        .first()
    )
    if course is None:
        raise CourseNotFound()
    if not course.is_enrolled and not actor.is_staff:
        raise NotEnrolled()
    return course


def _recent_pictures() -> QuerySet[Enrollment]:
    """Enrollments of active users with a profile picture, latest first."""
    return (
        Enrollment.objects.filter(user__is_active=True)
        .exclude(user__profile_pic_url="")
        .select_related("user")
        .only("id", "course_id", "enrolled_at", "user__id", "user__profile_pic_url")
        .order_by("-enrolled_at", "-id")
    )


def course_list(*, actor: Actor) -> QuerySet[CourseListRow]:
    """4 queries: courses with counts, instructors, trusted_by, a few enrolled profile pics."""
    return course_list_rows(user_id=actor.local_user_id, is_staff=actor.is_staff)


def course_list_rows(*, user_id: int | None, is_staff: bool) -> QuerySet[CourseListRow]:
    """``course_list`` for ``user_id`` (None: nobody's standing, the shared part cached by
    ``learner_reads``); ``is_staff`` also lists inactive courses."""
    uid = user_id
    courses = Course.objects.all() if is_staff else Course.objects.filter(is_active=True)
    recent_pics = _recent_pictures()
    return (
        courses.annotate(
            enrolled_total=SubqueryCount(Enrollment.objects.filter(course=OuterRef("pk")).values("id")),
            likes_count=SubqueryCount(CourseLike.objects.filter(course=OuterRef("pk")).values("id")),
            is_enrolled=_mine(Enrollment.objects.filter(course=OuterRef("pk")), uid),
            is_liked=_mine(CourseLike.objects.filter(course=OuterRef("pk")), uid),
            **course_card_annotations(OuterRef("pk"), uid),
            **course_streak_annotations(OuterRef("pk"), uid),
        )
        .prefetch_related(
            "instructors",
            "trusted_by",
            Prefetch("enrollments", queryset=recent_pics[:PROFILE_PICS_SHOWN], to_attr="pic_enrollments"),
        )
        .order_by("id")
    )


def course_activity() -> list[tuple[int, str, str, bool]]:
    """1 query: every course's id, title, description and whether it is active."""
    return list(Course.objects.order_by("id").values_list("id", "title", "description", "is_active"))


def module_course_pairs() -> list[tuple[int, int]]:
    """1 query: every module's id and its course's."""
    return list(Module.objects.order_by("id").values_list("id", "course_id"))


def content_placement() -> list[tuple[int, str, int, int]]:
    """1 query: every content as (id, content_type, module id, course id)."""
    return list(
        Content.objects.order_by("id").values_list(
            "id", "content_type", "submodule__module_id", "submodule__module__course_id"
        )
    )


def _modules_with_progress(user_id: int | None) -> QuerySet[ModuleProgressRow]:
    completed = (
        SubqueryCount(
            ContentProgress.objects.filter(
                user_id=user_id, is_completed=True, content__submodule__module=OuterRef("pk")
            ).values("id")
        )
        if user_id is not None
        else Value(0)
    )
    return Module.objects.annotate(
        total_contents=SubqueryCount(Content.objects.filter(submodule__module=OuterRef("pk")).values("id")),
        completed_contents=completed,
    ).order_by("weekno", "id")


def _submodules_with_counts() -> QuerySet[SubModule]:
    def count(content_type: str) -> Count:
        return Count("contents", filter=Q(contents__content_type=content_type))

    return SubModule.objects.annotate(
        video_count=count(ContentType.VIDEO_TUTORIAL),
        quiz_count=count(ContentType.QUIZ),
        article_count=count(ContentType.ARTICLE),
        coding_problem_count=count(ContentType.CODING_PROBLEM),
        assignment_count=count(ContentType.ASSIGNMENT),
    ).order_by("order", "id")


def _instructor_rows() -> ArraySubquery:
    """The course's instructors as JSON objects inside the course's own query (no prefetch)."""
    fields = ("id", "name", "bio", "profile_pic_url", "linkedin")
    instructors = Instructor.objects.filter(courses=OuterRef("pk")).order_by("id")
    return ArraySubquery(instructors.values(row=JSONObject(**{field: field for field in fields})))


def course_detail(*, course_id: int, actor: Actor) -> CourseDetailRow:
    """3 queries: the course (with its counts, the user's standing and its instructors), its
    modules (with the user's progress), their submodules (with counts by content type)."""
    course = course_detail_row(course_id=course_id, user_id=actor.local_user_id, is_staff=actor.is_staff)
    if course is None:
        raise CourseNotFound()
    return course


def course_detail_row(*, course_id: int, user_id: int | None, is_staff: bool = True) -> CourseDetailRow | None:
    """``course_detail`` for ``user_id`` (None: the shared part ``learner_reads`` caches)."""
    uid = user_id
    modules = _modules_with_progress(uid).prefetch_related(Prefetch("submodules", queryset=_submodules_with_counts()))
    courses = Course.objects.all() if is_staff else Course.objects.filter(is_active=True)
    return (
        courses.annotate(
            likes_count=SubqueryCount(CourseLike.objects.filter(course=OuterRef("pk")).values("id")),
            is_enrolled=_mine(Enrollment.objects.filter(course=OuterRef("pk")), uid),
            is_liked=_mine(CourseLike.objects.filter(course=OuterRef("pk")), uid),
            enrolled_total=SubqueryCount(Enrollment.objects.filter(course=OuterRef("pk")).values("id")),
            is_certified=(
                Exists(Course.objects.filter(pk=OuterRef("pk"), certificates__user_id=uid))
                if uid is not None
                else Value(False)
            ),
            instructor_rows=_instructor_rows(),
        )
        .prefetch_related(Prefetch("modules", queryset=modules))
        .filter(id=course_id)
        .first()
    )


def course_dashboard(*, course: Course, actor: Actor) -> dict[str, Any]:
    """2 queries: the course's modules with the user's completed counts; the course's
    contents and the user's completions by content type (``course_card_annotations``), as
    ``<type>_progress`` percentages (0 for a type the course has none of)."""
    modules = list(_modules_with_progress(actor.local_user_id).filter(course=course))
    total_contents = sum(module.total_contents for module in modules)
    completed_contents = sum(module.completed_contents for module in modules)
    completed_modules = sum(
        1 for module in modules if module.total_contents and module.completed_contents >= module.total_contents
    )
    stats = (
        Course.objects.filter(pk=course.pk)
        .annotate(card_stats=course_card_annotations(OuterRef("pk"), actor.local_user_id)["card_stats"])
        .values_list("card_stats", flat=True)
        .get()
    )
    completion = percentage(completed_contents, total_contents)
    return {
        "completion_percentage": completion,
        "total_modules": len(modules),
        "completed_modules": completed_modules,
        "total_contents": total_contents,
        "completed_contents": completed_contents,
        **{f"{key}_progress": percentage(tally["completed"], tally["total"]) for key, tally in stats.items()},
        "subjective_question_progress": 0.0,
        "total_progress": completion,
    }


ZERO_MARKS = Decimal("0.00")


def leaderboard_scores(progress: QuerySet[ContentProgress]) -> dict[int, tuple[Decimal, int]]:
    """1 query: user id -> (marks, completed contents) over ``progress`` (one ``GROUP BY``
    over the progress rows, instead of two correlated subqueries per ranked user)."""
    rows = (
        progress.order_by()
        .values("user_id")
        .annotate(marks=Sum("best_score"), completed=Count("id", filter=Q(is_completed=True)))
        .values_list("user_id", "marks", "completed")
    )
    return {user_id: (marks or ZERO_MARKS, completed) for user_id, marks, completed in rows}


def leaderboard_rank(users: Iterable[User], scores: dict[int, tuple[Decimal, int]]) -> list[LeaderboardRow]:
    """``users`` given ``marks``, ``completed_contents`` and ``score`` (marks +
    ``POINTS_PER_COMPLETED_CONTENT`` per completed content) from ``scores``, and ``rank``
    (``RANK()``: ties share a rank, the next rank skips), ordered by rank then id."""
    rows: list[LeaderboardRow] = []
    for user in users:
        row: LeaderboardRow = user  # type: ignore[assignment]  # annotated just below
        row.marks, row.completed_contents = scores.get(user.id, (ZERO_MARKS, 0))
        row.score = row.marks + row.completed_contents * POINTS_PER_COMPLETED_CONTENT
        rows.append(row)
    by_id = {row.id: row for row in rows}
    ranked = []
    for rank, _, uid in competition_ranks((row.score, row.id) for row in rows):
        by_id[uid].rank = rank
        ranked.append(by_id[uid])
    return ranked


def competition_ranks(scored: Iterable[tuple[Any, int]]) -> list[tuple[int, Any, int]]:
    """``(score, id)`` pairs as ``(rank, score, id)``, best score first then lowest id; ties
    share a rank and the next rank skips (SQL's ``RANK()``): every leaderboard ranks this way."""
    ordered = sorted(scored, key=lambda pair: (-pair[0], pair[1]))
    out: list[tuple[int, Any, int]] = []
    for position, (score, uid) in enumerate(ordered, start=1):
        rank = out[-1][0] if out and out[-1][1] == score else position
        out.append((rank, score, uid))
    return out


def course_leaderboard(*, course_id: int) -> list[LeaderboardRow]:
    """2 queries: the course's enrolled active users ranked by their score in it (marks on its
    contents + points per completed content, see ``leaderboard_rank``)."""
    users = User.objects.filter(is_active=True, enrollments__course_id=course_id).only(*LEADER_USER_FIELDS)
    scores = leaderboard_scores(
        ContentProgress.objects.filter(
            content__submodule__module__course_id=course_id,
            user_id__in=Enrollment.objects.filter(course_id=course_id).values("user_id"),
        )
    )
    return leaderboard_rank(users, scores)


# --- submodules and contents -------------------------------------------------------------


def _contents_with_completion(user_id: int | None) -> QuerySet[ContentWithCompletion]:
    return Content.objects.annotate(
        is_completed=_mine(ContentProgress.objects.filter(content=OuterRef("pk"), is_completed=True), user_id)
    ).order_by("order", "id")


def _contents_for_outline(user_id: int | None) -> QuerySet[OutlineContent]:
    """Contents with what a submodule's outline shows of each, in the same query: the
    item's minutes (reading, video or quiz time), its marks (a quiz's question count, an
    assignment's or coding problem's max marks, an article's or video's marks) and the user's
    submissions and best score."""
    submissions = (
        SubqueryCount(Submission.objects.filter(content=OuterRef("pk"), user_id=user_id).values("id"))
        if user_id is not None
        else Value(0)
    )
    best_score = (
        Subquery(ContentProgress.objects.filter(content=OuterRef("pk"), user_id=user_id).values("best_score")[:1])
        if user_id is not None
        else Value(None, output_field=DecimalField(max_digits=8, decimal_places=2))
    )
    return _contents_with_completion(user_id).annotate(
        duration_in_minutes=Coalesce(
            "article__reading_time_minutes", "video_tutorial__duration_minutes", "quiz__time_limit_minutes", Value(0)
        ),
        question_count=SubqueryCount(QuizMCQ.objects.filter(quiz_id=OuterRef("quiz_id")).values("id")),
        item_max_marks=Coalesce(
            "coding_problem__max_marks", "assignment__max_marks", "article__marks", "video_tutorial__marks"
        ),
        submission_count=submissions,
        best_score=best_score,
    )


def submodule_for_learner(*, course: Course, submodule_id: int, actor: Actor) -> SubModule:
    """2 queries: the submodule with its module, its contents with the user's standing."""
    submodule = (
        SubModule.objects.filter(id=submodule_id, module__course=course)
        .select_related("module")
        .prefetch_related(Prefetch("contents", queryset=_contents_for_outline(actor.local_user_id)))
        .first()
    )
    if submodule is None:
        raise ContentNotFound()
    return submodule


def submodule_outline_row(*, course_id: int, submodule_id: int) -> SubModule | None:
    """``submodule_for_learner`` for nobody (the shared part ``learner_reads`` caches)."""
    return (
        SubModule.objects.filter(id=submodule_id, module__course_id=course_id)
        .select_related("module")
        .prefetch_related(Prefetch("contents", queryset=_contents_for_outline(None)))
        .first()
    )


def content_outline_row(*, course_id: int, content_id: int, reveal_answers: bool) -> ContentWithCompletion | None:
    """``content_for_learner`` for nobody, answers shown or not (``learner_reads`` caches both)."""
    content = (
        _contents_with_completion(None)
        .select_related(*ITEM_FIELDS)
        .prefetch_related(_quiz_questions())
        .filter(id=content_id, submodule__module__course_id=course_id)
        .first()
    )
    if content is None:
        return None
    _place_in_sequence(content, course_id)
    content.reveal_answers = reveal_answers
    return content


def _place_in_sequence(content: Content, course_id: int) -> None:
    sequence = course_sequence(course_id=course_id)
    position = next(index for index, (cid, _) in enumerate(sequence) if cid == content.id)
    content.previous_entry = sequence[position - 1] if position > 0 else None
    content.next_entry = sequence[position + 1] if position + 1 < len(sequence) else None


def course_sequence(*, course_id: int) -> list[tuple[int, str]]:
    """The course's contents as (id, content_type) in learning order: weeks, submodules, contents."""
    return list(
        Content.objects.filter(submodule__module__course_id=course_id)
        .order_by(
            "submodule__module__weekno", "submodule__module_id", "submodule__order", "submodule_id", "order", "id"
        )
        .values_list("id", "content_type")
    )


def _quiz_questions() -> Prefetch[str, QuerySet[QuizMCQ], str]:
    return Prefetch("quiz__quiz_mcqs", queryset=QuizMCQ.objects.select_related("mcq").order_by("order", "id"))


def content_for_learner(*, course: Course, content_id: int, actor: Actor) -> ContentForLearner:
    """3 queries (+1 for a quiz's questions): the content with its item and the user's
    standing, then its neighbours in the course."""
    uid = actor.local_user_id
    content = (
        _contents_with_completion(uid)
        .annotate(has_submitted=_mine(Submission.objects.filter(content=OuterRef("pk")), uid))
        .select_related(*ITEM_FIELDS)
        .prefetch_related(_quiz_questions())
        .filter(id=content_id, submodule__module__course=course)
        .first()
    )
    if content is None:
        raise ContentNotFound()
    _place_in_sequence(content, course.id)
    content.reveal_answers = content.has_submitted or actor.is_staff
    return content


def content_get_in_course(*, course: Course, content_id: int, with_item: bool = True) -> Content:
    """1 query (+1 for its item when ``with_item``, +1 more for a quiz's questions).

    The item is read by the content's type rather than joined: a join of all five item
    tables cost the planner ~8 ms per call (measured with EXPLAIN on the bench data, execution
    0.3 ms), on every learner write; two primary-key reads cost well under 1 ms."""
    content = Content.objects.filter(id=content_id, submodule__module__course=course).first()
    if content is None:
        raise ContentNotFound()
    if with_item:
        _item_attach(content)
    return content


def _item_attach(content: Content) -> None:
    """Read ``content``'s one item (and a quiz's questions) into its relation cache."""
    field = ITEM_FIELD.get(content.content_type)
    item_id = getattr(content, f"{field}_id") if field else None
    if field is None or item_id is None:
        return
    model = cast("type[models.Model]", Content._meta.get_field(field).related_model)
    items: QuerySet[Any] = model._default_manager.filter(pk=item_id)
    if field == "quiz":
        items = items.prefetch_related(
            Prefetch("quiz_mcqs", queryset=QuizMCQ.objects.select_related("mcq").order_by("order", "id"))
        )
    setattr(content, field, items.first())


def submission_list(*, content: Content, actor: Actor) -> QuerySet[Submission]:
    return Submission.objects.filter(of_user(actor.local_user_id), content=content).order_by("-submitted_at", "-id")


def past_submission_page(*, content: Content, page: Iterable[Submission]) -> list[Submission]:
    """A page of the learner's attempts (``submission_list``; a quiz's with their ``result``)
    with ``quiz_review`` set on each of a quiz: per question of the quiz as it is now, in its
    order, the letter the attempt chose and whether it was right (the older build's quiz card
    reviews an attempt from it and indexes it by question: docs/real-client.md, "Quiz
    submission"); ``None`` for other contents. One query more for a quiz (its questions)."""
    rows = list(page)
    if content.content_type != ContentType.QUIZ:
        for row in rows:
            row.quiz_review = None  # type: ignore[attr-defined]
        return rows
    order = list(
        QuizMCQ.objects.filter(quiz_id=content.item_id).order_by("order", "id").values_list("mcq_id", flat=True)
    )
    for row in rows:
        stored = row.result.get("answers") if isinstance(row.result, dict) else None
        graded = {a.get("question_id"): a for a in stored or [] if isinstance(a, dict)}
        review = []
        for index, question_id in enumerate(order):
            answer = graded.get(question_id) or {}
            letter = answer.get("selected_option")
            review.append(
                {
                    "questionId": question_id,
                    "questionIndex": index,
                    "selectedOption": letter if isinstance(letter, str) else None,
                    "isCorrect": answer.get("is_correct") is True,
                }
            )
        row.quiz_review = review  # type: ignore[attr-defined]
    return rows


def submission_get(*, content: Content, actor: Actor, submission_id: int) -> Submission:
    submission = submission_list(content=content, actor=actor).filter(id=submission_id).first()
    if submission is None:
        raise NotFoundSubmission()
    return submission


def assignment_submission_list(*, filters: AssignmentSubmissionFilter | None = None) -> QuerySet[Submission]:
    """Assignment submissions for graders, newest first, with learner and content loaded."""
    submissions = Submission.objects.filter(content_type=ContentType.ASSIGNMENT)
    if filters is not None:
        submissions = filters.filter(submissions)
    return submissions.select_related("user", "content__submodule__module").order_by("-submitted_at", "-id")


def assignment_submission_get(*, submission_id: int) -> Submission:
    submission = assignment_submission_list().filter(id=submission_id).first()
    if submission is None:
        raise NotFoundSubmission()
    return submission


def comment_list(*, content: Content) -> QuerySet[ContentComment]:
    return ContentComment.objects.filter(content=content).select_related("user").order_by("-created_at", "-id")


# --- admin reads -------------------------------------------------------------------------


def course_brief_get(*, course_id: int) -> Course | None:
    """An active course's title and description (the AI agent's context), or None."""
    return Course.objects.filter(id=course_id, is_active=True).only("title", "description").first()


def course_ids_present(*, course_ids: list[int]) -> set[int]:
    """Which of ``course_ids`` name a course of the current schema."""
    return set(Course.objects.filter(id__in=course_ids).values_list("id", flat=True))


def admin_course_list(*, actor: Actor) -> QuerySet[Course]:
    """4 queries: courses (with their card counts and enrolled total), instructors,
    trusted_by, a few enrolled profile pictures."""
    return (
        Course.objects.annotate(
            enrolled_total=SubqueryCount(Enrollment.objects.filter(course=OuterRef("pk")).values("id")),
            **course_card_annotations(OuterRef("pk"), actor.local_user_id),
        )
        .prefetch_related(
            "instructors",
            "trusted_by",
            Prefetch("enrollments", queryset=_recent_pictures()[:PROFILE_PICS_SHOWN], to_attr="pic_enrollments"),
        )
        .order_by("id")
    )


def admin_course_get(*, course_id: int) -> Course:
    course = Course.objects.filter(id=course_id).first()
    if course is None:
        raise CourseNotFound()
    return course


def _admin_course_with_tree(course_id: int, contents: QuerySet[Content] | None = None) -> Course:
    submodules = SubModule.objects.order_by("order", "id")
    if contents is not None:
        submodules = submodules.prefetch_related(Prefetch("contents", queryset=contents))
    course = (
        Course.objects.prefetch_related(
            "instructors",
            "trusted_by",
            Prefetch(
                "modules",
                queryset=Module.objects.order_by("weekno", "id").prefetch_related(
                    Prefetch("submodules", queryset=submodules)
                ),
            ),
        )
        .filter(id=course_id)
        .first()
    )
    if course is None:
        raise CourseNotFound()
    return course


def admin_course_detail(*, course_id: int) -> Course:
    """4 queries: course, instructors, trusted_by, modules; +1 for submodules."""
    return _admin_course_with_tree(course_id)


def admin_course_tree(*, course_id: int) -> Course:
    """The whole tree with every item: course, instructors, trusted_by, modules,
    submodules, contents (items joined), quiz questions."""
    contents = Content.objects.select_related(*ITEM_FIELDS).prefetch_related(_quiz_questions()).order_by("order", "id")
    return _admin_course_with_tree(course_id, contents)


def admin_module_list(*, course_id: int) -> QuerySet[Module]:
    """The modules of a course (404 for an unknown course), by week."""
    course = admin_course_get(course_id=course_id)
    return course.modules.order_by("weekno", "id")


def admin_module_get(*, course_id: int, module_id: int, with_submodules: bool = False) -> Module:
    modules = Module.objects.filter(id=module_id, course_id=course_id)
    if with_submodules:
        modules = modules.prefetch_related(Prefetch("submodules", queryset=SubModule.objects.order_by("order", "id")))
    module = modules.first()
    if module is None:
        raise ContentNotFound()
    return module


def admin_submodule_get(
    *, course_id: int, submodule_id: int, module_id: int | None = None, with_contents: bool = False
) -> SubModule:
    submodules = SubModule.objects.filter(id=submodule_id, module__course_id=course_id)
    if module_id is not None:
        submodules = submodules.filter(module_id=module_id)
    if with_contents:
        submodules = submodules.prefetch_related(Prefetch("contents", queryset=Content.objects.order_by("order", "id")))
    submodule = submodules.first()
    if submodule is None:
        raise ContentNotFound()
    return submodule


def admin_content_in_submodule(
    *, course_id: int, submodule_id: int, content_id: int, with_item: bool = False
) -> Content:
    """1 query: a content of the submodule of the course; ``with_item``: with its item in
    the same query (+1 for a quiz's questions, however many), what its editor loads."""
    contents = Content.objects.filter(id=content_id, submodule_id=submodule_id, submodule__module__course_id=course_id)
    if with_item:
        contents = contents.select_related(*ITEM_FIELDS).prefetch_related(_quiz_questions())
    content = contents.first()
    if content is None:
        raise ContentNotFound()
    return content


def admin_content_list(*, filters: ContentFilter | None = None) -> QuerySet[Content]:
    """1 query: contents with their submodule and module, filtered by ``filters``."""
    contents = Content.objects.select_related("submodule__module").order_by("id")
    return filters.filter(contents) if filters is not None else contents


def admin_content_get(*, content_id: int, full: bool = False) -> Content:
    contents = Content.objects.filter(id=content_id)
    if full:
        contents = contents.select_related("submodule__module__course", *ITEM_FIELDS).prefetch_related(
            _quiz_questions()
        )
    content = contents.first()
    if content is None:
        raise ContentNotFound()
    return content


def content_type_count() -> dict[str, int]:
    counts = dict(Content.objects.order_by().values_list("content_type").annotate(total=Count("id")))
    return {content_type.value: counts.get(content_type.value, 0) for content_type in ContentType}


# --- the item libraries (articles, videos, quizzes, ...: clients/{client_id}/<kind>/) -------


def library_rows(model: type[LibraryM]) -> QuerySet[LibraryM]:
    """Every row of one item library, with what its output schema reads (a quiz's questions)."""
    rows = model._default_manager.all()
    if model is Quiz:
        rows = rows.prefetch_related(
            Prefetch("quiz_mcqs", queryset=QuizMCQ.objects.select_related("mcq").order_by("order", "id"))
        )
    return rows


def library_list(*, model: type[LibraryM]) -> QuerySet[LibraryM]:
    return library_rows(model).order_by("id")


def library_get(*, model: type[LibraryM], pk: int) -> LibraryM:
    """One row of a library; 404 (``content_not_found``) when missing."""
    row = library_rows(model).filter(pk=pk).first()
    if row is None:
        raise ContentNotFound()
    return row


# --- reads for the dashboards (their numbers come from lms tables) ---------------------------


def course_contents(course_ref: OuterRef | int) -> QuerySet[Content]:
    """The contents of a course (a subquery when ``course_ref`` is an ``OuterRef``)."""
    return Content.objects.filter(submodule__module__course_id=course_ref)


def completed_in_course(user_ref: OuterRef | int, course_ref: OuterRef) -> QuerySet[ContentProgress]:
    """A user's completed contents in a course (a subquery)."""
    return ContentProgress.objects.filter(
        user_id=user_ref, is_completed=True, content__submodule__module__course_id=course_ref
    )


def enrollment_count_of_user() -> SubqueryCount:
    """The number of courses the outer user (``OuterRef("pk")``) is enrolled in."""
    return SubqueryCount(Enrollment.objects.filter(user_id=OuterRef("pk")).values("id"))


def course_and_enrollment_totals() -> tuple[int, int]:
    """2 queries: the number of courses and of enrollments."""
    return Course.objects.count(), Enrollment.objects.count()


def completion_rate(*, user_id: int | None = None) -> float:
    """1 query: completed contents / contents of the enrolled courses, over the enrollments
    of ``user_id`` (or of everyone), as a percentage."""
    enrollments = Enrollment.objects.all()
    if user_id is not None:
        enrollments = enrollments.filter(user_id=user_id)
    totals = (
        enrollments.annotate(
            contents=SubqueryCount(course_contents(OuterRef("course_id")).values("id")),
            done=SubqueryCount(completed_in_course(OuterRef("user_id"), OuterRef("course_id")).values("id")),
        )
        .order_by()
        .aggregate(total_contents=Sum("contents"), total_done=Sum("done"))
    )
    return percentage(totals["total_done"] or 0, totals["total_contents"] or 0)


def completions_per_user(*, start_at: datetime, end_before: datetime) -> dict[int, int]:
    """1 query (the ``completed_at`` index): contents completed in the range, per user."""
    rows = (
        ContentProgress.objects.filter(is_completed=True, completed_at__gte=start_at, completed_at__lt=end_before)
        .order_by()
        .values("user_id")
        .annotate(total=Count("id"))
        .values_list("user_id", "total")
    )
    return dict(rows)


def completions_by_day(
    *, start_at: datetime, end_before: datetime, user_id: int | None = None, zone: tzinfo = UTC
) -> dict[date, int]:
    """1 query: contents completed per day in ``zone``, the client's (of ``user_id``, or of everyone)."""
    completions = ContentProgress.objects.filter(
        is_completed=True, completed_at__gte=start_at, completed_at__lt=end_before
    )
    if user_id is not None:
        completions = completions.filter(user_id=user_id)
    return dict(
        completions.annotate(day=TruncDate("completed_at", tzinfo=zone))
        .order_by()
        .values("day")
        .annotate(n=Count("id"))
        .values_list("day", "n")
    )


def enrollment_completion_rows(*, learner_ids: QuerySet[Any], course_id: int | None = None) -> QuerySet[Enrollment]:
    """One row per enrollment of ``learner_ids`` (the course's only, with ``course_id``: an
    unknown one is a 404), with the student and course joined, the course's contents and how
    many of them the student completed. Student id, then course id."""
    if course_id is not None and not Course.objects.filter(id=course_id).exists():
        raise CourseNotFound()
    rows = (
        Enrollment.objects.filter(user__in=learner_ids)
        .select_related("user", "course")
        .only("id", "user_id", "course_id", "user__email", "user__first_name", "user__last_name", "course__title")
        .annotate(
            total_contents=SubqueryCount(course_contents(OuterRef("course_id")).values("id")),
            completed_contents=SubqueryCount(
                completed_in_course(OuterRef("user_id"), OuterRef("course_id")).values("id")
            ),
        )
        .order_by("user_id", "course_id")
    )
    return rows if course_id is None else rows.filter(course_id=course_id)


def course_completion_list(*, course_id: int | None = None) -> list[CourseCompletionRow]:
    """1 query (an unknown ``course_id`` is a 404): every course (or the one) with its
    contents and its enrollments: all, completed (every content done), started (some done)."""
    enrollments = Enrollment.objects.filter(course_id=OuterRef("pk")).annotate(
        contents=SubqueryCount(course_contents(OuterRef("course_id")).values("id")),
        done=SubqueryCount(completed_in_course(OuterRef("user_id"), OuterRef("course_id")).values("id")),
    )
    courses = Course.objects.annotate(
        total_contents=SubqueryCount(course_contents(OuterRef("pk")).values("id")),
        enrolled_students=SubqueryCount(enrollments.values("id")),
        completed_students=SubqueryCount(enrollments.filter(contents__gt=0, done__gte=F("contents")).values("id")),
        started_students=SubqueryCount(enrollments.filter(done__gt=0).values("id")),
    ).order_by("id")
    if course_id is not None:
        courses = courses.filter(id=course_id)
    rows = list(courses.only("id", "title", "is_active"))
    if course_id is not None and not rows:
        raise CourseNotFound()
    return rows


# --- one student's learning, for the admin student report -------------------------------------


def student_enrollment_rows(*, user_id: int) -> QuerySet[Enrollment]:
    """1 query: the user's enrollments (oldest first) with the course, its contents, how many of
    them the user completed, the user's marks there (the best score on each content, summed)
    and when the user last progressed there (the latest change of a progress row)."""
    mine = ContentProgress.objects.filter(user_id=user_id, content__submodule__module__course_id=OuterRef("course_id"))
    return (
        Enrollment.objects.filter(user_id=user_id)
        .select_related("course")
        .only("id", "user_id", "course_id", "enrolled_at", "course__title", "course__description")
        .annotate(
            total_contents=SubqueryCount(course_contents(OuterRef("course_id")).values("id")),
            completed_contents=SubqueryCount(mine.filter(is_completed=True).values("id")),
            marks=SubquerySum(mine.values("best_score")),
            last_progress_at=Subquery(mine.order_by("-updated_at").values("updated_at")[:1]),
        )
        .order_by("enrolled_at", "id")
    )


def student_module_rows(*, course_ids: list[int]) -> QuerySet[Module]:
    """1 query: the modules of ``course_ids`` (course, week, then id)."""
    return (
        Module.objects.filter(course_id__in=course_ids)
        .only("id", "course_id", "weekno", "title")
        .order_by("course_id", "weekno", "id")
    )


def student_submodule_rows(*, user_id: int, course_ids: list[int]) -> QuerySet[SubModule]:
    """1 query: the submodules of ``course_ids`` with their contents (``total``) and how many of
    them the user completed (``completed``), in the courses' order."""
    return (
        SubModule.objects.filter(module__course_id__in=course_ids)
        .only("id", "module_id", "title", "order")
        .annotate(
            total=SubqueryCount(Content.objects.filter(submodule_id=OuterRef("pk")).values("id")),
            completed=SubqueryCount(
                ContentProgress.objects.filter(
                    user_id=user_id, is_completed=True, content__submodule_id=OuterRef("pk")
                ).values("id")
            ),
        )
        .order_by("module_id", "order", "id")
    )


def student_completions(*, user_id: int) -> QuerySet[ContentProgress]:
    """1 query: the contents the user completed, newest first, with the content's title and
    type, its module (week, title) and course, for the report's weekly view and timeline."""
    return (
        ContentProgress.objects.filter(user_id=user_id, is_completed=True)
        .select_related("content__submodule__module__course")
        .only(
            "id",
            "completed_at",
            "updated_at",
            "best_score",
            "content__id",
            "content__title",
            "content__content_type",
            "content__submodule__module__id",
            "content__submodule__module__weekno",
            "content__submodule__module__title",
            "content__submodule__module__course__id",
            "content__submodule__module__course__title",
        )
        .order_by(F("completed_at").desc(nulls_last=True), "-id")
    )


def marks_by_day(*, user_id: int, start_at: datetime, end_before: datetime, zone: tzinfo = UTC) -> dict[date, Decimal]:
    """1 query: per day (in ``zone``, the client's), the best marks of the contents the user
    completed that day."""
    return dict(
        ContentProgress.objects.filter(
            user_id=user_id, is_completed=True, completed_at__gte=start_at, completed_at__lt=end_before
        )
        .annotate(day=TruncDate("completed_at", tzinfo=zone))
        .order_by()
        .values("day")
        .annotate(marks=Sum("best_score"))
        .values_list("day", "marks")
    )


# --- the student dashboard's course reads (tenant_apps.dashboard shapes them) -------------------


class _RecommendationValues(TypedDict):
    same_instructor_as: str | None
    peer_count: int
    enrolled_total: int


if TYPE_CHECKING:
    RecommendedCourse = WithAnnotations[Course, _RecommendationValues]

# The order a learner goes through a course's contents in.
LEARNING_ORDER = (
    "submodule__module__weekno",
    "submodule__module_id",
    "submodule__order",
    "submodule_id",
    "order",
    "id",
)


def continue_learning_rows(*, user_id: int, touched_at: Iterable[Subquery]) -> QuerySet[Course]:
    """1 query: enrolled active courses the user has touched and not finished, most recently
    accessed first. ``last_accessed_at`` is the latest of the user's progress updates on the
    course's contents and of ``touched_at`` (other apps' latest times on the course, as
    subqueries on ``OuterRef("pk")``: activity events, tracked time); ``next_content`` is the
    first content, in learning order, the user has not completed."""
    last_progress = ContentProgress.objects.filter(
        user_id=user_id, content__submodule__module__course_id=OuterRef("pk")
    ).order_by("-updated_at")
    next_content = (
        course_contents(OuterRef("pk"))
        .filter(~Exists(ContentProgress.objects.filter(user_id=user_id, content=OuterRef("pk"), is_completed=True)))
        .order_by(*LEARNING_ORDER)
        .values(entry=JSONObject(id="id", title="title"))[:1]
    )
    return (
        Course.objects.filter(is_active=True)
        .filter(Exists(Enrollment.objects.filter(user_id=user_id, course_id=OuterRef("pk"))))
        .annotate(
            last_accessed_at=Greatest(
                Subquery(last_progress.values("updated_at")[:1]), *touched_at, output_field=DateTimeField()
            ),
            next_content=Subquery(next_content, output_field=JSONField()),
            **course_card_annotations(OuterRef("pk"), user_id),
            **course_streak_annotations(OuterRef("pk"), user_id),
        )
        .filter(last_accessed_at__isnull=False, next_content__isnull=False)
        .order_by("-last_accessed_at", "id")
    )


def recommended_course_rows(*, user_id: int | None, limit: int) -> list[RecommendedCourse]:
    """1 query: active courses the user is not enrolled in, best recommendation first, each
    with ``same_instructor_as`` (the lowest-id course of the user's sharing an instructor
    with it), ``peer_count`` (its learners who share a course with the user) and
    ``enrolled_total``. Courses sharing an instructor first; then more peers, more
    enrollments, the newest course."""
    my_courses = Enrollment.objects.filter(of_user(user_id)).values("course_id")
    peers = Enrollment.objects.filter(course_id__in=my_courses).exclude(of_user(user_id)).values("user_id")
    same_instructor = (
        Course.objects.filter(of_user(user_id, "enrollments__user_id"), instructors__courses=OuterRef("pk"))
        .order_by("id")
        .values("title")[:1]
    )
    courses = Course.objects.filter(is_active=True)
    if user_id is not None:
        courses = courses.exclude(Exists(Enrollment.objects.filter(user_id=user_id, course_id=OuterRef("pk"))))
    courses = courses.annotate(
        same_instructor_as=(
            Subquery(same_instructor) if user_id is not None else Value(None, output_field=CharField())
        ),
        peer_count=SubqueryCount(Enrollment.objects.filter(course_id=OuterRef("pk"), user_id__in=peers).values("id")),
        enrolled_total=SubqueryCount(Enrollment.objects.filter(course_id=OuterRef("pk")).values("id")),
    )
    courses = courses.annotate(
        other_instructors=ExpressionWrapper(Q(same_instructor_as__isnull=True), output_field=BooleanField())
    ).order_by("other_instructors", "-peer_count", "-enrolled_total", "-id")
    return list(courses[:limit])


def overall_ranking(*, learners: QuerySet[User]) -> list[LeaderboardRow]:
    """2 queries: the enrolled ones of ``learners`` ranked (``RANK()``) by their score over all
    the courses they are enrolled in (the course leaderboards' score summed, see
    ``leaderboard_rank``), each with ``course_name``: the title of their latest enrollment's
    course. The scores are one ``GROUP BY`` over the progress rows on contents of the
    learner's courses."""
    latest_course = Enrollment.objects.filter(user_id=OuterRef("pk")).order_by("-enrolled_at", "-id")
    users = (
        learners.filter(Exists(Enrollment.objects.filter(user_id=OuterRef("pk"))))
        .annotate(course_name=Subquery(latest_course.values("course__title")[:1]))
        .only(*LEADER_USER_FIELDS)
    )
    return leaderboard_rank(users, overall_scores())


@functools.cache
def _overall_scores_sql() -> str:
    """``overall_scores``' statement, written once. The progress rows are summed per user and
    course first, and only those sums are matched to the enrollments (the unique (course,
    user) pairs): joining every progress row to every enrollment of its course, as the ORM's
    join did, built a hash of enrollments x contents (~7,800 rows for 650 enrollments at
    ``medium``) and took ~2x the time."""
    progress, content = ContentProgress._meta.db_table, Content._meta.db_table
    submodule, module, enrollment = SubModule._meta.db_table, Module._meta.db_table, Enrollment._meta.db_table
    return (
        "WITH per_course AS ("
        ' SELECT p."user_id", m."course_id", SUM(p."best_score") AS marks,'
        ' COUNT(*) FILTER (WHERE p."is_completed") AS completed'
        f' FROM "{progress}" p JOIN "{content}" c ON c."id" = p."content_id"'
        f' JOIN "{submodule}" s ON s."id" = c."submodule_id" JOIN "{module}" m ON m."id" = s."module_id"'
        " GROUP BY 1, 2)"
        ' SELECT pc."user_id", SUM(pc.marks), SUM(pc.completed)::int FROM per_course pc'
        f' JOIN "{enrollment}" e ON e."course_id" = pc."course_id" AND e."user_id" = pc."user_id"'
        " GROUP BY 1"
    )


def overall_scores() -> dict[int, tuple[Decimal, int]]:
    """1 query: user id -> (marks, completed contents) over the progress rows on contents of
    the courses the user is enrolled in (``leaderboard_scores`` over those rows)."""
    with connection.cursor() as cursor:
        cursor.execute(_overall_scores_sql())
        return {user_id: (marks or ZERO_MARKS, completed) for user_id, marks, completed in cursor.fetchall()}


def course_learner_ids(*, course_id: int) -> QuerySet[Any]:
    """The ids of the users enrolled in ``course_id``, as a subquery (no query of its own)."""
    return Enrollment.objects.filter(course_id=course_id).values("user_id")


def admin_submodule_list(*, course_id: int, module_id: int) -> list[SubModule]:
    """2 queries: the module's submodules in order (ContentNotFound for a module not in the course)."""
    return list(admin_module_get(course_id=course_id, module_id=module_id, with_submodules=True).submodules.all())


def admin_content_list_in_submodule(*, course_id: int, submodule_id: int) -> list[Content]:
    """2 queries: the submodule's contents in order (ContentNotFound for a submodule not in the course)."""
    return list(admin_submodule_get(course_id=course_id, submodule_id=submodule_id, with_contents=True).contents.all())


# --- an admin's reset of one learner's progress (tenant_apps.admin_dashboard) ----------------

COURSE_OF_CONTENT = "content__submodule__module__course_id"


def progress_rows(*, user_id: int, course_ids: list[int] | None) -> dict[str, QuerySet[Any]]:
    """The learner's progress rows a reset removes, by kind: completions and best scores
    (``content_progress``) and graded attempts (``content_submissions``), in ``course_ids``
    (every course when None). The preview counts and the reset deletes these same rows."""
    rows: dict[str, QuerySet[Any]] = {
        "content_progress": ContentProgress.objects.filter(user_id=user_id),
        "content_submissions": Submission.objects.filter(user_id=user_id),
    }
    if course_ids is not None:
        rows = {kind: qs.filter(**{f"{COURSE_OF_CONTENT}__in": course_ids}) for kind, qs in rows.items()}
    return rows


def progress_counts_by_course(*, user_id: int, course_ids: list[int] | None) -> dict[str, dict[int | None, int]]:
    """2 queries: how many of each kind of ``progress_rows`` each course holds."""
    counts: dict[str, dict[int | None, int]] = {}
    for kind, qs in progress_rows(user_id=user_id, course_ids=course_ids).items():
        grouped = qs.order_by().values_list(COURSE_OF_CONTENT).annotate(n=Count("id"))
        counts[kind] = {course_id: n for course_id, n in grouped}
    return counts


def course_titles(*, course_ids: Iterable[int]) -> dict[int, str]:
    """1 query: the titles of the courses among ``course_ids``."""
    return dict(Course.objects.filter(id__in=list(course_ids)).values_list("id", "title"))


# --- courses a learner has finished (tenant_apps.certificates issues their certificates) ------


@functools.cache
def _content_left_sql() -> str:
    content, submodule, module = Content._meta.db_table, SubModule._meta.db_table, Module._meta.db_table
    progress = ContentProgress._meta.db_table
    return (
        f'SELECT EXISTS (SELECT 1 FROM "{content}" c JOIN "{submodule}" s ON s."id" = c."submodule_id"'  # noqa: S608
        f' JOIN "{module}" m ON m."id" = s."module_id" WHERE m."course_id" = ('
        f' SELECT m2."course_id" FROM "{content}" c2 JOIN "{submodule}" s2 ON s2."id" = c2."submodule_id"'
        f' JOIN "{module}" m2 ON m2."id" = s2."module_id" WHERE c2."id" = %(content)s)'
        f' AND NOT EXISTS (SELECT 1 FROM "{progress}" p WHERE p."user_id" = %(u)s AND p."content_id" = c."id"'
        ' AND p."is_completed"))'
    )


def content_left_in_course_of(*, user_id: int, content_id: int) -> bool:
    """1 statement (~0.3 ms, three index probes): whether the course holding ``content_id``
    has a content ``user_id`` has not completed. When it does, ``finished_course_rows`` for
    that content finds nothing (it needs every content completed), so a caller can skip that
    statement (~7 ms of planning at ``target``, its ORM build ~8 ms of CPU); False for a
    content in no course (and ``finished_course_rows`` decides)."""
    with connection.cursor() as cursor:
        cursor.execute(_content_left_sql(), {"u": user_id, "content": content_id})
        return bool(cursor.fetchone()[0])


def finished_course_rows(
    *, user_id: int, unless: Exists, course_id: int | None = None, content_id: int | None = None
) -> list[FinishedCourse]:
    """1 query: courses the user is enrolled in and has completed every content of (at least
    one), for which ``unless`` (another app's rows on ``OuterRef("pk")``, e.g. a certificate
    already held) finds nothing; only ``course_id``, or the course holding ``content_id``,
    when given. ``finished_at`` is the latest completion. Only ``id`` and ``title`` are
    loaded."""
    courses = Course.objects.filter(enrollments__user_id=user_id)
    if course_id is not None:
        courses = courses.filter(id=course_id)
    if content_id is not None:
        courses = courses.filter(modules__submodules__contents__id=content_id)
    completed = completed_in_course(user_id, OuterRef("pk"))
    return list(
        courses.exclude(unless)
        .annotate(
            total_contents=SubqueryCount(course_contents(OuterRef("pk")).values("id")),
            completed_contents=SubqueryCount(completed.values("id")),
            finished_at=Subquery(
                completed.filter(completed_at__isnull=False).order_by("-completed_at").values("completed_at")[:1]
            ),
        )
        .filter(total_contents__gt=0, completed_contents__gte=F("total_contents"))
        .only("id", "title")
    )


# --- a learner's practice per course (the assessment readiness snapshot reads it) -------------

GRADED_TYPES = (ContentType.QUIZ, ContentType.ASSIGNMENT, ContentType.CODING_PROBLEM)


class CoursePractice(TypedDict):
    course_id: int
    title: str
    contents: int
    graded: int
    completed: int
    practised: int
    best: Decimal
    maximum: Decimal
    attempts: int


def course_practice(*, user_id: int) -> list[CoursePractice]:
    """2 queries: per course the learner is enrolled in, its contents and graded contents
    (quizzes, assignments, coding problems), and the learner's completions and, over the
    graded contents they were scored on, best scores, maxima and attempts."""
    course = "submodule__module__course"
    sizes = (
        Content.objects.filter(**{f"{course}__enrollments__user_id": user_id})
        .values(f"{course}_id", f"{course}__title")
        .annotate(contents=Count("id"), graded=Count("id", filter=Q(content_type__in=GRADED_TYPES)))
        .order_by(f"{course}_id")
    )
    scored = Q(max_score__gt=0, attempts__gt=0, content__content_type__in=GRADED_TYPES)
    progress = {
        row[f"content__{course}_id"]: row
        for row in ContentProgress.objects.filter(
            user_id=user_id, **{f"content__{course}__enrollments__user_id": user_id}
        )
        .values(f"content__{course}_id")
        .annotate(
            completed=Count("id", filter=Q(is_completed=True)),
            practised=Count("id", filter=scored),
            best=Sum("best_score", filter=scored),
            maximum=Sum("max_score", filter=scored),
            attempts=Sum("attempts", filter=scored),
        )
        .order_by()
    }
    rows: list[CoursePractice] = []
    for size in sizes:
        mine = progress.get(size[f"{course}_id"], {})
        rows.append(
            {
                "course_id": size[f"{course}_id"],
                "title": size[f"{course}__title"],
                "contents": size["contents"],
                "graded": size["graded"],
                "completed": mine.get("completed") or 0,
                "practised": mine.get("practised") or 0,
                "best": mine.get("best") or Decimal(0),
                "maximum": mine.get("maximum") or Decimal(0),
                "attempts": mine.get("attempts") or 0,
            }
        )
    return rows
