"""An OpenAI-compatible chat-completions client (``POST {AI_BASE_URL}/chat/completions``).

Settings: ``AI_BASE_URL`` (e.g. ``https://api.openai.com/v1``), ``AI_API_KEY`` (sent as a
bearer token), ``AI_MODEL``, ``AI_TIMEOUT`` (seconds) and ``AI_THROTTLE_RATE``, all read from
the environment in config/settings.py. Errors are domain errors the API
maps once: not configured -> 503, upstream unreachable/timeout -> 503, upstream error
status or an answer of the wrong shape -> 502, each with a clear ``detail``.

``chat_json`` asks the model for a JSON object (``response_format: json_object``),
parses it strictly and hands it to a validator; a malformed answer is a 502.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any, TypeVar

import requests
from django.conf import settings

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


def chat(messages: list[dict[str, str]], *, json_mode: bool = False, temperature: float = 0.3) -> str:
    """The assistant's reply text for ``messages`` (``[{"role", "content"}, ...]``)."""
    if not ai_configured():
        raise ServiceUnavailable("AI is not configured (AI_BASE_URL).", code="ai_not_configured")
    body: dict[str, Any] = {"model": settings.AI_MODEL, "messages": messages, "temperature": temperature}
    if json_mode:
        body["response_format"] = {"type": "json_object"}
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if settings.AI_API_KEY:
        headers["Authorization"] = f"Bearer {settings.AI_API_KEY}"
    url = settings.AI_BASE_URL.rstrip("/") + "/chat/completions"
    timeout = settings.AI_TIMEOUT
    try:
        response = requests.post(url, json=body, headers=headers, timeout=timeout)
    except requests.Timeout as exc:
        logger.warning("AI request timed out after %ss", timeout)
        raise AIUnavailable(f"The AI service did not answer within {timeout} seconds.") from exc
    except requests.RequestException as exc:
        logger.warning("AI request failed: %s", exc)
        raise AIUnavailable("The AI service could not be reached.") from exc
    if response.status_code in (401, 403):
        logger.error("AI service refused the API key (%s)", response.status_code)
        raise AIBadResponse(
            f"The AI service refused the request (HTTP {response.status_code}); check AI_API_KEY.",
            code="ai_auth_failed",
        )
    if response.status_code == 429 or response.status_code >= 500:
        raise AIUnavailable(f"The AI service is busy or failing (HTTP {response.status_code}). Try again later.")
    if response.status_code >= 400:
        raise AIBadResponse(f"The AI service rejected the request (HTTP {response.status_code}).")
    try:
        content = response.json()["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError) as exc:
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


def ai_throttle(caller_key: str) -> None:
    """Count one AI request for a caller (``Actor.throttle_key``); 429 past the rate.

    The key names the token's client and the user id, so a platform admin and a client's
    user with the same id never share a bucket."""
    from shared_apps.throttling.services import throttle_hit

    throttle_hit(key=f"ai:{caller_key}", rate=settings.AI_THROTTLE_RATE)
