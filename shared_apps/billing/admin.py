"""Payments in the operator's console: read only (the ledger changes only through
Razorpay's signatures, webhooks and reconciliation)."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin
from shared_apps.billing.models import PaymentAudit, PaymentTransaction, WebhookEvent


@admin.register(PaymentTransaction)
class PaymentTransactionAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "client", "user_id", "payment_type", "target_key", "amount", "currency", "status")
    list_filter = ("status", "payment_type", "verified_via")
    search_fields = ("razorpay_order_id", "razorpay_payment_id", "receipt", "target_key")
    list_select_related = ("client",)
    date_hierarchy = "created_at"


@admin.register(PaymentAudit)
class PaymentAuditAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "kind", "client", "user_id", "transaction", "detail")
    list_filter = ("kind",)
    list_select_related = ("client", "transaction")


@admin.register(WebhookEvent)
class WebhookEventAdmin(ReadOnlyAdmin):
    list_display = ("received_at", "event_id", "event", "outcome", "transaction")
    list_filter = ("event", "outcome")
    search_fields = ("event_id",)
    list_select_related = ("transaction",)
