"""Job listings: platform-wide (public schema), shown to every client's users and
managed by platform admins."""

from django.db import models


class JobType(models.TextChoices):
    FULL_TIME = "full_time", "Full time"
    PART_TIME = "part_time", "Part time"
    CONTRACT = "contract", "Contract"
    INTERNSHIP = "internship", "Internship"
    FREELANCE = "freelance", "Freelance"


class Job(models.Model):
    title = models.CharField(max_length=200)
    company = models.CharField(max_length=200)
    location = models.CharField(max_length=200, blank=True, default="")
    job_type = models.CharField(max_length=20, choices=JobType.choices)
    description = models.TextField(blank=True, default="")
    requirements = models.JSONField(default=list, blank=True)
    application_url = models.URLField(max_length=500, blank=True, default="")
    is_active = models.BooleanField(default=True)
    posted_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-posted_at", "-id"]
        indexes = [
            models.Index(fields=["is_active", "-posted_at"], name="jobs_active_posted_idx"),
            models.Index(fields=["job_type", "is_active"], name="jobs_type_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} at {self.company}"
