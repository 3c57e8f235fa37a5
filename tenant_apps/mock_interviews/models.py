"""Mock interviews: a student picks a role, level and type, gets questions, answers
them and receives an AI score (0-100) with feedback."""

import math
from datetime import datetime

from django.conf import settings
from django.db import models


class ExperienceLevel(models.TextChoices):
    ENTRY = "entry", "Entry level"
    JUNIOR = "junior", "Junior"
    MID = "mid", "Mid level"
    SENIOR = "senior", "Senior"
    LEAD = "lead", "Lead"


class InterviewType(models.TextChoices):
    TECHNICAL = "technical", "Technical"
    BEHAVIORAL = "behavioral", "Behavioral"
    HR = "hr", "HR"
    SYSTEM_DESIGN = "system_design", "System design"
    MIXED = "mixed", "Mixed"


# The web client's three difficulties for our five levels (docs/mock-interviews.md, "Both
# request shapes"): a difficulty creates at the middle three levels, and every level answers
# the difficulty it is pitched at.
DIFFICULTY_LEVELS = {"Easy": ExperienceLevel.JUNIOR, "Medium": ExperienceLevel.MID, "Hard": ExperienceLevel.SENIOR}
LEVEL_DIFFICULTY = {
    ExperienceLevel.ENTRY: "Easy",
    ExperienceLevel.JUNIOR: "Easy",
    ExperienceLevel.MID: "Medium",
    ExperienceLevel.SENIOR: "Hard",
    ExperienceLevel.LEAD: "Hard",
}


class InterviewStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"


class QuestionSource(models.TextChoices):
    AI = "ai", "AI"
    BANK = "bank", "Question bank"


# The length of an interview created without one (either body): nothing here times an
# interview, so the length is a plan, and this is the plan H's service documents for a create
# without one ("Optional - defaults to 7") and its quick start preselects; H's take page counts
# down from it (docs/real-client.md, "Mock interview cards").
DEFAULT_PLANNED_MINUTES = 7


class MockInterview(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mock_interviews", db_index=False
    )
    job_role = models.CharField(max_length=120)
    experience_level = models.CharField(max_length=20, choices=ExperienceLevel.choices)
    interview_type = models.CharField(max_length=20, choices=InterviewType.choices)
    # What to focus on within the role ("Hooks", "Data Structures"); the web client's subtopic.
    subtopic = models.CharField(max_length=120, blank=True, default="")
    # When the student plans to take it (null: whenever; starting earlier is allowed).
    scheduled_at = models.DateTimeField(null=True, blank=True)
    # The length the student chose, else DEFAULT_PLANNED_MINUTES (null only on rows created
    # before that default; not enforced on submit).
    planned_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=InterviewStatus.choices, default=InterviewStatus.SCHEDULED)
    # [{"id": 1, "question": "...", "type": "technical"}, ...]
    questions = models.JSONField(default=list, blank=True)
    question_source = models.CharField(max_length=10, choices=QuestionSource.choices, blank=True, default="")
    # [{"question_id": 1, "answer": "...", "audio_url": "..."}, ...]
    responses = models.JSONField(default=list, blank=True)
    score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    feedback = models.TextField(blank=True, default="")
    # [{"question_id": 1, "score": 80, "feedback": "..."}]
    question_feedback = models.JSONField(default=list, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="mockint_user_created_idx")]

    def __str__(self) -> str:
        return f"{self.job_role} ({self.interview_type}, {self.experience_level})"

    @property
    def scheduled_for(self) -> datetime:
        """The planned time, or when it was set up (it can be taken from then on)."""
        return self.scheduled_at or self.created_at

    @property
    def difficulty(self) -> str:
        """Easy, Medium or Hard: the web client's name for the level."""
        return LEVEL_DIFFICULTY[ExperienceLevel(self.experience_level)]

    @property
    def planned_length(self) -> int | None:
        """The card's ``duration_minutes``: the length planned; on a row created before every
        interview had one, the minutes taken once submitted, else the default length."""
        if self.planned_minutes is not None:
            return self.planned_minutes
        if self.submitted_at is not None:
            return self.minutes_taken
        return DEFAULT_PLANNED_MINUTES

    @property
    def minutes_taken(self) -> int | None:
        """Minutes from start to submit, rounded up (at least 1); None until submitted."""
        if self.started_at is None or self.submitted_at is None:
            return None
        return max(1, math.ceil((self.submitted_at - self.started_at).total_seconds() / 60))
