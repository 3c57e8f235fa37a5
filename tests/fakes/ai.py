"""A fake OpenAI-compatible chat-completions server on 127.0.0.1.

It checks the bearer key, answers ``POST /v1/chat/completions`` with scripted replies
(``fake.reply("text")`` / ``fake.reply_json({...})``, consumed in order; once the
script is empty it repeats ``fake.default``), and records every request's JSON body in
``fake.calls``. ``fake.fail_with(status)`` makes the next answer an HTTP error and
``fake.delay`` slows every answer (for timeouts).

Use the ``ai_fake`` fixture (import it, with ``_ai_server``, into an app's conftest):
it points ``AI_BASE_URL``/``AI_API_KEY``/``AI_MODEL`` at the server (the official
``openai`` SDK is the client that speaks to it).
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from typing import Any

import pytest

from tests.fakes.http import FakeHttpServer

API_KEY = "sk-test-fake-key"
MODEL = "fake-gpt"


class FakeAI:
    def __init__(self, api_key: str = API_KEY) -> None:
        self.api_key = api_key
        self.server: FakeHttpServer | None = None
        self.reset()

    def reset(self) -> None:
        self._lock = threading.Lock()
        self.script: deque[tuple[int, Any]] = deque()
        self.default: tuple[int, Any] = (200, "OK")
        self.calls: list[dict[str, Any]] = []
        self.delay = 0.0

    @property
    def url(self) -> str:
        assert self.server is not None
        return self.server.url + "/v1"

    # --- scripting ---------------------------------------------------------------------
    def reply(self, text: str) -> FakeAI:
        self.script.append((200, text))
        return self

    def reply_json(self, data: Any) -> FakeAI:
        return self.reply(json.dumps(data))

    def fail_with(self, status: int, body: Any = None) -> FakeAI:
        self.script.append((status, body if body is not None else {"error": {"message": "scripted failure"}}))
        return self

    def raw(self, body: Any) -> FakeAI:
        """Answer 200 with ``body`` as is (e.g. not a chat completion at all)."""
        self.script.append((-200, body))
        return self

    # --- what the server saw -------------------------------------------------------------
    def last_prompt(self) -> str:
        """All message contents of the last request, joined."""
        return "\n".join(m["content"] for m in self.calls[-1]["messages"])

    # --- the protocol --------------------------------------------------------------------
    def handle(self, method: str, path: str, headers: dict[str, str], body: bytes) -> tuple[int, dict, Any]:
        if method != "POST" or path.rstrip("/") != "/v1/chat/completions":
            return 404, {}, {"error": {"message": f"Unknown path {path}", "type": "invalid_request_error"}}
        if headers.get("authorization") != f"Bearer {self.api_key}":
            return 401, {}, {"error": {"message": "Incorrect API key provided.", "type": "invalid_request_error"}}
        try:
            payload = json.loads(body)
            messages = payload["messages"]
            assert isinstance(messages, list) and all("role" in m and "content" in m for m in messages)
            assert payload.get("model")
        except (ValueError, KeyError, AssertionError):
            return 400, {}, {"error": {"message": "Invalid request body.", "type": "invalid_request_error"}}
        with self._lock:
            self.calls.append(payload)
            status, answer = self.script.popleft() if self.script else self.default
        if self.delay:
            time.sleep(self.delay)
        if status == -200:
            return 200, {}, answer
        if status != 200:
            return status, {}, answer
        return (
            200,
            {},
            {
                "id": f"chatcmpl-{len(self.calls)}",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": payload["model"],
                "choices": [{"index": 0, "message": {"role": "assistant", "content": answer}, "finish_reason": "stop"}],
                "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
            },
        )


@pytest.fixture(scope="session")
def _ai_server():
    fake = FakeAI()
    with FakeHttpServer(lambda *args: fake.handle(*args)) as server:
        # A client that timed out (the delay tests) has gone when the answer is written.
        server._server.handle_error = lambda request, client_address: None  # type: ignore[method-assign]
        fake.server = server
        yield fake


@pytest.fixture
def ai_fake(_ai_server, settings) -> FakeAI:
    """A chat-completions server on 127.0.0.1 with a fresh script; settings point at it."""
    fake = _ai_server
    fake.reset()
    fake.server.requests.clear()
    settings.AI_BASE_URL = fake.url
    settings.AI_API_KEY = fake.api_key
    settings.AI_MODEL = MODEL
    settings.AI_TIMEOUT = 5
    # One attempt per call, so a scripted failure is the answer; tests of the SDK's retries raise it.
    settings.AI_MAX_RETRIES = 0
    return fake
