"""Who is calling: the authenticated user, the client that issued the token and the
client the request acts on.

User ids of different schemas collide: a platform admin is a row of the ``public`` schema
whose id can equal a student's id at the client being visited. So code never asks "who
is this user here?" of a ``User`` it was handed; it asks the ``Actor``, whose
``local_user`` is the caller's row in the acting client's schema, or ``None`` when the
caller has none there (a visiting platform admin). Learner rows (progress, submissions,
registrations, votes, payments...) are read and written only through it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django_tenants.utils import get_public_schema_name

from core.errors import PermissionDenied
from tenant_apps.accounts.models import ADMIN_ROLES, STAFF_ROLES, Role, User
from tenants.models import Client


@dataclass(frozen=True, slots=True)
class Actor:
    user: User
    """The authenticated row, in the schema of ``token_client``."""
    token_client: Client
    """The client whose portal issued the token."""
    client: Client | None
    """The client the request acts on (the path's), or None on paths that run in ``public``."""

    @classmethod
    def at_home(cls, user: User, client: Client) -> Actor:
        """A user of ``client`` acting in its own portal (seed data, commands, tests)."""
        return cls(user=user, token_client=client, client=client)

    @property
    def role(self) -> str:
        return self.user.role

    @property
    def is_platform_admin(self) -> bool:
        return self.token_client.schema_name == get_public_schema_name() and self.user.role == Role.SUPERADMIN

    @property
    def is_admin(self) -> bool:
        return self.user.role in ADMIN_ROLES

    @property
    def is_staff(self) -> bool:
        return self.user.role in STAFF_ROLES

    @property
    def local_user(self) -> User | None:
        """The caller's row in the acting client's schema; None when it has none there."""
        acting_schema = self.client.schema_name if self.client is not None else get_public_schema_name()
        return self.user if acting_schema == self.token_client.schema_name else None

    @property
    def local_user_id(self) -> int | None:
        local = self.local_user
        return local.id if local is not None else None

    def require_local(self, *, action: str) -> User:
        """The caller's local row; 403 for a visiting platform admin, who has none here."""
        local = self.local_user
        if local is None:
            raise PermissionDenied(f"Platform admins cannot {action}.")
        return local

    @property
    def throttle_key(self) -> str:
        """Unique across schemas: a platform admin and a student with the same id differ."""
        return f"{self.token_client.id}:{self.user.id}"
