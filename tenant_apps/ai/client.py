"""The OpenAI-compatible chat-completions client, through the official ``openai`` SDK
(``POST {AI_BASE_URL}/chat/completions``): its retries, timeouts and typed errors.

Settings: ``AI_BASE_URL`` (e.g. ``https://api.openai.com/v1``), ``AI_API_KEY`` (sent as a
bearer token), ``AI_MODEL``, ``AI_TIMEOUT`` (seconds per attempt), ``AI_MAX_RETRIES`` (the
SDK's retries of connection errors, timeouts, 429 and 5xx, with backoff), all read from the
environment in config/settings.py. Errors are domain errors the API maps once: not
configured -> 503, upstream unreachable/timeout/busy -> 503, upstream error status or an
answer of the wrong shape -> 502, each with a clear ``detail``.

``chat_json`` asks the model for a JSON object (``response_format: json_object``),
parses it strictly and hands it to a validator; a malformed answer is a 502.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any, TypeVar

import openai
from django.conf import settings
from openai.types.chat import ChatCompletionMessageParam

from core.errors import DomainError, ServiceUnavailable

logger = logging.getLogger(__name__)

T = TypeVar("T")


class AIBadResponse(DomainError):
    """The AI service answered, but not with something usable."""

    status_code = 502
    code = "ai_bad_response"
    default_message = "The AI service returned an invalid answer."


class AIUnavailable(ServiceUnavailable):
    code = "ai_unavailable"
    default_message = "The AI service is unavailable. Try again later."


def ai_configured() -> bool:
    return bool(getattr(settings, "AI_BASE_URL", ""))


def _client() -> openai.OpenAI:
    """A client for the current settings (cheap: the settings may change between calls in tests)."""
    return openai.OpenAI(
        base_url=settings.AI_BASE_URL.rstrip("/"),
        # The SDK insists on a key; a keyless local server gets a placeholder it ignores.
        api_key=settings.AI_API_KEY or "unused",
        timeout=settings.AI_TIMEOUT,
        max_retries=settings.AI_MAX_RETRIES,
    )


def chat(messages: list[dict[str, str]], *, json_mode: bool = False, temperature: float = 0.3) -> str:
    """The assistant's reply text for ``messages`` (``[{"role", "content"}, ...]``)."""
    if not ai_configured():
        raise ServiceUnavailable("AI is not configured (AI_BASE_URL).", code="ai_not_configured")
    timeout = settings.AI_TIMEOUT
    extra: dict[str, Any] = {"response_format": {"type": "json_object"}} if json_mode else {}
    sent: list[ChatCompletionMessageParam] = [
        {"role": "system", "content": m["content"]}
        if m["role"] == "system"
        else {"role": "user", "content": m["content"]}
        for m in messages
    ]
    try:
        completion = _client().chat.completions.create(
            model=settings.AI_MODEL, messages=sent, temperature=temperature, **extra
        )
    except openai.APITimeoutError as exc:
        logger.warning("AI request timed out after %ss", timeout)
        raise AIUnavailable(f"The AI service did not answer within {timeout} seconds.") from exc
    except openai.APIConnectionError as exc:
        logger.warning("AI request failed: %s", exc)
        raise AIUnavailable("The AI service could not be reached.") from exc
    except (openai.AuthenticationError, openai.PermissionDeniedError) as exc:
        logger.error("AI service refused the API key (%s)", exc.status_code)
        raise AIBadResponse(
            f"The AI service refused the request (HTTP {exc.status_code}); check AI_API_KEY.",
            code="ai_auth_failed",
        ) from exc
    except (openai.RateLimitError, openai.InternalServerError) as exc:
        raise AIUnavailable(f"The AI service is busy or failing (HTTP {exc.status_code}). Try again later.") from exc
    except openai.APIStatusError as exc:
        raise AIBadResponse(f"The AI service rejected the request (HTTP {exc.status_code}).") from exc
    except openai.APIResponseValidationError as exc:
        raise AIBadResponse("The AI service returned a response that is not a chat completion.") from exc
    try:
        content = completion.choices[0].message.content
    except (AttributeError, IndexError, KeyError, TypeError) as exc:
        raise AIBadResponse("The AI service returned a response that is not a chat completion.") from exc
    if not isinstance(content, str) or not content.strip():
        raise AIBadResponse("The AI service returned an empty answer.")
    return content.strip()


def parse_json_object(text: str) -> dict[str, Any]:
    """Strictly parse a JSON object; tolerates only a Markdown code fence around it."""
    candidate = text.strip()
    if candidate.startswith("```"):
        candidate = candidate.strip("`")
        if candidate.lower().startswith("json"):
            candidate = candidate[4:]
    try:
        data = json.loads(candidate)
    except ValueError as exc:
        raise AIBadResponse("The AI service returned malformed JSON.") from exc
    if not isinstance(data, dict):
        raise AIBadResponse("The AI service returned JSON that is not an object.")
    return data


def chat_json(
    messages: list[dict[str, str]], *, validate: Callable[[dict[str, Any]], T], temperature: float = 0.3
) -> T:
    """Ask for a JSON object and return ``validate(obj)``.

    ``validate`` raises ``ValueError``/``KeyError``/``TypeError`` (or ``AIBadResponse``)
    when the shape is wrong; any of those becomes a 502 naming the problem."""
    data = parse_json_object(chat(messages, json_mode=True, temperature=temperature))
    try:
        return validate(data)
    except (ValueError, KeyError, TypeError) as exc:
        raise AIBadResponse(f"The AI service returned an answer of the wrong shape: {exc}") from exc


def system_user(system: str, user: str) -> list[dict[str, str]]:
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]
