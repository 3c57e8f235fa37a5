"""Domain errors of the learning core."""

from core.errors import DomainError, NotFound, PermissionDenied


class CourseNotFound(NotFound):
    code = "course_not_found"


class ContentNotFound(NotFound):
    code = "content_not_found"


class NotFoundSubmission(ContentNotFound):
    code = "submission_not_found"


class AlreadyEnrolled(DomainError):
    code = "already_enrolled"
    default_message = "You are already enrolled in this course."


class NotEnrolled(PermissionDenied):
    code = "not_enrolled"
    default_message = "Enroll in this course first."


class ItemInUse(DomainError):
    code = "item_in_use"
    default_message = "This item is already used by another content."
