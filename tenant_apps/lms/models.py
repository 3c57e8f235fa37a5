"""The course tree and everything a learner does in it.

Course -> Module (weekno) -> SubModule (order) -> Content (order) -> exactly one of
Article / VideoTutorial / Quiz (-> MCQs) / Assignment / CodingProblem.

Ownership (see docs/lms.md, "Model map"): a Content owns its underlying item (one-to-one;
an item is attached to at most one Content). Deleting an item deletes its Content
(CASCADE); deleting a Content, SubModule, Module or Course goes through
``services.course_delete`` / ``content_delete``..., which also purge the owned items.
MCQs are a library shared by quizzes (many-to-many); a quiz purge removes the MCQs no
other quiz uses.
"""

from __future__ import annotations

import functools
import operator
from decimal import Decimal

from django.conf import settings
from django.db import models

from tenant_apps.lms.choices import ContentType as ContentType  # re-exported: lms modules name it here


class Instructor(models.Model):
    name = models.CharField(max_length=200)
    bio = models.TextField(blank=True, default="")
    profile_pic_url = models.URLField(max_length=500, blank=True, default="")
    linkedin = models.URLField(max_length=500, blank=True, default="")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="instructor_profiles"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class TrustedBy(models.Model):
    """A company shown under a course as "trusted by"."""

    name = models.CharField(max_length=200)
    logo_url = models.URLField(max_length=500, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "trusted by"

    def __str__(self) -> str:
        return self.name


class Course(models.Model):
    title = models.CharField(max_length=255)
    description = models.TextField(blank=True, default="")
    is_active = models.BooleanField(default=True)
    instructors = models.ManyToManyField(Instructor, blank=True, related_name="courses")
    trusted_by = models.ManyToManyField(TrustedBy, blank=True, related_name="courses")
    # Null when created by a platform admin (whose user row lives in the public schema).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Not a column: set in Python by dashboard.selectors.recommended_course_list. (Values
    # that selectors annotate are typed by the selectors, e.g. ``CourseListRow``.)
    reason: str

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["is_active", "id"], name="lms_course_active_idx")]

    def __str__(self) -> str:
        return self.title


class CourseLike(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="likes", db_index=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="course_likes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["course", "user"], name="lms_one_like_per_user")]

    def __str__(self) -> str:
        return f"{self.user_id} likes {self.course_id}"


class Enrollment(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrollments", db_index=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrollments", db_index=False
    )
    enrolled_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["course", "user"], name="lms_one_enrollment_per_user")]
        indexes = [models.Index(fields=["user", "enrolled_at"], name="lms_enroll_user_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.course_id}"


class Module(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="modules", db_index=False)
    weekno = models.PositiveIntegerField(default=1)
    title = models.CharField(max_length=255)
    description = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["weekno", "id"]
        indexes = [models.Index(fields=["course", "weekno", "id"], name="lms_module_order_idx")]

    def __str__(self) -> str:
        return self.title


class SubModule(models.Model):
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="submodules", db_index=False)
    title = models.CharField(max_length=255)
    description = models.TextField(blank=True, default="")
    order = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "id"]
        indexes = [models.Index(fields=["module", "order", "id"], name="lms_submodule_order_idx")]

    def __str__(self) -> str:
        return self.title


# --- content items (each owned by at most one Content) ---------------------------------


class Article(models.Model):
    title = models.CharField(max_length=255)
    content = models.TextField(blank=True, default="")
    reading_time_minutes = models.PositiveIntegerField(default=0)
    # What completing it awards: its progress row's best (and maximum) score, so the marks
    # count where a graded content's do (docs/real-client.md, "Article and video marks").
    marks = models.DecimalField(max_digits=8, decimal_places=2, default=Decimal("0.00"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class VideoTutorial(models.Model):
    title = models.CharField(max_length=255)
    video_url = models.URLField(max_length=1000)
    duration_minutes = models.PositiveIntegerField(default=0)
    description = models.TextField(blank=True, default="")
    # As ``Article.marks``.
    marks = models.DecimalField(max_digits=8, decimal_places=2, default=Decimal("0.00"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class MCQDifficulty(models.TextChoices):
    """A question's level, as the web client's question bank sets it; empty: not set."""

    EASY = "Easy"
    MEDIUM = "Medium"
    HARD = "Hard"


class MCQ(models.Model):
    """``options`` is a list of strings; ``correct_answer`` indexes it (0 = "A")."""

    question = models.TextField()
    options = models.JSONField(default=list)
    correct_answer = models.PositiveSmallIntegerField()
    explanation = models.TextField(blank=True, default="")
    difficulty = models.CharField(max_length=10, choices=MCQDifficulty.choices, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "MCQ"

    def __str__(self) -> str:
        return self.question[:60]


class Quiz(models.Model):
    title = models.CharField(max_length=255)
    description = models.TextField(blank=True, default="")
    time_limit_minutes = models.PositiveIntegerField(default=0)
    mcqs = models.ManyToManyField(MCQ, through="QuizMCQ", related_name="quizzes", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "quizzes"

    def __str__(self) -> str:
        return self.title


class QuizMCQ(models.Model):
    """A question's place in a quiz (``mcq_ids`` order)."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="quiz_mcqs", db_index=False)
    mcq = models.ForeignKey(MCQ, on_delete=models.CASCADE, related_name="quiz_mcqs")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["quiz", "mcq"], name="lms_mcq_once_per_quiz")]
        indexes = [models.Index(fields=["quiz", "order"], name="lms_quizmcq_order_idx")]

    def __str__(self) -> str:
        return f"mcq {self.mcq_id} in quiz {self.quiz_id}"


class Assignment(models.Model):
    title = models.CharField(max_length=255)
    description = models.TextField(blank=True, default="")
    instructions = models.TextField(blank=True, default="")
    due_date = models.DateTimeField(null=True, blank=True)
    max_marks = models.DecimalField(max_digits=8, decimal_places=2, default=Decimal("100.00"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class CodingProblem(models.Model):
    """``test_cases``: ``[{"input": str, "expected_output": str, "is_sample": bool}]``.

    Sample cases are shown to students and run by ``runCode``; ``submitCode`` runs all.
    """

    title = models.CharField(max_length=255)
    description = models.TextField(blank=True, default="")
    difficulty = models.CharField(max_length=20, blank=True, default="Easy")
    test_cases = models.JSONField(default=list, blank=True)
    starter_code = models.TextField(blank=True, default="")
    time_limit_seconds = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal("2.00"))
    memory_limit_mb = models.PositiveIntegerField(default=256)
    max_marks = models.DecimalField(max_digits=8, decimal_places=2, default=Decimal("100.00"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


# --- the tree's leaves ------------------------------------------------------------------


# content_type -> the Content field holding its item (keyed by the stored string).
ITEM_FIELD: dict[str, str] = {
    ContentType.ARTICLE: "article",
    ContentType.VIDEO_TUTORIAL: "video_tutorial",
    ContentType.QUIZ: "quiz",
    ContentType.ASSIGNMENT: "assignment",
    ContentType.CODING_PROBLEM: "coding_problem",
}


class Content(models.Model):
    """One step of a submodule. Exactly the item field named by ``content_type`` is set
    (a check constraint holds that); ``content_id`` in the API is that item's id."""

    submodule = models.ForeignKey(SubModule, on_delete=models.CASCADE, related_name="contents", db_index=False)
    order = models.PositiveIntegerField(default=1)
    content_type = models.CharField(max_length=20, choices=ContentType.choices)
    title = models.CharField(max_length=255, blank=True, default="")
    is_verified = models.BooleanField(default=False)
    verified_at = models.DateTimeField(null=True, blank=True)
    article = models.OneToOneField(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="content_entry"
    )
    video_tutorial = models.OneToOneField(
        VideoTutorial, null=True, blank=True, on_delete=models.CASCADE, related_name="content_entry"
    )
    quiz = models.OneToOneField(Quiz, null=True, blank=True, on_delete=models.CASCADE, related_name="content_entry")
    assignment = models.OneToOneField(
        Assignment, null=True, blank=True, on_delete=models.CASCADE, related_name="content_entry"
    )
    coding_problem = models.OneToOneField(
        CodingProblem, null=True, blank=True, on_delete=models.CASCADE, related_name="content_entry"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Not columns: set in Python by lms.selectors.content_for_learner.
    previous_entry: tuple[int, str] | None  # (id, content_type) of the neighbour
    next_entry: tuple[int, str] | None
    reveal_answers: bool  # a quiz's answers show (submitted, or a staff reader)

    class Meta:
        ordering = ["order", "id"]
        indexes = [
            models.Index(fields=["submodule", "order", "id"], name="lms_content_order_idx"),
            models.Index(fields=["content_type"], name="lms_content_type_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="lms_content_one_item",
                condition=functools.reduce(
                    operator.or_,
                    (
                        models.Q(
                            content_type=ContentType(content_type).value,
                            **{f"{other}__isnull": other != field for other in ITEM_FIELD.values()},
                        )
                        for content_type, field in ITEM_FIELD.items()
                    ),
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.content_type} {self.title}"

    @property
    def item(self) -> models.Model:
        return getattr(self, ITEM_FIELD[self.content_type])

    @property
    def item_id(self) -> int:
        return getattr(self, f"{ITEM_FIELD[self.content_type]}_id")


class ContentComment(models.Model):
    content = models.ForeignKey(Content, on_delete=models.CASCADE, related_name="comments", db_index=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="content_comments")
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content", "-created_at", "-id"], name="lms_comment_recent_idx")]

    def __str__(self) -> str:
        return self.text[:60]


class ContentProgress(models.Model):
    """A learner's standing on one content: completion and best score so far.

    Completion percentages are aggregates over these rows; the course leaderboard sums
    ``best_score`` over the course's contents.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="content_progress", db_index=False
    )
    content = models.ForeignKey(Content, on_delete=models.CASCADE, related_name="progress", db_index=False)
    is_completed = models.BooleanField(default=False)
    completed_at = models.DateTimeField(null=True, blank=True)
    best_score = models.DecimalField(max_digits=8, decimal_places=2, default=Decimal("0.00"))
    max_score = models.DecimalField(max_digits=8, decimal_places=2, default=Decimal("0.00"))
    attempts = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["user", "content"], name="lms_one_progress_per_content")]
        indexes = [
            models.Index(fields=["content", "is_completed"], name="lms_progress_content_idx"),
            # Daily leaderboards and admin analytics filter completions by time.
            models.Index(fields=["completed_at"], name="lms_progress_completed_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} on {self.content_id}"


class SubmissionStatus(models.TextChoices):
    ACCEPTED = "Accepted", "Accepted"
    WRONG_ANSWER = "Wrong Answer", "Wrong answer"
    PARTIAL = "Partially Accepted", "Partially accepted"
    SUBMITTED = "Submitted", "Submitted"  # assignments awaiting a grade
    GRADED = "Graded", "Graded"
    ERROR = "Error", "Error"


class Submission(models.Model):
    """One graded attempt: a quiz's answers, a coding solution or an assignment."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="submissions", db_index=False
    )
    content = models.ForeignKey(Content, on_delete=models.CASCADE, related_name="submissions")
    content_type = models.CharField(max_length=20, choices=ContentType.choices)
    payload = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    score = models.DecimalField(max_digits=8, decimal_places=2, default=Decimal("0.00"))
    max_score = models.DecimalField(max_digits=8, decimal_places=2, default=Decimal("0.00"))
    status = models.CharField(max_length=30, choices=SubmissionStatus.choices)
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["user", "content", "-submitted_at"], name="lms_submission_recent_idx")]

    def __str__(self) -> str:
        return f"submission {self.id} of {self.user_id} on {self.content_id}"
