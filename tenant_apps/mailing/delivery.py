"""SMTP delivery of one message per recipient, with retries for transient failures.

Errors are sorted into *transient* (4xx replies, dropped or refused connections,
timeouts: worth another try after a short pause) and *permanent* (5xx replies such
as an unknown mailbox, malformed messages: retrying cannot help).
"""

from __future__ import annotations

import html
import logging
import re
import smtplib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.utils.html import strip_tags

logger = logging.getLogger(__name__)

DEFAULT_RETRY_DELAYS = (1.0, 4.0)  # seconds before the 2nd and 3rd attempt
_TAG = re.compile(r"<[a-zA-Z!/][^>]*>")
_BLOCK_END = re.compile(r"(?i)<br\s*/?>|</(p|div|h[1-6]|li|tr|table|ul|ol)>")


def looks_like_html(body: str) -> bool:
    return bool(_TAG.search(body))


def html_to_text(body: str) -> str:
    """A readable plain-text alternative: block ends become line breaks, tags go."""
    text = html.unescape(strip_tags(_BLOCK_END.sub("\n", body)))
    lines = [line.strip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def message_build(*, subject: str, body: str, is_html: bool, to: str, connection=None) -> EmailMultiAlternatives:
    if not is_html:
        return EmailMultiAlternatives(subject, body, None, [to], connection=connection)
    message = EmailMultiAlternatives(subject, html_to_text(body), None, [to], connection=connection)
    message.attach_alternative(body, "text/html")
    return message


@dataclass
class Outcome:
    sent: bool
    tries: int
    error: str = ""
    # The server could not be reached at all: later recipients would fail the same way.
    unreachable: bool = False


class TransientError(Exception):
    pass


class PermanentError(Exception):
    pass


def _classify(exc: Exception) -> Exception:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        detail = "; ".join(
            f"{addr}: {code} {msg.decode(errors='replace') if isinstance(msg, bytes) else msg}"
            for addr, (code, msg) in exc.recipients.items()
        )
        if codes and all(400 <= code < 500 for code in codes):
            return TransientError(f"Recipient refused temporarily ({detail})")
        return PermanentError(f"Recipient refused ({detail})")
    if isinstance(exc, smtplib.SMTPResponseException):
        message = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else exc.smtp_error
        text = f"{exc.smtp_code} {message}"
        if 400 <= exc.smtp_code < 500 or isinstance(exc, smtplib.SMTPConnectError):
            return TransientError(text)
        return PermanentError(text)
    if isinstance(exc, OSError):  # smtplib's other errors (a dropped link included) are OSErrors too
        return TransientError(f"Connection problem: {exc.__class__.__name__}: {exc}")
    return PermanentError(f"{exc.__class__.__name__}: {exc}")


class SmtpSession:
    """One backend connection reused for a whole batch; reopened after a dropped link."""

    def __init__(self) -> None:
        self.connection = get_connection(fail_silently=False)
        self.delays = tuple(getattr(settings, "MAILING_RETRY_DELAYS", DEFAULT_RETRY_DELAYS))
        self._open = False

    def __enter__(self) -> SmtpSession:
        return self

    def __exit__(self, *exc) -> None:
        self._close()

    def _close(self) -> None:
        if self._open:
            try:
                self.connection.close()
            except Exception:  # noqa: BLE001 - closing a broken link must not mask the outcome
                logger.debug("Closing the SMTP connection failed", exc_info=True)
            self._open = False

    def send(self, message: EmailMultiAlternatives) -> Outcome:
        message.connection = self.connection
        tries = 0
        last_error = ""
        connection_failed = False
        for delay in (0.0, *self.delays):
            if delay:
                time.sleep(delay)
            tries += 1
            try:
                if not self._open:
                    self.connection.open()
                    self._open = True
                connection_failed = False
                if self.connection.send_messages([message]) != 1:
                    raise smtplib.SMTPException("The backend reported the message as not sent.")
                return Outcome(sent=True, tries=tries)
            except Exception as exc:  # noqa: BLE001 - every failure is classified and recorded
                classified = _classify(exc)
                last_error = str(classified)
                if not self._open:
                    connection_failed = True
                if isinstance(classified, PermanentError):
                    return Outcome(sent=False, tries=tries, error=last_error)
                if isinstance(exc, OSError):  # the link may be broken: reopen it for the next try
                    self._close()
                logger.info("Transient e-mail failure to %s (try %s): %s", message.to, tries, last_error)
        return Outcome(sent=False, tries=tries, error=last_error, unreachable=connection_failed)
