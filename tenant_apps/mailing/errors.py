from core.errors import DomainError, NotFound


class EmailJobNotFound(NotFound):
    code = "email_job_not_found"


class NothingToResend(DomainError):
    code = "nothing_to_resend"
    default_message = "This e-mail job has no failed recipients to resend."
