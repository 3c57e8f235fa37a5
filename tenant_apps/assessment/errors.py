from core.errors import DomainError, FieldErrors, NotFound, PermissionDenied


class AssessmentNotFound(NotFound):
    code = "assessment_not_found"


class ResultNotFound(NotFound):
    code = "result_not_found"
    default_message = "No submitted attempt of this assessment."


class PaymentRequired(PermissionDenied):
    code = "payment_required"
    default_message = "Payment is required before starting this assessment."


class NotStarted(DomainError):
    code = "not_started"
    default_message = "Start the assessment first."


class AlreadySubmitted(DomainError):
    code = "already_submitted"
    default_message = "This assessment has already been submitted."


class TimeUp(DomainError):
    code = "time_up"
    default_message = "The time limit for this assessment has passed."


class NotSubmitted(DomainError):
    code = "not_submitted"
    default_message = "Submit the assessment before redeeming a scholarship."


class ScholarshipUnavailable(DomainError):
    code = "no_scholarship"
    default_message = "No scholarship was offered for this submission."


class AlreadyRedeemed(DomainError):
    code = "already_redeemed"
    default_message = "The scholarship has already been redeemed."


class InvalidReferralCode(FieldErrors):
    code = "invalid_referral_code"


class NotOpen(DomainError):
    code = "assessment_not_open"
    default_message = "This assessment has not opened yet."


class Closed(DomainError):
    code = "assessment_closed"
    default_message = "This assessment has closed."
