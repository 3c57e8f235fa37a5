"""Mock interviews: a student picks a role, level and type, gets questions, answers
them and receives an AI score (0-100) with feedback."""

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


class InterviewStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"


class QuestionSource(models.TextChoices):
    AI = "ai", "AI"
    BANK = "bank", "Question bank"


class MockInterview(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mock_interviews", db_index=False
    )
    job_role = models.CharField(max_length=120)
    experience_level = models.CharField(max_length=20, choices=ExperienceLevel.choices)
    interview_type = models.CharField(max_length=20, choices=InterviewType.choices)
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
