import uuid
from decimal import Decimal

from django.db import models


class OperationType(models.TextChoices):
    DUPLICATE = "duplicate", "Duplicate course"
    DELETE = "delete", "Delete course"
    BULK_DUPLICATE = "bulk_duplicate", "Bulk duplicate courses"


class OperationStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    PROCESSING = "processing", "Processing"
    COMPLETED = "completed", "Completed"
    FAILED = "failed", "Failed"


class CourseOperation(models.Model):
    """A long course operation run by the worker; the status endpoint reads this row.

    Lives in the public schema because it may span two clients (a platform admin
    copying a course from one client into another). ``client`` is the source,
    ``to_client`` the target of a copy. The requester is recorded by value: their
    user row lives in a client schema, which no public table may point into.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    operation_type = models.CharField(max_length=20, choices=OperationType.choices)
    status = models.CharField(max_length=20, choices=OperationStatus.choices, default=OperationStatus.PENDING)
    progress = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal("0.00"))
    client = models.ForeignKey("tenants.Client", on_delete=models.CASCADE, related_name="course_operations")
    to_client = models.ForeignKey(
        "tenants.Client", null=True, blank=True, on_delete=models.CASCADE, related_name="incoming_course_operations"
    )
    course_ids = models.JSONField(default=list)
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True, default="")
    requested_by_client = models.ForeignKey(
        "tenants.Client", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_by_user_id = models.BigIntegerField(null=True, blank=True)
    requested_by_email = models.CharField(max_length=254, blank=True, default="")
    # Runs started so far; a run that never reports back (a killed worker) is retried
    # until OPERATIONS_MAX_ATTEMPTS, then the operation fails.
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "id"]
        indexes = [
            models.Index(fields=["-created_at"], name="ops_created_idx"),
            models.Index(fields=["client", "-created_at"], name="ops_client_created_idx"),
            models.Index(fields=["to_client", "-created_at"], name="ops_to_client_created_idx"),
            models.Index(fields=["status", "heartbeat_at"], name="ops_status_heartbeat_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.operation_type} {self.id} ({self.status})"
