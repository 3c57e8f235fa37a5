"""Account e-mails, sent synchronously: the user is waiting for the code, and a
delivery failure must surface as an error now rather than be retried silently."""

from __future__ import annotations

import logging
import smtplib

from django.core.mail import send_mail

from tenant_apps.accounts.errors import EmailDeliveryFailed

logger = logging.getLogger(__name__)


def otp_email_send(*, email: str, code: str, purpose: str, client_name: str) -> None:
    if purpose == "signup":
        subject = f"{client_name}: verify your e-mail"
        intro = "Use this code to verify your e-mail address and finish signing up"
    else:
        subject = f"{client_name}: reset your password"
        intro = "Use this code to reset your password"
    body = f"{intro}: {code}\n\nThe code expires in 10 minutes. If you did not ask for it, ignore this e-mail."
    try:
        send_mail(subject, body, None, [email], fail_silently=False)
    except (smtplib.SMTPException, OSError) as exc:
        logger.warning("OTP e-mail to %s failed: %s", email, exc)
        raise EmailDeliveryFailed() from exc
