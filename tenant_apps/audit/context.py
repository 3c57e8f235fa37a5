"""Who and where the current request comes from, for audit records written deep in services.

The middleware opens a context per request (address and user agent); ``JWTAuth`` adds the
``Actor`` once it has authenticated the caller. Services whose signature carries no actor
(authoring, e-mail jobs) still record who did it, and none of them needs the request.
Outside a request (worker tasks, commands) there is no context: records name no actor.
"""

from __future__ import annotations

from contextvars import ContextVar, Token
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tenant_apps.accounts.actor import Actor


@dataclass(slots=True)
class RequestContext:
    ip: str | None = None
    user_agent: str = ""
    actor: Actor | None = None


_current: ContextVar[RequestContext | None] = ContextVar("audit_request_context", default=None)


def current() -> RequestContext | None:
    return _current.get()


def open_context(*, ip: str | None, user_agent: str) -> Token[RequestContext | None]:
    return _current.set(RequestContext(ip=ip, user_agent=user_agent[:400]))


def close_context(token: Token[RequestContext | None]) -> None:
    _current.reset(token)


def actor_set(actor: Actor) -> None:
    """Called by authentication: the caller of the current request."""
    context = _current.get()
    if context is not None:
        context.actor = actor
