"""Assessments live in each client's schema: authoring (sections, questions, scholarship
bands) and the students' submissions."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

PERCENT_VALIDATORS = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


class Assessment(models.Model):
    """A test students take; optionally paid, optionally timed, optionally offering
    scholarships on a program (``program_slug``/``program_amount``) by score band."""

    title = models.CharField(max_length=255)
    description = models.TextField(blank=True, default="")
    # What the learner reads before starting (the web clients' composer field); when empty the
    # learners' pages show the sections' instructions instead.
    instructions = models.TextField(blank=True, default="")
    # Unique within the client's schema; never all digits, so a path segment that is all
    # digits is an id and anything else is a slug.
    slug = models.SlugField(max_length=120, unique=True)
    is_active = models.BooleanField(default=True)
    is_paid = models.BooleanField(default=False)
    amount = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal("0.00"))
    duration_minutes = models.PositiveIntegerField(null=True, blank=True)
    # The program a redeemed scholarship discounts (payment type PROGRAM, type_id = slug).
    program_slug = models.SlugField(max_length=120, blank=True, default="", db_index=False)
    program_amount = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    # Passing (a score of at least ``pass_percentage``) an assessment with
    # ``certificate_available`` earns a certificate (tenant_apps.certificates).
    certificate_available = models.BooleanField(default=False)
    pass_percentage = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True, validators=PERCENT_VALIDATORS
    )
    # The window in which it can be started (either end open); students' calendars show it.
    start_time = models.DateTimeField(null=True, blank=True)
    end_time = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Not columns: set only by assessment.selectors.assessment_detail_get (the caller's
    # payment, its state in the older build's words, and the caller's learner status).
    has_paid: bool
    txn_status: str | None
    viewer_status: str

    class Meta:
        ordering = ["-created_at", "-id"]
        # program_slug's index is declared here: db_index=True would add a LIKE twin no query uses.
        indexes = [
            models.Index(fields=["is_active", "-created_at"]),
            models.Index(fields=["program_slug"], name="assessment_program_slug_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class ScholarshipBand(models.Model):
    """Scoring at least ``min_score_percentage`` offers ``scholarship_percentage``."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="scholarship_bands", db_index=False
    )
    min_score_percentage = models.DecimalField(max_digits=5, decimal_places=2, validators=PERCENT_VALIDATORS)
    scholarship_percentage = models.DecimalField(max_digits=5, decimal_places=2, validators=PERCENT_VALIDATORS)

    class Meta:
        ordering = ["assessment_id", "min_score_percentage"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "min_score_percentage"], name="one_band_per_threshold")
        ]

    def __str__(self) -> str:
        return f">= {self.min_score_percentage}% -> {self.scholarship_percentage}%"


class SectionType(models.TextChoices):
    MCQ = "mcq", "Multiple choice"
    TEXT = "text", "Free text"
    CODING = "coding", "Coding"


class Section(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="sections", db_index=False)
    title = models.CharField(max_length=255)
    section_type = models.CharField(max_length=20, choices=SectionType.choices)
    instructions = models.TextField(blank=True, default="")
    order = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "id"]
        indexes = [models.Index(fields=["assessment", "order"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.section_type})"


class Question(models.Model):
    """A question of a section. MCQ: ``options`` plus the correct option's text in
    ``correct_answer``. Text/coding: ``correct_answer`` (and ``accepted_answers``) are the
    keys an answer is matched against after trimming and case folding; a question with no
    key is not auto-graded and does not count towards the maximum."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions", db_index=False)
    text = models.TextField()
    options = models.JSONField(default=list, blank=True)
    correct_answer = models.TextField(blank=True, default="")
    accepted_answers = models.JSONField(default=list, blank=True)
    marks = models.DecimalField(max_digits=6, decimal_places=2, default=Decimal("1.00"))
    order = models.PositiveIntegerField(default=0)
    # Coding questions: starter code and language shown to the student.
    starter_code = models.TextField(blank=True, default="")
    language = models.CharField(max_length=40, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "id"]
        indexes = [models.Index(fields=["section", "order"])]

    def __str__(self) -> str:
        return self.text[:60]


class SubmissionStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    SUBMITTED = "submitted", "Submitted"


class Submission(models.Model):
    """One per student and assessment: started, autosaved, then frozen at final submit."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="submissions", db_index=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assessment_submissions", db_index=False
    )
    status = models.CharField(max_length=20, choices=SubmissionStatus.choices, default=SubmissionStatus.IN_PROGRESS)
    response_sheet = models.JSONField(default=dict, blank=True)
    started_at = models.DateTimeField()
    deadline_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # score is the percentage of the auto-gradable marks obtained (0-100).
    score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    marks_obtained = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    max_marks = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    offered_scholarship_percentage = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    is_redeemed = models.BooleanField(default=False)
    redeemed_at = models.DateTimeField(null=True, blank=True)
    referral_code = models.CharField(max_length=16, null=True, blank=True)
    # The code the student gave when redeeming: another student's code (referred_by is
    # then that submission) or a referral-program code.
    referral_code_used = models.CharField(max_length=40, blank=True, default="")
    referred_by = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="referrals")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "user"], name="one_submission_per_user"),
            # Not unique=True, which would add a LIKE twin no query uses.
            models.UniqueConstraint(fields=["referral_code"], name="assessment_submission_referral_code_key"),
        ]
        indexes = [
            models.Index(fields=["status", "-created_at"]),
            models.Index(fields=["assessment", "status", "-created_at"]),
            models.Index(fields=["user", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"submission {self.id} ({self.status})"
