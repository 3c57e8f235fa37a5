"""Standard Webhooks signatures (https://www.standardwebhooks.com/): the HMAC-SHA256 of
``"{webhook-id}.{webhook-timestamp}.{body}"`` keyed with the secret's bytes, sent as
``webhook-signature: v1,<base64>``. Secrets are ``whsec_`` + base64 of 32 random bytes."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

SECRET_PREFIX = "whsec_"


def secret_generate() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def _key(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix(SECRET_PREFIX))


def sign(*, secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """The ``webhook-signature`` header value."""
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()
