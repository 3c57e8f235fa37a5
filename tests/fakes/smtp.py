"""A small SMTP server on 127.0.0.1 that records what it is sent.

Speaks enough RFC 5321 for Django's SMTP backend (EHLO/HELO, MAIL, RCPT, DATA, RSET,
NOOP, QUIT). ``refuse`` holds addresses whose RCPT is answered 550,
``fail_transiently`` addresses answered 451 the first N times, and ``hold`` addresses
whose RCPT gets no answer until ``release`` is set (a sender caught mid-delivery).
"""

from __future__ import annotations

import email
import socketserver
import threading
from dataclasses import dataclass, field
from email.message import Message


@dataclass
class ReceivedMail:
    sender: str
    recipients: list[str]
    data: bytes

    @property
    def message(self) -> Message:
        return email.message_from_bytes(self.data)

    @property
    def subject(self) -> str:
        return self.message["Subject"] or ""

    def text(self) -> str:
        msg = self.message
        parts = msg.walk() if msg.is_multipart() else [msg]
        for part in parts:
            payload = part.get_payload(decode=True)
            if part.get_content_type() == "text/plain" and isinstance(payload, bytes):
                return payload.decode(part.get_content_charset() or "utf-8")
        return ""


@dataclass
class SmtpState:
    messages: list[ReceivedMail] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)
    fail_transiently: dict[str, int] = field(default_factory=dict)
    hold: set[str] = field(default_factory=set)
    release: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)


class _Handler(socketserver.StreamRequestHandler):
    def _send(self, line: str) -> None:
        self.wfile.write((line + "\r\n").encode())

    def handle(self) -> None:
        state: SmtpState = self.server.state  # type: ignore[attr-defined]
        self._send("220 sink.local ESMTP test sink")
        sender, recipients = "", list[str]()
        while True:
            raw = self.rfile.readline()
            if not raw:
                return
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            verb = line[:4].upper()
            if verb == "EHLO":
                self.wfile.write(b"250-sink.local\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n")
            elif verb == "HELO":
                self._send("250 sink.local")
            elif verb == "MAIL":
                sender, recipients = line.split(":", 1)[1].strip().split()[0].strip("<>"), []
                self._send("250 OK")
            elif verb == "RCPT":
                address = line.split(":", 1)[1].strip().split()[0].strip("<>").lower()
                if address in state.hold:
                    state.release.wait(timeout=60)
                with state.lock:
                    transient = state.fail_transiently.get(address, 0)
                    if transient > 0:
                        state.fail_transiently[address] = transient - 1
                if address in state.refuse:
                    self._send("550 5.1.1 No such user")
                elif transient > 0:
                    self._send("451 4.3.0 Try again later")
                else:
                    recipients.append(address)
                    self._send("250 OK")
            elif verb == "DATA":
                if not recipients:
                    self._send("554 No valid recipients")
                    continue
                self._send("354 End data with <CR><LF>.<CR><LF>")
                chunks = []
                while True:
                    chunk = self.rfile.readline()
                    if chunk in (b".\r\n", b".\n", b""):
                        break
                    chunks.append(chunk[1:] if chunk.startswith(b"..") else chunk)
                with state.lock:
                    state.messages.append(ReceivedMail(sender, list(recipients), b"".join(chunks)))
                self._send("250 OK queued")
            elif verb == "RSET":
                sender, recipients = "", []
                self._send("250 OK")
            elif verb == "NOOP":
                self._send("250 OK")
            elif verb == "QUIT":
                self._send("221 Bye")
                return
            else:
                self._send("502 Command not implemented")


class _Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


class SmtpSink:
    """``with SmtpSink() as sink:`` then point EMAIL_HOST/EMAIL_PORT at ``sink.port``."""

    def __init__(self) -> None:
        self.state = SmtpState()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.state = self.state  # type: ignore[attr-defined]
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def messages(self) -> list[ReceivedMail]:
        return self.state.messages

    def start(self) -> SmtpSink:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> SmtpSink:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
