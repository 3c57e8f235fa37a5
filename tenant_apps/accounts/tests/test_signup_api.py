"""Sign-up with an e-mailed OTP, delivered through a real SMTP server on 127.0.0.1."""

import re

import pytest
from django_tenants.utils import schema_context

from tenant_apps.accounts.models import OneTimeCode, User

PASSWORD = "Str0ng-Passw0rd!"


def _signup_body(**overrides):
    body = {
        "first_name": "Grace",
        "last_name": "Hopper",
        "email": "grace@example.test",
        "phone": "+15550100",
        "password": PASSWORD,
        "confirm_password": PASSWORD,
    }
    return {**body, **overrides}


def _otp_from(sink, index=-1) -> str:
    match = re.search(r"\b(\d{6})\b", sink.messages[index].text())
    assert match is not None
    return match.group(1)


class SignupTests:
    def test_signup_verify_login(self, api, client_a, smtp_sink):
        # given
        base = f"/accounts/clients/{client_a.id}"
        # when
        response = api.post(f"{base}/user/signup/", _signup_body())
        # then
        assert response.status_code == 200, response.json()
        assert response.json() == {"detail": "OTP sent to your email"}
        assert len(smtp_sink.messages) == 1
        assert smtp_sink.messages[0].recipients == ["grace@example.test"]
        with schema_context(client_a.schema_name):
            assert not User.objects.filter(email="grace@example.test").exists()
            pending = OneTimeCode.objects.get(email="grace@example.test")
            assert PASSWORD not in str(pending.payload) and _otp_from(smtp_sink) not in pending.code_hash

        response = api.post(f"{base}/user/verify-email/", {"email": "grace@example.test", "otp": _otp_from(smtp_sink)})
        assert response.status_code == 201
        assert response.json() == {"detail": "Account verified and created successfully"}

        response = api.post(f"{base}/user/login/", {"email": "Grace@Example.test", "password": PASSWORD})
        assert response.status_code == 200
        body = response.json()
        assert body["user"]["email"] == "grace@example.test"
        assert body["user"]["first_name"] == "Grace"
        assert body["user"]["role"] == "student"
        assert body["access"] == body["access_token"] and body["refresh"] == body["refresh_token"]

    def test_user_exists_only_in_its_client(self, api, client_a, client_b, smtp_sink):
        base = f"/accounts/clients/{client_a.id}"
        api.post(f"{base}/user/signup/", _signup_body())
        api.post(f"{base}/user/verify-email/", {"email": "grace@example.test", "otp": _otp_from(smtp_sink)})

        response = api.post(
            f"/accounts/clients/{client_b.id}/user/login/", {"email": "grace@example.test", "password": PASSWORD}
        )

        assert response.status_code == 401
        with schema_context(client_b.schema_name):
            assert not User.objects.filter(email="grace@example.test").exists()

    @pytest.mark.parametrize(
        "overrides, field",
        [
            ({"confirm_password": "Other-Passw0rd!"}, "confirm_password"),
            ({"password": "short", "confirm_password": "short"}, "password"),
            ({"password": "12345678901", "confirm_password": "12345678901"}, "password"),
            ({"email": "not-an-email"}, "email"),
            ({"first_name": None}, "first_name"),
        ],
    )
    def test_bad_signup_is_400_with_field(self, api, client_a, smtp_sink, overrides, field):
        response = api.post(f"/accounts/clients/{client_a.id}/user/signup/", _signup_body(**overrides))

        assert response.status_code == 400
        assert field in response.json()
        assert isinstance(response.json()[field], list)
        assert response.json()["detail"]
        assert smtp_sink.messages == []

    def test_duplicate_email_is_400(self, api, client_a, make_user, smtp_sink):
        make_user(client_a, email="grace@example.test")

        response = api.post(f"/accounts/clients/{client_a.id}/user/signup/", _signup_body())

        assert response.status_code == 400
        assert response.json()["email"] == ["A user with this email already exists."]

    def test_wrong_otp_counts_and_locks_after_five(self, api, client_a, smtp_sink):
        base = f"/accounts/clients/{client_a.id}"
        api.post(f"{base}/user/signup/", _signup_body())
        good = _otp_from(smtp_sink)
        wrong = "000000" if good != "000000" else "111111"

        for _ in range(5):
            response = api.post(f"{base}/user/verify-email/", {"email": "grace@example.test", "otp": wrong})
            assert response.status_code == 400
            assert "otp" in response.json()

        response = api.post(f"{base}/user/verify-email/", {"email": "grace@example.test", "otp": good})
        assert response.status_code == 400
        assert "Too many" in response.json()["otp"][0]

        # a new code resets the count
        assert api.post(f"{base}/user/resend-verification-email/", {"email": "grace@example.test"}).status_code == 200
        assert len(smtp_sink.messages) == 2
        response = api.post(f"{base}/user/verify-email/", {"email": "grace@example.test", "otp": _otp_from(smtp_sink)})
        assert response.status_code == 201

    def test_expired_otp_is_400(self, api, client_a, smtp_sink):
        base = f"/accounts/clients/{client_a.id}"
        api.post(f"{base}/user/signup/", _signup_body())
        with schema_context(client_a.schema_name):
            from django.utils import timezone

            OneTimeCode.objects.filter(email="grace@example.test").update(expires_at=timezone.now())

        response = api.post(f"{base}/user/verify-email/", {"email": "grace@example.test", "otp": _otp_from(smtp_sink)})

        assert response.status_code == 400
        assert "expired" in response.json()["otp"][0]

    def test_resend_unknown_email_sends_nothing(self, api, client_a, smtp_sink):
        """Answered like a pending one (see test_uniform_answers.py), but nothing is sent."""
        response = api.post(f"/accounts/clients/{client_a.id}/user/resend-verification-email/", {"email": "x@y.test"})

        assert response.status_code == 200
        assert smtp_sink.messages == []

    def test_smtp_refusal_is_503_and_keeps_nothing(self, api, client_a, smtp_sink):
        smtp_sink.state.refuse.add("grace@example.test")

        response = api.post(f"/accounts/clients/{client_a.id}/user/signup/", _signup_body())

        assert response.status_code == 503
        with schema_context(client_a.schema_name):
            assert not OneTimeCode.objects.filter(email="grace@example.test").exists()


class ThrottleTests:
    def test_login_is_throttled_per_email_with_retry_after(self, api, client_a, settings):
        settings.THROTTLE_EMAIL_RATE = "3/600"
        url = f"/accounts/clients/{client_a.id}/user/login/"
        for _ in range(3):
            assert api.post(url, {"email": "a@x.test", "password": "nope"}).status_code == 401

        response = api.post(url, {"email": "a@x.test", "password": "nope"})

        assert response.status_code == 429
        assert response.json()["detail"].startswith("Request was throttled")
        assert 1 <= int(response.headers["Retry-After"]) <= 600
        # another address from the same IP is not locked out
        assert api.post(url, {"email": "b@x.test", "password": "nope"}).status_code == 401

    def test_failed_signups_count_toward_the_limit(self, api, client_a, make_user, settings, smtp_sink):
        """The throttle is recorded before the sign-up's transaction, so a rejected attempt
        (here: an e-mail already taken) is not rolled back out of the count."""
        settings.THROTTLE_EMAIL_RATE = "2/600"
        make_user(client_a, email="grace@example.test")
        url = f"/accounts/clients/{client_a.id}/user/signup/"

        assert [api.post(url, _signup_body()).status_code for _ in range(3)] == [400, 400, 429]

    def test_ip_limit_is_separate_and_configurable(self, api, client_a, settings):
        settings.THROTTLE_IP_RATE = "4/600"
        url = f"/accounts/clients/{client_a.id}/user/login/"
        for n in range(4):
            assert api.post(url, {"email": f"u{n}@x.test", "password": "nope"}).status_code == 401

        assert api.post(url, {"email": "u9@x.test", "password": "nope"}).status_code == 429
