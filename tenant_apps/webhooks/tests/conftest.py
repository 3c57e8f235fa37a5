from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest

from tests.fakes.http import FakeHttpServer


class Receiver:
    """A webhook receiver on 127.0.0.1: answers the queued statuses in turn (then 200)."""

    def __init__(self) -> None:
        self.statuses: list[int] = []
        self.hold: threading.Event | None = None
        self.server: FakeHttpServer | None = None

    def handle(self, method: str, path: str, headers: dict[str, str], body: bytes) -> tuple[int, dict, Any]:
        status = self.statuses.pop(0) if self.statuses else 200
        return status, {"Content-Type": "text/plain"}, f"answered {status}"

    @property
    def requests(self) -> list[dict[str, Any]]:
        assert self.server is not None
        return self.server.requests

    @property
    def url(self) -> str:
        assert self.server is not None
        return self.server.url + "/hooks/lms"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    fake = Receiver()
    with FakeHttpServer(fake.handle) as server:
        fake.server = server
        yield fake


@pytest.fixture
def admin_a(client_a, as_user):
    return as_user(client_a, role="admin", email="hooks@alpha.test")


@pytest.fixture
def admin_b(client_b, as_user):
    return as_user(client_b, role="admin", email="hooks@beta.test")
