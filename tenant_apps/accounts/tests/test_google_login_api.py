"""Google sign-in: ID tokens signed by a test RSA key, certs served on 127.0.0.1."""

import datetime
import time

import jwt
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django_tenants.utils import schema_context

from tenant_apps.accounts.models import User
from tests.fakes.http import FakeHttpServer

KID = "test-key-1"


@pytest.fixture(scope="module")
def google_key():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "test-google")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    pem = cert.public_bytes(serialization.Encoding.PEM).decode()
    return key, pem


@pytest.fixture
def google_certs(settings, google_key):
    _, pem = google_key
    with FakeHttpServer(lambda method, path, headers, body: (200, {}, {KID: pem})) as server:
        settings.GOOGLE_CERTS_URL = f"{server.url}/oauth2/v1/certs"
        yield server


def _id_token(key, **overrides) -> str:
    now = int(time.time())
    claims = {
        "iss": "https://accounts.google.com",
        "aud": "test-google-client-id",
        "sub": "google-sub-123",
        "email": "grace@gmail.test",
        "email_verified": True,
        "given_name": "Grace",
        "family_name": "Hopper",
        "picture": "https://example.test/grace.png",
        "iat": now,
        "exp": now + 600,
    }
    claims.update(overrides)
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": KID})


class GoogleLoginTests:
    def test_creates_user_then_logs_in_again(self, api, client_a, google_certs, google_key):
        key, _ = google_key
        url = f"/accounts/clients/{client_a.id}/user/login/google/"

        first = api.post(url, {"token": _id_token(key)})
        second = api.post(url, {"token": _id_token(key)})

        assert first.status_code == 200, first.json()
        assert first.json()["user"]["email"] == "grace@gmail.test"
        assert first.json()["user"]["first_name"] == "Grace"
        assert second.json()["user"]["id"] == first.json()["user"]["id"]
        with schema_context(client_a.schema_name):
            user = User.objects.get(email="grace@gmail.test")
            assert user.google_sub == "google-sub-123"
            assert not user.has_usable_password()
        assert google_certs.requests[0]["path"] == "/oauth2/v1/certs"

    def test_links_existing_account(self, api, client_a, make_user, google_certs, google_key):
        key, _ = google_key
        existing = make_user(client_a, email="grace@gmail.test", role="instructor")

        response = api.post(f"/accounts/clients/{client_a.id}/user/login/google/", {"token": _id_token(key)})

        assert response.status_code == 200
        assert response.json()["user"]["id"] == existing.id
        assert response.json()["user"]["role"] == "instructor"

    @pytest.mark.parametrize(
        "overrides",
        [
            {"exp": int(time.time()) - 3600, "iat": int(time.time()) - 7200},
            {"aud": "someone-elses-client-id"},
            {"email_verified": False},
            {"iss": "https://evil.example"},
        ],
        ids=["expired", "wrong-audience", "unverified-email", "wrong-issuer"],
    )
    def test_rejected_tokens(self, api, client_a, google_certs, google_key, overrides):
        key, _ = google_key

        response = api.post(
            f"/accounts/clients/{client_a.id}/user/login/google/", {"token": _id_token(key, **overrides)}
        )

        assert response.status_code == 400
        assert "token" in response.json()
        with schema_context(client_a.schema_name):
            assert not User.objects.filter(email="grace@gmail.test").exists()

    def test_token_signed_by_another_key_is_rejected(self, api, client_a, google_certs):
        other = rsa.generate_private_key(public_exponent=65537, key_size=2048)

        response = api.post(f"/accounts/clients/{client_a.id}/user/login/google/", {"token": _id_token(other)})

        assert response.status_code == 400

    def test_not_configured_is_503(self, api, client_a, settings):
        settings.GOOGLE_CLIENT_ID = ""

        response = api.post(f"/accounts/clients/{client_a.id}/user/login/google/", {"token": "x"})

        assert response.status_code == 503
        assert "GOOGLE_CLIENT_ID" in response.json()["detail"]
