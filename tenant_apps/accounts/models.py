import uuid
from typing import Any, ClassVar, Literal, get_args

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models
from django.db.models.functions import Cast, Concat, Lower, Trim
from django.db.models.lookups import Exact

# A nameless member, as other members see them (``User.public_name``).
PUBLIC_NAME_PREFIX = "Member "
# What a name handle keeps (``public_name_handle``): lowercase ASCII letters and digits.
HANDLE_DROPS = "[^a-z0-9]"


def public_name_lower() -> models.Func:
    """``User.public_name`` in SQL, lowercased: first and last name, else "member <id>"."""
    full = Trim(Concat("first_name", models.Value(" "), "last_name", output_field=models.CharField()))
    nameless = Concat(models.Value(PUBLIC_NAME_PREFIX), Cast("id", models.CharField()), output_field=models.CharField())
    return Lower(
        models.Case(
            models.When(Exact(full, models.Value("")), then=nameless),
            default=full,
            output_field=models.CharField(),
        )
    )


def public_name_handle() -> models.Func:
    """What a user name is looked up by (the forum's ``by-username``): ``public_name_lower``
    with everything but ASCII letters and digits dropped, so "Ana Smith" is ``anasmith``.
    One expression for the index ``accounts_user_name_handle_idx`` and the lookup: PostgreSQL
    uses an expression index only for a query spelling the same expression. Computed by the
    database on every write of the row (insert, ``save``, ``update()``, ``bulk_create``,
    raw SQL), so nothing in the application keeps it in step."""
    return models.Func(
        public_name_lower(),
        models.Value(HANDLE_DROPS),
        models.Value(""),
        models.Value("g"),
        function="regexp_replace",
        output_field=models.CharField(),
    )


class Role(models.TextChoices):
    STUDENT = "student", "Student"
    INSTRUCTOR = "instructor", "Instructor"
    ADMIN = "admin", "Admin"
    SUPERADMIN = "superadmin", "Super admin"


# Who may do what, by role (platform admins act as admins on every client).
ADMIN_ROLES = frozenset({Role.ADMIN, Role.SUPERADMIN})
STAFF_ROLES = frozenset({Role.ADMIN, Role.SUPERADMIN, Role.INSTRUCTOR})
LEARNER_ROLES = frozenset({Role.STUDENT})
PLATFORM_ADMIN_ROLES = frozenset({Role.SUPERADMIN})
# The roles a client's users can hold; superadmin exists only in the platform's portal. Named
# once, as the type request schemas take (their OpenAPI enum); ``Role(...)`` checks each is a role.
ClientRoleName = Literal["student", "instructor", "admin"]
CLIENT_ROLES = tuple(Role(name) for name in get_args(ClientRoleName))
# The roles the public schema's users can hold (platform admins only).
PUBLIC_ROLES = (Role.SUPERADMIN,)


class UserManager(BaseUserManager["User"]):
    def create_user(self, email: str, password: str | None = None, **fields: Any) -> "User":
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, username: str | None) -> "User":
        """The admin's login form: e-mails are stored lowercased."""
        return self.get(email=(username or "").strip().lower())


class User(AbstractBaseUser):
    """A person in one client's portal; the same e-mail at two clients is two accounts."""

    email = models.EmailField()
    first_name = models.CharField(max_length=150, blank=True, default="")
    last_name = models.CharField(max_length=150, blank=True, default="")
    phone = models.CharField(max_length=20, blank=True, default="")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.STUDENT)
    profile_pic_url = models.URLField(max_length=500, blank=True, default="")
    is_active = models.BooleanField(default=True)
    is_profile_active = models.BooleanField(default=True)
    google_sub = models.CharField(max_length=255, blank=True, default="")
    # Set by an admin's DELETE: the account is gone from every admin read and cannot sign
    # in, while the rows that refer to it (enrollments, progress, submissions...) stay.
    deleted_at = models.DateTimeField(null=True, blank=True)
    date_joined = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        ordering = ["id"]
        # A constraint and an index rather than unique=True / db_index=True, which would each
        # add a varchar_pattern_ops twin for LIKE 'x%' that no query runs (issue 11).
        constraints = [models.UniqueConstraint(fields=["email"], name="accounts_user_email_key")]
        indexes = [
            models.Index(fields=["role"], name="accounts_user_role_57e97df0"),
            # The forum's ``users/by-username/{name}``: an index on the expression, so the
            # handle is never a column to keep in step (docs/forum.md, "User names").
            models.Index(public_name_handle(), name="accounts_user_name_handle_idx"),
        ]

    def __str__(self) -> str:
        return self.email

    # The operator's console (Django's admin, config/admin.py): platform admins, and only
    # they, are staff with every permission. Superadmins exist only in the public schema.
    @property
    def is_platform_admin(self) -> bool:
        return self.role == Role.SUPERADMIN and self.is_active and self.deleted_at is None

    @property
    def is_staff(self) -> bool:
        return self.is_platform_admin

    @property
    def is_superuser(self) -> bool:
        return self.is_platform_admin

    def has_perm(self, perm: str, obj: object = None) -> bool:
        return self.is_platform_admin

    def has_module_perms(self, app_label: str) -> bool:
        return self.is_platform_admin

    @property
    def user_name(self) -> str:
        """The name the user, staff and documents show: first and last name, else the
        e-mail's local part. Other members see ``public_name``."""
        full = f"{self.first_name} {self.last_name}".strip()
        return full or self.email.split("@", 1)[0]

    @property
    def public_name(self) -> str:
        """The name other members see (forum cards, profiles, leaderboards, comments): first
        and last name, else "Member <id>". Never the e-mail's local part: peers are not shown
        a member's e-mail, and the local part is most of it (``PUBLIC_NAME_PREFIX``)."""
        full = f"{self.first_name} {self.last_name}".strip()
        return full or f"{PUBLIC_NAME_PREFIX}{self.id}"


class AuthSession(models.Model):
    """A login: its refresh tokens share it, logout revokes it (and so all of them)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="auth_sessions", db_index=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    user_agent = models.CharField(max_length=255, blank=True, default="")

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "revoked_at"])]

    def __str__(self) -> str:
        return f"session {self.id} of {self.user_id}"


class OtpPurpose(models.TextChoices):
    SIGNUP = "signup", "Sign-up"
    PASSWORD_RESET = "password_reset", "Password reset"


class OneTimeCode(models.Model):
    """A hashed 6-digit code sent by e-mail, for sign-up or password reset.

    For sign-up it also holds the pending registration (with the password already
    hashed), so no user row exists until the e-mail is verified.
    """

    purpose = models.CharField(max_length=20, choices=OtpPurpose.choices)
    email = models.EmailField()
    code_hash = models.CharField(max_length=128)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    payload = models.JSONField(default=dict, blank=True)
    reset_token_hash = models.CharField(max_length=128, blank=True, default="")
    reset_token_expires_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["purpose", "email"], name="one_code_per_purpose_and_email")]

    def __str__(self) -> str:
        return f"{self.purpose} code for {self.email}"
