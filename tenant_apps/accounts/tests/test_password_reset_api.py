"""Password reset by e-mailed OTP, with the real web client's field names."""

import re

from conftest import ApiClient
from tenant_apps.accounts.tests.factories import DEFAULT_PASSWORD

NEW_PASSWORD = "N3w-Secret-Phrase!"


def _otp(sink) -> str:
    match = re.search(r"\b(\d{6})\b", sink.messages[-1].text())
    assert match is not None
    return match.group(1)


class PasswordResetTests:
    def test_full_reset_revokes_sessions(self, api, client_a, make_user, smtp_sink):
        # given a user logged in on a device
        make_user(client_a, email="a@x.test")
        base = f"/accounts/clients/{client_a.id}"
        old = api.post(f"{base}/user/login/", {"email": "a@x.test", "password": DEFAULT_PASSWORD}).json()

        # when the user resets the password
        assert api.post(f"{base}/user/forgot-password/", {"email": "a@x.test"}).status_code == 200
        response = api.post(f"{base}/user/verify-password-reset-otp/", {"email": "a@x.test", "otp": _otp(smtp_sink)})
        assert response.status_code == 200
        token = response.json()["reset_token"]
        response = api.post(
            f"{base}/user/reset-password/",
            {"email": "a@x.test", "reset_token": token, "new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD},
        )

        # then the new password works, the old one and every old session do not
        assert response.status_code == 200
        assert api.post(f"{base}/user/login/", {"email": "a@x.test", "password": NEW_PASSWORD}).status_code == 200
        assert api.post(f"{base}/user/login/", {"email": "a@x.test", "password": DEFAULT_PASSWORD}).status_code == 401
        assert api.post("/accounts/token/refresh/", {"refresh": old["refresh"]}).status_code == 401
        assert ApiClient(old["access"]).get(f"{base}/user-profile/").status_code == 401
        # the token is single use
        again = api.post(
            f"{base}/user/reset-password/",
            {"email": "a@x.test", "reset_token": token, "new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD},
        )
        assert again.status_code == 400
        assert "reset_token" in again.json()

    def test_unknown_email_gets_the_same_answer_and_no_mail(self, api, client_a, make_user, smtp_sink):
        make_user(client_a, email="a@x.test")
        base = f"/accounts/clients/{client_a.id}"

        known = api.post(f"{base}/user/forgot-password/", {"email": "a@x.test"})
        unknown = api.post(f"{base}/user/forgot-password/", {"email": "nobody@x.test"})

        assert known.status_code == unknown.status_code == 200
        assert known.json() == unknown.json()
        assert [m.recipients for m in smtp_sink.messages] == [["a@x.test"]]

    def test_resend_issues_a_new_code(self, api, client_a, make_user, smtp_sink):
        make_user(client_a, email="a@x.test")
        base = f"/accounts/clients/{client_a.id}"
        api.post(f"{base}/user/forgot-password/", {"email": "a@x.test"})
        first = _otp(smtp_sink)

        assert api.post(f"{base}/user/resend-password-reset-otp/", {"email": "a@x.test"}).status_code == 200

        second = _otp(smtp_sink)
        assert len(smtp_sink.messages) == 2
        if first != second:
            bad = api.post(f"{base}/user/verify-password-reset-otp/", {"email": "a@x.test", "otp": first})
            assert bad.status_code == 400
        good = api.post(f"{base}/user/verify-password-reset-otp/", {"email": "a@x.test", "otp": second})
        assert good.status_code == 200

    def test_weak_or_mismatched_new_password_is_400(self, api, client_a, make_user, smtp_sink):
        make_user(client_a, email="a@x.test")
        base = f"/accounts/clients/{client_a.id}"
        api.post(f"{base}/user/forgot-password/", {"email": "a@x.test"})
        token = api.post(
            f"{base}/user/verify-password-reset-otp/", {"email": "a@x.test", "otp": _otp(smtp_sink)}
        ).json()["reset_token"]

        weak = api.post(
            f"{base}/user/reset-password/",
            {"email": "a@x.test", "reset_token": token, "new_password": "123", "confirm_password": "123"},
        )
        mismatch = api.post(
            f"{base}/user/reset-password/",
            {"email": "a@x.test", "reset_token": token, "new_password": NEW_PASSWORD, "confirm_password": "other"},
        )

        assert weak.status_code == 400 and "new_password" in weak.json()
        assert mismatch.status_code == 400 and "confirm_password" in mismatch.json()
        # the token survives a rejected attempt
        ok = api.post(
            f"{base}/user/reset-password/",
            {"email": "a@x.test", "reset_token": token, "new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD},
        )
        assert ok.status_code == 200

    def test_wrong_otp_is_limited(self, api, client_a, make_user, smtp_sink):
        make_user(client_a, email="a@x.test")
        base = f"/accounts/clients/{client_a.id}"
        api.post(f"{base}/user/forgot-password/", {"email": "a@x.test"})
        good = _otp(smtp_sink)
        wrong = "000000" if good != "000000" else "111111"
        for _ in range(5):
            assert (
                api.post(f"{base}/user/verify-password-reset-otp/", {"email": "a@x.test", "otp": wrong}).status_code
                == 400
            )

        response = api.post(f"{base}/user/verify-password-reset-otp/", {"email": "a@x.test", "otp": good})

        assert response.status_code == 400
        assert "otp" in response.json()

    def test_reset_token_of_one_client_is_useless_at_another(self, api, client_a, client_b, make_user, smtp_sink):
        make_user(client_a, email="a@x.test")
        make_user(client_b, email="a@x.test")
        api.post(f"/accounts/clients/{client_a.id}/user/forgot-password/", {"email": "a@x.test"})
        token = api.post(
            f"/accounts/clients/{client_a.id}/user/verify-password-reset-otp/",
            {"email": "a@x.test", "otp": _otp(smtp_sink)},
        ).json()["reset_token"]

        response = api.post(
            f"/accounts/clients/{client_b.id}/user/reset-password/",
            {"email": "a@x.test", "reset_token": token, "new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD},
        )

        assert response.status_code == 400
