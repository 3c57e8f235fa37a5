"""The audit trail: append-only records of who did what, when and from where.

One table per schema: a client's schema holds what happened at that client (its users'
logins, authoring, grades, e-mail jobs, payments, and what platform admins changed about
it); the ``public`` schema holds the platform's own events (platform-admin logins, the
feature catalogue, client creation). Rows are never updated or deleted: a trigger the
migration installs refuses both, whatever code or SQL tries.
"""

from __future__ import annotations

from django.db import models


class AuditAction(models.TextChoices):
    LOGIN_SUCCEEDED = "auth.login_succeeded", "Login"
    LOGIN_FAILED = "auth.login_failed", "Failed login"
    USER_ROLE_CHANGED = "user.role_changed", "Role changed"
    USER_ACTIVATION_CHANGED = "user.activation_changed", "Activation changed"
    USER_PROFILE_CHANGED = "user.profile_changed", "Name or e-mail changed"
    USER_DELETED = "user.deleted", "User deleted"
    USER_ERASED = "user.erased", "User's personal data erased"
    USER_DATA_EXPORTED = "user.data_exported", "User's data exported"
    USER_PROGRESS_RESET = "user.progress_reset", "User's progress reset"
    COURSE_CREATED = "course.created", "Course created"
    COURSE_UPDATED = "course.updated", "Course updated"
    COURSE_DELETED = "course.deleted", "Course deleted"
    MODULE_CREATED = "module.created", "Module created"
    MODULE_UPDATED = "module.updated", "Module updated"
    MODULE_DELETED = "module.deleted", "Module deleted"
    SUBMODULE_CREATED = "submodule.created", "Submodule created"
    SUBMODULE_UPDATED = "submodule.updated", "Submodule updated"
    SUBMODULE_DELETED = "submodule.deleted", "Submodule deleted"
    CONTENT_CREATED = "content.created", "Content created"
    CONTENT_UPDATED = "content.updated", "Content updated"
    CONTENT_DELETED = "content.deleted", "Content deleted"
    ITEM_CREATED = "item.created", "Item created"
    ITEM_UPDATED = "item.updated", "Item updated"
    ITEM_DELETED = "item.deleted", "Item deleted"
    GRADE_CHANGED = "grade.changed", "Grade changed"
    EMAIL_JOB_CREATED = "email_job.created", "E-mail job created"
    EMAIL_JOB_RESENT = "email_job.resent", "E-mail job resent"
    PAYMENT_CAPTURED = "payment.captured", "Payment captured"
    PAYMENT_REFUNDED = "payment.refunded", "Payment refunded"
    CLIENT_CREATED = "client.created", "Client created"
    CLIENT_UPDATED = "client.updated", "Client updated"
    CLIENT_FEATURES_CHANGED = "client.features_changed", "Client features changed"
    FEATURE_CREATED = "feature.created", "Feature created"
    FEATURE_UPDATED = "feature.updated", "Feature updated"
    FEATURE_DELETED = "feature.deleted", "Feature deleted"
    WEBHOOK_ENDPOINT_CREATED = "webhook_endpoint.created", "Webhook endpoint created"
    WEBHOOK_ENDPOINT_UPDATED = "webhook_endpoint.updated", "Webhook endpoint updated"
    WEBHOOK_ENDPOINT_DELETED = "webhook_endpoint.deleted", "Webhook endpoint deleted"
    WEBHOOK_SECRET_VIEWED = "webhook_endpoint.secret_viewed", "Webhook secret viewed"
    WEBHOOK_REDELIVERED = "webhook_delivery.redelivered", "Webhook delivery redelivered"
    CERTIFICATE_ISSUED = "certificate.issued", "Certificate issued"
    CERTIFICATE_REVOKED = "certificate.revoked", "Certificate revoked"


class AuditEvent(models.Model):
    # An ``AuditAction`` value; not a database choice list, so a new action needs no migration.
    action = models.CharField(max_length=64)
    # Who: ids of different schemas collide, so the row says which client's user it was
    # (``actor_client_id``) and keeps a snapshot of e-mail and role as they were then.
    actor_user_id = models.BigIntegerField(null=True, blank=True)
    actor_client_id = models.IntegerField(null=True, blank=True)
    actor_email = models.CharField(max_length=254, blank=True, default="")
    actor_role = models.CharField(max_length=20, blank=True, default="")
    actor_is_platform_admin = models.BooleanField(default=False)
    target_type = models.CharField(max_length=40, blank=True, default="")
    target_id = models.CharField(max_length=64, blank=True, default="")
    data = models.JSONField(default=dict, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=400, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["action", "-created_at"], name="audit_action_created_idx"),
            models.Index(fields=["actor_user_id", "-created_at"], name="audit_actor_created_idx"),
            models.Index(fields=["target_type", "target_id"], name="audit_target_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.action} by {self.actor_email or 'system'}"
