"""One HTTP POST to a checked address (``targets.Target``): the connection goes to the
address that was checked, TLS still verifies the host name, redirects are not followed."""

from __future__ import annotations

import http.client
import socket
import ssl
import time
from dataclasses import dataclass

from tenant_apps.webhooks.targets import Target

SNIPPET_CHARS = 500


@dataclass(frozen=True)
class Outcome:
    status_code: int | None
    snippet: str
    error: str
    duration_ms: int

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, target: Target, timeout: float) -> None:
        super().__init__(target.host, target.port, timeout=timeout)
        self._address = target.address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, target: Target, timeout: float) -> None:
        self._tls = ssl.create_default_context()
        super().__init__(target.host, target.port, timeout=timeout, context=self._tls)
        self._address = target.address

    def connect(self) -> None:
        raw = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._tls.wrap_socket(raw, server_hostname=self.host)


def post(*, target: Target, headers: dict[str, str], body: bytes, timeout: float) -> Outcome:
    started = time.monotonic()
    connection: http.client.HTTPConnection = (
        _PinnedHTTPSConnection(target, timeout) if target.scheme == "https" else _PinnedHTTPConnection(target, timeout)
    )
    try:
        connection.request("POST", target.path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read(SNIPPET_CHARS * 4).decode("utf-8", "replace")[:SNIPPET_CHARS]
        status: int | None = response.status
        error = "" if 200 <= response.status < 300 else f"HTTP {response.status}"
    except (OSError, http.client.HTTPException) as exc:
        status, text, error = None, "", f"{type(exc).__name__}: {exc}"[:SNIPPET_CHARS]
    finally:
        connection.close()
    return Outcome(status_code=status, snippet=text, error=error, duration_ms=int((time.monotonic() - started) * 1000))
