"""Attacks on the profile save (PUT/PATCH/POST ``user-profile/``, the web clients' names
``phone_number``/``profile_picture`` beside the contract's) and on sign-up's phone.

Found by the ``attack`` review: any text up to 20 characters was a phone number
(``<script>``, a right-to-left override), names could carry control and text-direction
characters, and a picture could be an ``ftp:`` URL or point at a viewer's own machine or
network (``http://127.0.0.1/``, ``http://169.254.169.254/``): every learner's browser loads
other learners' pictures on the leaderboards. The server itself never fetches a picture
(no SSRF: nothing in the code opens ``profile_pic_url``).
"""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from tenant_apps.accounts.models import User

pytestmark = pytest.mark.django_db


def profile(client) -> str:
    return f"/accounts/clients/{client.id}/user-profile/"


def stored(client, user) -> User:
    with schema_context(client.schema_name):
        return User.objects.get(id=user.id)


@pytest.mark.parametrize("field", ["profile_picture", "profile_pic_url"])
@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:image/png;base64,AAAA",
        "ftp://example.com/me.png",
        "http://127.0.0.1:8106/me.png",
        "http://localhost/me.png",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.7/me.png",
        "http://[::1]/me.png",
    ],
)
def test_a_picture_must_be_a_public_http_url(client_a, as_user, field, url):
    # given
    api, user = as_user(client_a, profile_pic_url="https://pics.test/old.png")
    # when
    response = api.post(profile(client_a), {field: url})
    # then
    assert response.status_code == 400, response.raw
    assert field in response.json(), response.json()
    assert stored(client_a, user).profile_pic_url == "https://pics.test/old.png"


@pytest.mark.parametrize("url", ["https://cdn.example.com/a.png", "http://pics.example.org/b.jpg", ""])
def test_public_pictures_and_none_still_save(client_a, as_user, url):
    api, user = as_user(client_a)
    response = api.put(profile(client_a), {"profile_picture": url})
    assert response.status_code == 200, response.raw
    assert stored(client_a, user).profile_pic_url == url


@pytest.mark.parametrize("field", ["phone", "phone_number"])
@pytest.mark.parametrize("phone", ["<script>", "\u202e12345", "12ab34", "call me", "++1", "+"])
def test_a_phone_number_is_digits_and_separators(client_a, as_user, field, phone):
    api, user = as_user(client_a, phone="+100200")
    response = api.patch(profile(client_a), {field: phone})
    assert response.status_code == 400, response.raw
    assert field in response.json(), response.json()
    assert stored(client_a, user).phone == "+100200"


@pytest.mark.parametrize("phone", ["+44 20 1234 5678", "(020) 555-0100", "9999999999", "+91.98765.43210", ""])
def test_real_phone_numbers_still_save(client_a, as_user, phone):
    api, user = as_user(client_a)
    response = api.post(profile(client_a), {"phone_number": phone})
    assert response.status_code == 200, response.raw
    assert stored(client_a, user).phone == phone


@pytest.mark.parametrize("field", ["first_name", "last_name", "user_name"])
@pytest.mark.parametrize("text", ["Ada\u0007", "Ada\u202eecalevol", "A\u001bda", "Ada\u2066x"])
def test_names_refuse_control_and_direction_characters(client_a, as_user, field, text):
    api, user = as_user(client_a, first_name="Ada", last_name="Lovelace")
    response = api.put(profile(client_a), {field: text})
    assert response.status_code == 400, response.raw
    assert field in response.json(), response.json()
    row = stored(client_a, user)
    assert (row.first_name, row.last_name) == ("Ada", "Lovelace")


def test_names_with_accents_and_scripts_still_save(client_a, as_user):
    api, user = as_user(client_a)
    response = api.put(profile(client_a), {"user_name": "José Müller-Łukasz"})
    assert response.status_code == 200, response.raw
    assert response.json()["user_name"] == "José Müller-Łukasz"
    response = api.put(profile(client_a), {"first_name": "अनन्या", "last_name": "O'Brien"})
    assert response.status_code == 200, response.raw


def test_a_too_long_user_name_is_an_error_on_user_name(client_a, as_user):
    api, _ = as_user(client_a)
    response = api.put(profile(client_a), {"user_name": "a" * 300})
    assert response.status_code == 400, response.raw
    assert "user_name" in response.json(), response.json()


def test_mass_assignment_changes_nothing_but_the_profile(client_a, as_user, make_user):
    # given: another user whose address differs only in case from what is sent as username
    make_user(client_a, role="admin", email="boss@alpha.test")
    api, user = as_user(client_a, email="me@alpha.test")
    # when
    response = api.post(
        profile(client_a),
        {
            "role": "admin",
            "is_staff": True,
            "is_superuser": True,
            "is_active": False,
            "client": 999,
            "id": 1,
            "email": "BOSS@alpha.test",
            "username": "Boss@Alpha.test",
            "first_name": "Me",
        },
    )
    # then: only the name changed
    assert response.status_code == 200, response.raw
    row = stored(client_a, user)
    assert (row.role, row.email, row.is_active, row.first_name) == ("student", "me@alpha.test", True, "Me")
    assert response.json()["username"] == "me@alpha.test"


def test_signup_refuses_a_phone_that_is_not_one(client_a, api):
    body = {
        "first_name": "Ada",
        "email": "ada@alpha.test",
        "phone": "<img src=x>",
        "password": "a-Long-passw0rd!",
        "confirm_password": "a-Long-passw0rd!",
    }
    response = api.post(f"/accounts/clients/{client_a.id}/user/signup/", body)
    assert response.status_code == 400, response.raw
    assert "phone" in response.json(), response.json()
    with schema_context(client_a.schema_name):
        assert not User.objects.filter(email="ada@alpha.test").exists()
