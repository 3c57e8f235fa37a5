from core.errors import NotFound


class CourseNotFound(NotFound):
    code = "course_not_found"
    default_message = "Not found."


class OperationNotFound(NotFound):
    code = "operation_not_found"


class ClientNotFound(NotFound):
    code = "client_not_found"
