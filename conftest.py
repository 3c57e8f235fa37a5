"""Test fixtures: real PostgreSQL, real schemas, real HTTP through the middleware.

The test database holds the public client (id 1), the template schema and two
clients, ``client_a`` and ``client_b``, created once per session; every test runs in
a transaction that is rolled back, which covers tenant schemas too.
"""

from __future__ import annotations

import _socket
import json
import os
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

_real_connect = socket.socket.connect


def _loopback_only_connect(self: _socket.socket, address: Any) -> None:
    """Tests may only reach 127.0.0.1 (and unix sockets, e.g. the embedded PostgreSQL)."""
    if self.family in (socket.AF_INET, socket.AF_INET6):
        host = address[0]
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise OSError(f"Tests may only connect to 127.0.0.1, not {host!r}")
    _real_connect(self, address)


def pytest_configure(config: pytest.Config) -> None:
    socket.socket.connect = _loopback_only_connect  # type: ignore[method-assign]
    if not os.environ.get("DATABASE_URL"):
        from config.embedded_pg import ensure_running

        ensure_running()


@pytest.fixture(scope="session")
def django_db_setup(django_test_environment, django_db_modify_db_settings, django_db_blocker):
    from django.test.utils import setup_databases, teardown_databases

    with django_db_blocker.unblock():
        config = setup_databases(verbosity=0, interactive=False, keepdb=False)
        from tenants.services import client_create, public_client_ensure, template_schema_ensure

        public_client_ensure()
        template_schema_ensure()
        client_create(name="Alpha Academy", slug="alpha")
        client_create(name="Beta Bootcamp", slug="beta")
    yield
    with django_db_blocker.unblock():
        teardown_databases(config, verbosity=0)


@pytest.fixture
def public_client(db):
    from tenants.selectors import public_client_get

    return public_client_get()


@pytest.fixture
def client_a(db):
    from tenants.models import Client

    return Client.objects.get(slug="alpha")


@pytest.fixture
def client_b(db):
    from tenants.models import Client

    return Client.objects.get(slug="beta")


@pytest.fixture(autouse=True)
def _clear_cache_and_schema():
    from django.core.cache import cache

    from tenants.schema import use_public_schema

    cache.clear()
    yield
    cache.clear()
    use_public_schema()


@dataclass
class Response:
    status_code: int
    headers: Any
    raw: bytes

    def json(self) -> Any:
        return json.loads(self.raw) if self.raw else None


class ApiClient:
    """HTTP through the whole stack (middleware included), JSON in and out."""

    def __init__(self, token: str | None = None) -> None:
        from django.test import Client

        self._client = Client()
        self.token = token

    def with_token(self, token: str | None) -> ApiClient:
        return ApiClient(token)

    def request(self, method: str, path: str, data: Any = None, headers: dict | None = None, **extra) -> Response:
        kwargs: dict[str, Any] = {}
        hdrs = dict(headers or {})
        if self.token:
            hdrs.setdefault("Authorization", f"Bearer {self.token}")
        if data is not None:
            kwargs["data"] = json.dumps(data)
            kwargs["content_type"] = "application/json"
        response = getattr(self._client, method.lower())(path, headers=hdrs, **kwargs, **extra)
        return Response(response.status_code, response.headers, response.content)

    def get(self, path: str, **kw) -> Response:
        return self.request("GET", path, **kw)

    def post(self, path: str, data: Any = None, **kw) -> Response:
        return self.request("POST", path, data, **kw)

    def put(self, path: str, data: Any = None, **kw) -> Response:
        return self.request("PUT", path, data, **kw)

    def patch(self, path: str, data: Any = None, **kw) -> Response:
        return self.request("PATCH", path, data, **kw)

    def delete(self, path: str, **kw) -> Response:
        return self.request("DELETE", path, **kw)


@pytest.fixture
def api(db) -> ApiClient:
    return ApiClient()


@pytest.fixture
def make_user(db):
    """``make_user(client, role="student", **fields)`` -> a saved user in that client's schema."""
    from django_tenants.utils import schema_context

    from tenant_apps.accounts.tests.factories import UserFactory

    def _make(client, role: str = "student", **fields):
        with schema_context(client.schema_name):
            return UserFactory(role=role, **fields)

    return _make


@pytest.fixture
def token_for(db):
    """``token_for(user, client)`` -> an access token of a fresh session."""
    from django_tenants.utils import schema_context

    from tenant_apps.accounts.services import session_start

    def _token(user, client) -> str:
        with schema_context(client.schema_name):
            return session_start(user=user, client_id=client.id).access

    return _token


@pytest.fixture
def as_user(make_user, token_for):
    """``as_user(client, role="student")`` -> (ApiClient with that user's token, user)."""

    def _as(client, role: str = "student", **fields):
        user = make_user(client, role=role, **fields)
        return ApiClient(token_for(user, client)), user

    return _as


@pytest.fixture
def platform_admin(public_client, make_user, token_for):
    user = make_user(public_client, role="superadmin", email="root@platform.test")
    return ApiClient(token_for(user, public_client)), user


@pytest.fixture
def smtp_sink(settings) -> Iterator[Any]:
    """A real SMTP server on 127.0.0.1; Django's SMTP backend points at it."""
    from tests.fakes.smtp import SmtpSink

    with SmtpSink() as sink:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = sink.port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_HOST_USER = ""
        settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_TIMEOUT = 5
        yield sink
