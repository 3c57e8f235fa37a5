"""Student engagement: workshop registrations, cheat sheets, the referral program,
issue reports and workshop variables (Student APIs 10-13, 15-18)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    CONFIRMED = "confirmed", "Confirmed"
    CANCELLED = "cancelled", "Cancelled"


class WorkshopRegistration(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="workshop_registrations", db_index=False
    )
    workshop_name = models.CharField(max_length=200)
    workshop_date = models.DateTimeField()
    additional_info = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=20, choices=RegistrationStatus.choices, default=RegistrationStatus.PENDING)
    registered_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-registered_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-registered_at"], name="engage_reg_user_idx"),
            models.Index(fields=["workshop_name", "status"], name="engage_reg_workshop_idx"),
        ]
        constraints = [
            # One live registration per user and workshop session; a cancelled one may be redone.
            models.UniqueConstraint(
                fields=["user", "workshop_name", "workshop_date"],
                condition=~Q(status="cancelled"),
                name="engage_reg_one_live_per_user",
            )
        ]

    def __str__(self) -> str:
        return f"{self.workshop_name} @ {self.workshop_date:%Y-%m-%d}"


class CheatSheet(models.Model):
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, default="")
    # A name in the default storage (filesystem or S3), e.g. "cheat-sheets/sql.pdf".
    file_path = models.CharField(max_length=500)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class CheatSheetDownload(models.Model):
    """Who asked for which cheat sheet (lead tracking); one row per request."""

    cheat_sheet = models.ForeignKey(CheatSheet, on_delete=models.CASCADE, related_name="downloads")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.cheat_sheet_id} by {self.user_id}"


class ReferralProgram(models.Model):
    # Stored upper-case; unique within the client (one table per client schema).
    referral_code = models.CharField(max_length=40)
    # The referrer the code belongs to (the older web build's referrals page keeps a registry of
    # referrers); empty for a plain discount code.
    name = models.CharField(max_length=150, blank=True, default="")
    email = models.EmailField(blank=True, default="")
    phone_number = models.CharField(max_length=20, blank=True, default="")
    discount_percentage = models.DecimalField(
        max_digits=5, decimal_places=2, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    usage_count = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(default=True)
    # Null when created by a platform admin (whose user row is in the public schema).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        # Not unique=True, which would add a LIKE twin no query uses.
        constraints = [
            models.UniqueConstraint(fields=["referral_code"], name="engagement_referralprogram_referral_code_key")
        ]

    def __str__(self) -> str:
        return self.referral_code


class IssueStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    RESOLVED = "resolved", "Resolved"
    CLOSED = "closed", "Closed"


class IssueReport(models.Model):
    # Null when reported by a platform admin.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="issue_reports"
    )
    issue_type = models.CharField(max_length=50)
    description = models.TextField()
    screenshot_url = models.URLField(max_length=500, blank=True, default="")
    status = models.CharField(max_length=20, choices=IssueStatus.choices, default=IssueStatus.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "-created_at"], name="engage_issue_status_idx")]

    def __str__(self) -> str:
        return f"{self.issue_type}: {self.description[:40]}"


class WorkshopVariable(models.Model):
    """A key-value setting of the client's workshop pages (e.g. next date, zoom link)."""

    key = models.CharField(max_length=100)
    value = models.JSONField(null=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["key"]
        # Not unique=True, which would add a LIKE twin no query uses.
        constraints = [models.UniqueConstraint(fields=["key"], name="engagement_workshopvariable_key_key")]

    def __str__(self) -> str:
        return self.key
