"""Account writes: sign-up with e-mail OTP, login (password/Google), sessions, reset."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django_tenants.utils import get_public_schema_name, schema_context

from core.errors import FieldErrors, InvalidToken, NotFound, ServiceUnavailable, full_clean
from core.updates import fields_apply, given
from platform_services.throttling.services import throttle_hit
from tenant_apps.accounts.actor import Actor
from tenant_apps.accounts.emails import otp_email_send
from tenant_apps.accounts.errors import InvalidCredentials, OtpInvalid
from tenant_apps.accounts.models import CLIENT_ROLES, PUBLIC_ROLES, AuthSession, OneTimeCode, OtpPurpose, Role, User
from tenant_apps.accounts.tokens import ACCESS, REFRESH, token_decode, token_encode
from tenant_apps.audit import services as audit
from tenant_apps.audit.models import AuditAction
from tenant_apps.webhooks import services as webhooks
from tenant_apps.webhooks.models import EventType
from tenants.models import Client
from tenants.schema import current_schema_name, current_tenant
from tenants.selectors import client_get_cached


@dataclass(frozen=True)
class TokenPair:
    access: str
    refresh: str
    user: User


# --- helpers -------------------------------------------------------------------------


def email_normalize(email: str, *, field: str = "email") -> str:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except DjangoValidationError as exc:
        raise FieldErrors({field: "Enter a valid email address."}) from exc
    return email


def auth_throttle(*, scope: str, email: str, ip: str | None) -> None:
    """Strict per e-mail address; per IP only generously (a campus shares one NAT IP)."""
    schema = current_schema_name()
    throttle_hit(key=f"{scope}:email:{schema}:{email}", rate=settings.THROTTLE_EMAIL_RATE)
    if ip:
        throttle_hit(key=f"{scope}:ip:{ip}", rate=settings.THROTTLE_IP_RATE)


def _code_hash(*, purpose: str, email: str, code: str) -> str:
    return salted_hmac("accounts.otp", f"{current_schema_name()}:{purpose}:{email}:{code}").hexdigest()


def _password_check(*, password: str, confirm_password: str, user: User, field: str = "password") -> None:
    errors: dict[str, list[str]] = {}
    if password != confirm_password:
        errors["confirm_password"] = ["Passwords do not match."]
    try:
        validate_password(password, user=user)
    except DjangoValidationError as exc:
        errors[field] = list(exc.messages)
    if errors:
        raise FieldErrors(errors)


def _code_issue(*, purpose: str, email: str, payload: dict[str, Any] | None = None) -> str:
    code = f"{secrets.randbelow(10**6):06d}"
    values = {
        "code_hash": _code_hash(purpose=purpose, email=email, code=code),
        "expires_at": timezone.now() + settings.OTP_LIFETIME,
        "attempts": 0,
        "reset_token_hash": "",
        "reset_token_expires_at": None,
    }
    if payload is not None:
        values["payload"] = payload
    OneTimeCode.objects.update_or_create(purpose=purpose, email=email, defaults=values)
    return code


def _code_check(*, purpose: str, email: str, otp: str, uniform_failure: str | None = None) -> OneTimeCode:
    """Check an OTP; a wrong guess is counted (and committed) before the 400 is raised.

    With ``uniform_failure`` every failure (no code, expired, wrong, locked) answers that
    one text, so the answer says nothing about whether the e-mail has an account."""
    otp = (otp or "").strip()
    failure: str | None = None
    with transaction.atomic():
        row = OneTimeCode.objects.select_for_update().filter(purpose=purpose, email=email).first()
        if row is None or not row.code_hash:
            failure = "No pending code for this e-mail. Request a new one."
        elif row.expires_at <= timezone.now():
            failure = "The code has expired. Request a new one."
        elif row.attempts >= settings.OTP_MAX_ATTEMPTS:
            failure = "Too many wrong codes. Request a new one."
        elif not constant_time_compare(row.code_hash, _code_hash(purpose=purpose, email=email, code=otp)):
            row.attempts += 1
            row.save(update_fields=["attempts", "updated_at"])
            left = settings.OTP_MAX_ATTEMPTS - row.attempts
            failure = f"Invalid code. {left} attempt(s) left." if left else "Too many wrong codes. Request a new one."
    if failure or row is None:
        raise OtpInvalid({"otp": uniform_failure or failure or ""})
    return row


def _client_schema_require() -> None:
    """Only platform admins (superadmins) live in the public schema: nobody signs up there."""
    if current_schema_name() == get_public_schema_name():
        raise NotFound()


def _role_belongs_here(user: User) -> bool:
    """Superadmins live only in the public schema, and only they do."""
    public: str = get_public_schema_name()
    return (user.role == Role.SUPERADMIN) == (current_schema_name() == public)


def _client_name() -> str:
    tenant = getattr(connection, "tenant", None)
    return getattr(tenant, "name", "") or "LMS"


# --- sign-up -------------------------------------------------------------------------


def signup_start(
    *,
    first_name: str,
    last_name: str,
    email: str,
    phone: str,
    password: str,
    confirm_password: str,
    ip: str | None = None,
) -> None:
    """Keep a pending registration and e-mail its OTP; no user exists until verified."""
    email = email_normalize(email)
    auth_throttle(scope="signup", email=email, ip=ip)
    with transaction.atomic():  # after the throttle, so a failed attempt still counts
        if User.objects.filter(email=email).exists():
            raise FieldErrors({"email": "A user with this email already exists."})
        candidate = User(email=email, first_name=first_name, last_name=last_name)
        _password_check(password=password, confirm_password=confirm_password, user=candidate)
        payload = {
            "first_name": first_name.strip(),
            "last_name": last_name.strip(),
            "phone": phone.strip(),
            "password": make_password(password),
        }
        code = _code_issue(purpose=OtpPurpose.SIGNUP, email=email, payload=payload)
        otp_email_send(email=email, code=code, purpose="signup", client_name=_client_name())


def signup_resend(*, email: str, ip: str | None = None) -> None:
    """Send a new sign-up code if a registration is pending; otherwise do nothing, and
    answer the same either way (as ``password_reset_start`` does), so the answer tells
    no one whether an address has an account or a pending registration."""
    email = email_normalize(email)
    auth_throttle(scope="resend", email=email, ip=ip)
    with transaction.atomic():  # after the throttle, so a failed attempt still counts
        row = OneTimeCode.objects.filter(purpose=OtpPurpose.SIGNUP, email=email).first()
        if row is None:
            return
        code = _code_issue(purpose=OtpPurpose.SIGNUP, email=email)
        otp_email_send(email=email, code=code, purpose="signup", client_name=_client_name())


def signup_verify(*, email: str, otp: str, ip: str | None = None) -> User:
    _client_schema_require()
    email = email_normalize(email)
    auth_throttle(scope="verify", email=email, ip=ip)
    row = _code_check(purpose=OtpPurpose.SIGNUP, email=email, otp=otp)
    data = row.payload
    try:
        with transaction.atomic():
            user = User(
                email=email,
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
                phone=data.get("phone", ""),
                role=Role.STUDENT,
                password=data["password"],
            )
            user.save()
            row.delete()
            _signed_up(user, method="email")
    except IntegrityError as exc:
        raise FieldErrors({"email": "A user with this email already exists."}) from exc
    return user


def _signed_up(user: User, *, method: str) -> None:
    """The ``user.signed_up`` webhook, in the transaction that created the user."""
    webhooks.emit(
        EventType.USER_SIGNED_UP,
        {
            "user_id": user.id,
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "role": user.role,
            "method": method,
        },
    )


# --- login, sessions, tokens ---------------------------------------------------------


def _client_id() -> int:
    client_id: int = current_tenant().id
    return client_id


def session_start(*, user: User, client_id: int, user_agent: str = "") -> TokenPair:
    session = AuthSession.objects.create(
        user=user, expires_at=timezone.now() + settings.JWT_REFRESH_LIFETIME, user_agent=user_agent[:255]
    )
    return _token_pair(user=user, client_id=client_id, session_id=str(session.id))


def _token_pair(*, user: User, client_id: int, session_id: str) -> TokenPair:
    def encode(token_type: str) -> str:
        return token_encode(
            token_type=token_type, user_id=user.id, client_id=client_id, role=user.role, session_id=session_id
        )

    return TokenPair(access=encode(ACCESS), refresh=encode(REFRESH), user=user)


def login(*, email: str, password: str, ip: str | None = None, user_agent: str = "") -> TokenPair:
    email = (email or "").strip().lower()
    if not email:
        raise FieldErrors({"email": "This field may not be blank."})
    auth_throttle(scope="login", email=email, ip=ip)
    user = User.objects.filter(email=email).first()
    if user is None:
        make_password(password)  # same cost as a real check, so timing reveals nothing
        _login_failed(email=email, reason="unknown_email")
        raise InvalidCredentials()
    if not user.check_password(password) or not user.is_active or not _role_belongs_here(user):
        reason = "wrong_password" if user.is_active and _role_belongs_here(user) else "inactive_or_wrong_portal"
        _login_failed(email=email, reason=reason, user=user)
        raise InvalidCredentials()
    with transaction.atomic():
        User.objects.filter(id=user.id).update(last_login=timezone.now())
        _login_succeeded(user=user, method="password")
        return session_start(user=user, client_id=_client_id(), user_agent=user_agent)


def _login_succeeded(*, user: User, method: str) -> None:
    audit.record(
        action=AuditAction.LOGIN_SUCCEEDED,
        actor=Actor.at_home(user, current_tenant()),
        target_type="user",
        target_id=user.id,
        data={"method": method},
    )


def _login_failed(*, email: str, reason: str, user: User | None = None) -> None:
    """Committed at once (no transaction is open): the refusal that follows keeps it."""
    audit.record(
        action=AuditAction.LOGIN_FAILED,
        actor_email=email,
        target_type="user" if user is not None else "",
        target_id=user.id if user is not None else None,
        data={"email": email, "reason": reason, "method": "password"},
    )


def google_login(*, token: str, ip: str | None = None, user_agent: str = "") -> TokenPair:
    """Verify a Google ID token (google-auth) and find or create the user in this client."""
    from google.auth import exceptions as google_exceptions
    from google.auth.transport import requests as google_requests
    from google.oauth2 import id_token

    if not settings.GOOGLE_CLIENT_ID:
        raise ServiceUnavailable("Google sign-in is not configured (GOOGLE_CLIENT_ID).")
    if ip:
        throttle_hit(key=f"google:ip:{ip}", rate=settings.THROTTLE_IP_RATE)
    try:
        info = id_token.verify_token(
            token,
            google_requests.Request(),
            audience=settings.GOOGLE_CLIENT_ID,
            certs_url=settings.GOOGLE_CERTS_URL,
        )
    except google_exceptions.TransportError as exc:
        raise ServiceUnavailable("Google's signing keys could not be fetched.") from exc
    except (ValueError, google_exceptions.GoogleAuthError) as exc:
        raise FieldErrors({"token": "Invalid Google token."}) from exc
    if info.get("iss") not in ("accounts.google.com", "https://accounts.google.com"):
        raise FieldErrors({"token": "Invalid Google token issuer."})
    if not info.get("email") or info.get("email_verified") not in (True, "true"):
        raise FieldErrors({"token": "The Google account's e-mail is not verified."})
    email = info["email"].strip().lower()
    with transaction.atomic():
        user = User.objects.select_for_update().filter(email=email).first()
        if user is None:
            _client_schema_require()
            user = User.objects.create_user(
                email=email,
                password=None,
                first_name=info.get("given_name", "")[:150],
                last_name=info.get("family_name", "")[:150],
                profile_pic_url=info.get("picture", "")[:500],
                google_sub=info.get("sub", ""),
            )
            _signed_up(user, method="google")
        elif not user.google_sub:
            user.google_sub = info.get("sub", "")
            user.save(update_fields=["google_sub", "updated_at"])
    if not user.is_active:
        audit.record(
            action=AuditAction.LOGIN_FAILED,
            actor_email=email,
            target_type="user",
            target_id=user.id,
            data={"email": email, "reason": "inactive", "method": "google"},
        )
        raise InvalidCredentials()
    with transaction.atomic():
        _login_succeeded(user=user, method="google")
        return session_start(user=user, client_id=_client_id(), user_agent=user_agent)


def token_refresh(*, refresh: str, client_id: int | None = None) -> TokenPair:
    """A new access and refresh token of the same session; earlier refresh tokens stay valid.

    ``client_id``: the client a per-client refresh route names; a token of another is refused."""
    claims = token_decode(refresh, expected_type=REFRESH)
    if client_id is not None and claims.client_id != client_id:
        raise InvalidToken()
    client: Client | None = client_get_cached(client_id=claims.client_id)
    if client is None or not client.is_active:
        raise InvalidToken()
    with schema_context(client.schema_name):
        session = (
            AuthSession.objects.select_related("user")
            .filter(id=claims.session_id, user_id=claims.user_id, revoked_at__isnull=True)
            .first()
        )
        if session is None or session.expires_at <= timezone.now() or not session.user.is_active:
            raise InvalidToken()
        return _token_pair(user=session.user, client_id=client.id, session_id=str(session.id))


def logout(*, actor: Actor, refresh: str) -> None:
    """Revoke the refresh token's session (all its tokens), in the schema that holds it."""
    try:
        claims = token_decode(refresh, expected_type=REFRESH)
    except InvalidToken as exc:
        raise FieldErrors({"refresh": "Token is invalid or expired."}) from exc
    if claims.user_id != actor.user.id or claims.client_id != actor.token_client.id:
        raise FieldErrors({"refresh": "Token does not belong to this user."})
    with schema_context(actor.token_client.schema_name):
        AuthSession.objects.filter(id=claims.session_id, user_id=actor.user.id, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )


def sessions_revoke_all(*, user: User) -> int:
    return AuthSession.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())


# --- profile ---------------------------------------------------------------------------

NAME_MAX = 150  # User.first_name, User.last_name
PROFILE_FIELDS = ("first_name", "last_name", "phone", "profile_pic_url", "is_profile_active")
PROFILE_FIELD_ALIASES = {"phone_number": "phone", "profile_picture": "profile_pic_url"}


@transaction.atomic
def profile_update(*, actor: Actor, data: dict[str, Any]) -> User:
    """Change the caller's own profile; a visiting platform admin has no row here to change."""
    user = actor.require_local(action="change their profile from a client portal")
    for client_name, field in PROFILE_FIELD_ALIASES.items():  # the web clients' names; the contract's win
        if client_name in data and field not in data:
            data = {**data, field: data[client_name]}
    if "user_name" in data and data["user_name"] is not None and not ({"first_name", "last_name"} & data.keys()):
        first, _, last = data["user_name"].strip().partition(" ")
        if max(len(first), len(last)) > NAME_MAX:
            raise FieldErrors({"user_name": f"The first and the last name have at most {NAME_MAX} characters each."})
        data = {**data, "first_name": first, "last_name": last}
    changed = fields_apply(user, given(**{field: data.get(field) for field in PROFILE_FIELDS}))
    if not changed:
        return user
    full_clean(user, exclude=["password", "email"])
    user.save(update_fields=[*changed, "updated_at"])
    return user


# --- password reset --------------------------------------------------------------------

RESET_SENT = "If an account exists for this e-mail, a reset code has been sent."
# One answer for every failed reset-code check, known e-mail or not (no "N attempts left").
RESET_CODE_INVALID = "The code is invalid or has expired. Request a new one if needed."


def password_reset_start(*, email: str, ip: str | None = None, scope: str = "forgot") -> None:
    """E-mail a reset OTP; answers the same whether or not the account exists."""
    email = email_normalize(email)
    auth_throttle(scope=scope, email=email, ip=ip)
    with transaction.atomic():  # after the throttle, so a failed attempt still counts
        if not User.objects.filter(email=email, is_active=True).exists():
            return
        code = _code_issue(purpose=OtpPurpose.PASSWORD_RESET, email=email)
        otp_email_send(email=email, code=code, purpose="password_reset", client_name=_client_name())


def password_reset_verify(*, email: str, otp: str, ip: str | None = None) -> str:
    """Trade a correct OTP for a single-use, short-lived reset token."""
    email = email_normalize(email)
    auth_throttle(scope="reset-verify", email=email, ip=ip)
    row = _code_check(purpose=OtpPurpose.PASSWORD_RESET, email=email, otp=otp, uniform_failure=RESET_CODE_INVALID)
    token = secrets.token_urlsafe(32)
    row.code_hash = ""  # the OTP is spent
    row.reset_token_hash = salted_hmac("accounts.reset", token).hexdigest()
    row.reset_token_expires_at = timezone.now() + settings.PASSWORD_RESET_TOKEN_LIFETIME
    row.save(update_fields=["code_hash", "reset_token_hash", "reset_token_expires_at", "updated_at"])
    return token


def password_reset_complete(
    *, email: str, reset_token: str, new_password: str, confirm_password: str, ip: str | None = None
) -> None:
    email = email_normalize(email)
    auth_throttle(scope="reset", email=email, ip=ip)
    with transaction.atomic():  # after the throttle, so a failed attempt still counts
        row = OneTimeCode.objects.select_for_update().filter(purpose=OtpPurpose.PASSWORD_RESET, email=email).first()
        token_hash = salted_hmac("accounts.reset", reset_token or "").hexdigest()
        if (
            row is None
            or not row.reset_token_hash
            or not constant_time_compare(row.reset_token_hash, token_hash)
            or row.reset_token_expires_at is None
            or row.reset_token_expires_at <= timezone.now()
        ):
            raise FieldErrors({"reset_token": "The reset token is invalid or has expired."})
        user = User.objects.select_for_update().filter(email=email, is_active=True).first()
        if user is None:
            raise FieldErrors({"reset_token": "The reset token is invalid or has expired."})
        _password_check(password=new_password, confirm_password=confirm_password, user=user, field="new_password")
        user.set_password(new_password)
        user.save(update_fields=["password", "updated_at"])
        row.delete()
        sessions_revoke_all(user=user)


# --- operators -----------------------------------------------------------------------


@transaction.atomic
def user_create(
    *, email: str, password: str, role: str = Role.STUDENT, first_name: str = "", last_name: str = ""
) -> tuple[User, bool]:
    """Create a user, or update the role, names and password of an existing one."""
    email = email_normalize(email)
    # superadmin is the platform's own role: only users of the public client hold it.
    roles = PUBLIC_ROLES if current_schema_name() == get_public_schema_name() else CLIENT_ROLES
    if role not in roles:
        raise FieldErrors({"role": f"Choose one of {', '.join(roles)}."})
    user = User.objects.filter(email=email).first()
    created = user is None
    if user is None:
        user = User(email=email)
    user.role = role
    user.first_name = first_name or user.first_name
    user.last_name = last_name or user.last_name
    user.is_active = True
    user.set_password(password)
    user.save()
    return user, created
