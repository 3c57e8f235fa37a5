"""Contract tests for the profile page of the web clients (docs/real-client.md, "Profile").

The older build's profile page fills its form from ``username``, ``phone_number`` and
``profile_picture`` (it showed an empty user name and "@" without them) and saves the form
with a POST to the same path, sending ``phone_number`` (a 405 before: the save button failed).
It also sends fields the platform does not keep (``bio``, ``date_of_birth``, ``social_links``,
notification switches): they are ignored, as any unknown field is.
"""

import pytest

pytestmark = pytest.mark.django_db


def profile_path(client_id: int) -> str:
    return f"/accounts/clients/{client_id}/user-profile/"


def test_the_profile_carries_the_clients_names_beside_the_contracts(client_a, as_user):
    api, user = as_user(client_a, phone="+100200", profile_pic_url="https://pics.test/me.png")
    body = api.get(profile_path(client_a.id)).json()
    assert body["username"] == user.email == body["email"]
    assert body["phone_number"] == "+100200" == body["phone"]
    assert body["profile_picture"] == "https://pics.test/me.png" == body["profile_pic_url"]


def test_the_older_builds_post_saves_the_form_with_its_names(client_a, as_user):
    api, _ = as_user(client_a, first_name="Old", phone="")
    form = {
        "first_name": "Sara",
        "last_name": "Jones",
        "phone_number": "+4412345",
        "bio": "Learning Python",
        "date_of_birth": "2001-02-03",
        "social_links": {"linkedin": "", "github": ""},
        "emailNotification": True,
        "inAppNotification": False,
    }
    response = api.post(profile_path(client_a.id), form)
    assert response.status_code == 200, response.content
    saved = api.get(profile_path(client_a.id)).json()
    assert (saved["first_name"], saved["last_name"]) == ("Sara", "Jones")
    assert saved["phone"] == saved["phone_number"] == "+4412345"


def test_profile_picture_is_a_name_for_profile_pic_url_and_the_contracts_name_wins(client_a, as_user):
    api, _ = as_user(client_a)
    api.patch(profile_path(client_a.id), {"profile_picture": "https://pics.test/a.png"})
    assert api.get(profile_path(client_a.id)).json()["profile_pic_url"] == "https://pics.test/a.png"
    both = {"phone": "111", "phone_number": "222"}
    assert api.patch(profile_path(client_a.id), both).json()["phone"] == "111"


def test_a_bad_value_under_the_clients_name_is_a_400(client_a, as_user):
    api, _ = as_user(client_a)
    assert api.post(profile_path(client_a.id), {"profile_picture": "not a url"}).status_code == 400
    assert api.post(profile_path(client_a.id), {"phone_number": "9" * 40}).status_code == 400


def test_another_clients_token_cannot_post_this_clients_profile(client_a, client_b, as_user):
    outsider, _ = as_user(client_b)
    assert outsider.post(profile_path(client_a.id), {"first_name": "X"}).status_code == 401
