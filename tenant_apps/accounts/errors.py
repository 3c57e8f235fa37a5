from core.errors import DomainError, FieldErrors


class InvalidCredentials(DomainError):
    status_code = 401
    code = "invalid_credentials"
    default_message = "No active account found with the given credentials"


class AccountInactive(DomainError):
    status_code = 403
    code = "account_inactive"
    default_message = "This account is inactive."


class OtpInvalid(FieldErrors):
    code = "otp_invalid"


class EmailDeliveryFailed(DomainError):
    status_code = 503
    code = "email_delivery_failed"
    default_message = "The e-mail could not be sent. Please try again shortly."
