"""JWT access/refresh tokens (PyJWT). Claims: sub, client_id, role, type, jti, iat, exp, sid."""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta

import jwt
from django.conf import settings
from django.utils import timezone

from core.errors import InvalidToken

ACCESS = "access"
REFRESH = "refresh"


@dataclass(frozen=True)
class TokenClaims:
    user_id: int
    client_id: int
    role: str
    type: str
    session_id: str
    jti: str
    exp: int


def _lifetime(token_type: str) -> timedelta:
    return settings.JWT_ACCESS_LIFETIME if token_type == ACCESS else settings.JWT_REFRESH_LIFETIME


def token_encode(*, user_id: int, client_id: int, role: str, session_id: str, token_type: str) -> str:
    now = timezone.now()
    lifetime = _lifetime(token_type)
    claims = {
        "sub": str(user_id),
        "client_id": client_id,
        "role": role,
        "type": token_type,
        "sid": session_id,
        "jti": uuid.uuid4().hex,
        "iat": int(now.timestamp()),
        "exp": int((now + lifetime).timestamp()),
    }
    return jwt.encode(claims, settings.JWT_SIGNING_KEY, algorithm=settings.JWT_ALGORITHM)


# Tokens already verified by this process, with their claims: an access token is sent with
# every request of its session for up to JWT_ACCESS_LIFETIME, and verifying it again (PyJWT
# re-prepares the key on every call, trying it as a DER public key first, then the HMAC and
# the claim checks) was the largest CPU cost of authentication after its one statement. A
# token's bytes and the key decide everything but the expiry, so a hit only checks ``exp``
# again; sessions (logout, revocation) and users (deactivation) are still read per request
# (api/auth.py). Bounded; cleared whole when full (entries are cheap to make again).
VERIFIED_MAX = 4096
_verified: dict[tuple[str, str, str, str], TokenClaims] = {}
_verified_lock = threading.Lock()


def token_decode(token: str, *, expected_type: str) -> TokenClaims:
    """``_token_verify``, remembered per token (``_verified``): a token seen before is only
    checked for expiry again, as PyJWT checks it (expired at ``exp`` itself)."""
    key = (token, expected_type, settings.JWT_SIGNING_KEY, settings.JWT_ALGORITHM)
    claims = _verified.get(key)
    if claims is not None:
        if time.time() < claims.exp:
            return claims
        raise InvalidToken()
    claims = _token_verify(token, expected_type=expected_type)
    with _verified_lock:
        if len(_verified) >= VERIFIED_MAX:
            _verified.clear()
        _verified[key] = claims
    return claims


def _token_verify(token: str, *, expected_type: str) -> TokenClaims:
    """Verify signature, expiry, type and lifetime; the algorithm list is fixed, so
    ``alg: none`` fails. A token that claims to live longer than its type's configured
    lifetime (``exp - iat``) was not made by ``token_encode`` and is refused, and so is a
    session id that is not a UUID: every malformed token is a 401."""
    try:
        claims = jwt.decode(
            token,
            settings.JWT_SIGNING_KEY,
            algorithms=[settings.JWT_ALGORITHM],
            options={"require": ["sub", "client_id", "role", "type", "sid", "jti", "iat", "exp"]},
        )
        parsed = TokenClaims(
            user_id=int(claims["sub"]),
            client_id=int(claims["client_id"]),
            role=str(claims["role"]),
            type=str(claims["type"]),
            session_id=str(uuid.UUID(str(claims["sid"]))),
            jti=str(claims["jti"]),
            exp=int(claims["exp"]),
        )
        issued_at = int(claims["iat"])
    except (jwt.PyJWTError, ValueError, TypeError) as exc:
        raise InvalidToken() from exc
    if parsed.type != expected_type:
        raise InvalidToken()
    if parsed.exp - issued_at > _lifetime(parsed.type).total_seconds():
        raise InvalidToken()
    return parsed
