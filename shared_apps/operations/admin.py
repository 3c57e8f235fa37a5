"""Course operations (duplicate, delete, copy) in the operator's console: read only; the
worker writes them (docs/background-jobs.md)."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin
from shared_apps.operations.models import CourseOperation


@admin.register(CourseOperation)
class CourseOperationAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "operation_type", "status", "progress", "client", "to_client", "attempts")
    list_filter = ("status", "operation_type")
    search_fields = ("id", "requested_by_email")
    list_select_related = ("client", "to_client")
    date_hierarchy = "created_at"
