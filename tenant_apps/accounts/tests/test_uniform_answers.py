"""The reset and verification flows answer alike for a real and an unknown e-mail, so
they cannot be used to find out who has an account (README "Security")."""

import re

from django_tenants.utils import schema_context

from tenant_apps.accounts.models import OneTimeCode

PASSWORD = "Str0ng-Passw0rd!"


def _otp(sink) -> str:
    match = re.search(r"\b(\d{6})\b", sink.messages[-1].text())
    assert match is not None
    return match.group(1)


def _answer(response):
    return response.status_code, response.json()


class VerifyPasswordResetOtpTests:
    def test_a_wrong_code_answers_the_same_for_a_real_and_an_unknown_email(self, api, client_a, make_user, smtp_sink):
        # given: a real account with a pending reset code, a real one without, and no account
        make_user(client_a, email="real@x.test")
        make_user(client_a, email="idle@x.test")
        base = f"/accounts/clients/{client_a.id}/user"
        api.post(f"{base}/forgot-password/", {"email": "real@x.test"})
        wrong = "000000" if _otp(smtp_sink) != "000000" else "111111"

        # when
        def verify(email):
            return _answer(api.post(f"{base}/verify-password-reset-otp/", {"email": email, "otp": wrong}))

        real, idle, unknown = verify("real@x.test"), verify("idle@x.test"), verify("nobody@x.test")

        # then: same status, same body, no "attempt(s) left" and no "No pending code"
        assert real == idle == unknown
        assert real[0] == 400
        assert set(real[1]) >= {"detail", "otp"}
        assert "left" not in str(real[1]) and "pending" not in str(real[1]).lower()
        # and nothing was written for the unknown address
        with schema_context(client_a.schema_name):
            assert not OneTimeCode.objects.filter(email__in=["idle@x.test", "nobody@x.test"]).exists()

    def test_a_locked_code_answers_like_an_unknown_email(self, api, client_a, make_user, smtp_sink):
        make_user(client_a, email="real@x.test")
        base = f"/accounts/clients/{client_a.id}/user"
        api.post(f"{base}/forgot-password/", {"email": "real@x.test"})
        good = _otp(smtp_sink)
        wrong = "000000" if good != "000000" else "111111"
        answers = [
            _answer(api.post(f"{base}/verify-password-reset-otp/", {"email": "real@x.test", "otp": wrong}))
            for _ in range(6)
        ]
        locked = _answer(api.post(f"{base}/verify-password-reset-otp/", {"email": "real@x.test", "otp": good}))
        unknown = _answer(api.post(f"{base}/verify-password-reset-otp/", {"email": "nobody@x.test", "otp": good}))

        assert len(set(map(str, answers))) == 1  # the count of tries left is never shown
        assert locked == unknown == answers[0]

    def test_the_right_code_still_works(self, api, client_a, make_user, smtp_sink):
        make_user(client_a, email="real@x.test")
        base = f"/accounts/clients/{client_a.id}/user"
        api.post(f"{base}/forgot-password/", {"email": "real@x.test"})

        response = api.post(f"{base}/verify-password-reset-otp/", {"email": "real@x.test", "otp": _otp(smtp_sink)})

        assert response.status_code == 200 and response.json()["reset_token"]


class ResendVerificationEmailTests:
    def test_answers_the_same_for_pending_verified_and_unknown_emails(self, api, client_a, make_user, smtp_sink):
        # given: a pending registration, a verified account, and an address nobody used
        base = f"/accounts/clients/{client_a.id}/user"
        signup = {
            "first_name": "Grace",
            "last_name": "Hopper",
            "email": "pending@x.test",
            "phone": "",
            "password": PASSWORD,
            "confirm_password": PASSWORD,
        }
        assert api.post(f"{base}/signup/", signup).status_code == 200
        make_user(client_a, email="verified@x.test")
        sent_before = len(smtp_sink.messages)

        # when
        def resend(email):
            return _answer(api.post(f"{base}/resend-verification-email/", {"email": email}))

        pending, verified, unknown = resend("pending@x.test"), resend("verified@x.test"), resend("nobody@x.test")

        # then: one answer (the contract's), a mail only for the pending registration
        assert pending == verified == unknown == (200, {"detail": "OTP sent to your email"})
        assert [m.recipients for m in smtp_sink.messages[sent_before:]] == [["pending@x.test"]]
        with schema_context(client_a.schema_name):
            assert list(OneTimeCode.objects.values_list("email", flat=True)) == ["pending@x.test"]

    def test_an_invalid_address_is_still_a_field_error(self, api, client_a):
        response = api.post(f"/accounts/clients/{client_a.id}/user/resend-verification-email/", {"email": "nope"})

        assert response.status_code == 400 and "email" in response.json()
