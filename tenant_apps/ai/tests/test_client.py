# ruff: noqa: F811 - pytest fixtures imported from tests.fakes.ai
"""tenant_apps/ai/client.py (the openai SDK) against a real-protocol fake chat-completions server."""

import socket

import pytest

from core.errors import DomainError, ServiceUnavailable
from tenant_apps.ai import client as ai
from tests.fakes.ai import _ai_server, ai_fake  # noqa: F401 - fixtures


def ask():
    return ai.chat(ai.system_user("Be brief.", "Hello?"))


def test_not_configured_is_503(settings):
    settings.AI_BASE_URL = ""
    with pytest.raises(ServiceUnavailable) as exc:
        ask()
    assert exc.value.status_code == 503 and exc.value.message == "AI is not configured (AI_BASE_URL)."


def test_sends_bearer_model_and_messages(ai_fake):
    ai_fake.reply("  Hi there.  ")
    assert ask() == "Hi there."
    request = ai_fake.server.requests[-1]
    assert request["path"] == "/v1/chat/completions"
    assert request["headers"]["authorization"] == "Bearer sk-test-fake-key"
    call = ai_fake.calls[-1]
    assert call["model"] == "fake-gpt" and call["messages"][1] == {"role": "user", "content": "Hello?"}
    assert "response_format" not in call


def test_wrong_key_is_502_naming_the_setting(ai_fake, settings):
    settings.AI_API_KEY = "sk-wrong"
    with pytest.raises(ai.AIBadResponse) as exc:
        ask()
    assert exc.value.status_code == 502 and "AI_API_KEY" in exc.value.message


@pytest.mark.parametrize("status,expected", [(500, 503), (429, 503), (400, 502)])
def test_upstream_error_status(ai_fake, status, expected):
    ai_fake.fail_with(status)
    with pytest.raises(DomainError) as exc:
        ask()
    assert exc.value.status_code == expected and str(status) in exc.value.message


def test_busy_upstream_is_retried_by_the_sdk(ai_fake, settings):
    settings.AI_MAX_RETRIES = 1
    ai_fake.fail_with(503).reply("Back again.")
    assert ask() == "Back again."
    assert len(ai_fake.calls) == 2


def test_a_refusal_is_not_retried(ai_fake, settings):
    settings.AI_MAX_RETRIES = 2
    ai_fake.fail_with(400).reply("never read")
    with pytest.raises(ai.AIBadResponse):
        ask()
    assert len(ai_fake.calls) == 1


def test_timeout_is_503(ai_fake, settings):
    settings.AI_TIMEOUT = 0.2
    ai_fake.delay = 0.6
    with pytest.raises(ai.AIUnavailable) as exc:
        ask()
    assert "did not answer within" in exc.value.message


def test_unreachable_is_503(settings):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.AI_BASE_URL = f"http://127.0.0.1:{port}/v1"
    with pytest.raises(ai.AIUnavailable) as exc:
        ask()
    assert "could not be reached" in exc.value.message


@pytest.mark.parametrize("body", [{"choices": []}, {"unexpected": True}, "not json at all"])
def test_not_a_chat_completion_is_502(ai_fake, body):
    ai_fake.raw(body)
    with pytest.raises(ai.AIBadResponse):
        ask()


def test_chat_json_parses_validates_and_asks_for_json(ai_fake):
    ai_fake.reply('```json\n{"answer": 42}\n```')
    assert ai.chat_json(ai.system_user("s", "u"), validate=lambda d: d["answer"]) == 42
    assert ai_fake.calls[-1]["response_format"] == {"type": "json_object"}


@pytest.mark.parametrize("text", ["{not json", "[1, 2]", '{"other": 1}'])
def test_chat_json_malformed_or_wrong_shape_is_502(ai_fake, text):
    ai_fake.reply(text)
    with pytest.raises(ai.AIBadResponse) as exc:
        ai.chat_json(ai.system_user("s", "u"), validate=lambda d: d["answer"])
    assert exc.value.status_code == 502
