from core.errors import DomainError, NotFound


class InterviewNotFound(NotFound):
    pass


class InterviewNotStarted(DomainError):
    code = "interview_not_started"
    default_message = "Start the interview before submitting it."


class InterviewAlreadySubmitted(DomainError):
    code = "interview_already_submitted"
    default_message = "This interview has already been submitted."
