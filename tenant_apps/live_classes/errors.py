from core.errors import DomainError, NotFound


class LiveClassNotFound(NotFound):
    pass


class AttendanceActivityNotFound(NotFound):
    pass


class AttendanceClosed(DomainError):
    code = "attendance_closed"
    default_message = "Attendance can only be marked while the activity is active and in its scheduled window."


class AttendanceAlreadyMarked(DomainError):
    code = "attendance_already_marked"
    default_message = "Attendance already marked for this activity."
