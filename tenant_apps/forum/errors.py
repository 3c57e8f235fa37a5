from core.errors import NotFound


class ThreadNotFound(NotFound):
    pass


class CommentNotFound(NotFound):
    pass


class MemberNotFound(NotFound):
    default_message = "User not found."
