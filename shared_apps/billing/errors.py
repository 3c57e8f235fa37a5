from core.errors import DomainError, FieldErrors, ServiceUnavailable


class PaymentsNotConfigured(ServiceUnavailable):
    code = "payments_not_configured"
    default_message = "Payments are not configured: set RAZORPAY_KEY_ID and RAZORPAY_KEY_SECRET."


class WebhooksNotConfigured(ServiceUnavailable):
    code = "webhooks_not_configured"
    default_message = "Razorpay webhooks are not configured: set RAZORPAY_WEBHOOK_SECRET."


class PaymentProviderError(ServiceUnavailable):
    code = "payment_provider_error"
    default_message = "The payment provider could not be reached. Please try again shortly."


class InvalidSignature(FieldErrors):
    code = "invalid_signature"


class InvalidWebhook(DomainError):
    code = "invalid_webhook"
    default_message = "Invalid webhook signature."
