"""Domain errors of the admin dashboard."""

from core.errors import FieldErrors, NotFound


class UserNotFound(NotFound):
    code = "user_not_found"


class SelfChangeForbidden(FieldErrors):
    """An admin may not demote, deactivate or delete their own account (so a client
    always keeps at least one admin)."""

    code = "self_change_forbidden"
