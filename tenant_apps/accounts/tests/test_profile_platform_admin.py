"""A platform admin visiting a client has no row there: the profile endpoints must not
write the client's user who happens to share the admin's id (found by tests/test_fuzz.py)."""

from django_tenants.utils import schema_context


def test_a_visiting_platform_admin_cannot_write_the_client_user_of_the_same_id(client_a, platform_admin, make_user):
    """It was a 500 (the public row's deferred fields reloaded from the client's schema),
    or, when a client user had the same id, an overwrite of that user's profile."""
    from tenant_apps.accounts.models import User

    api, root = platform_admin
    namesake = make_user(client_a, id=root.id, first_name="Sara")

    response = api.patch(f"/accounts/clients/{client_a.id}/user-profile/", {"first_name": "Root"})

    assert response.status_code == 403
    assert response.json()["detail"] == "Platform admins cannot change their profile from a client portal."
    with schema_context(client_a.schema_name):
        assert User.objects.get(id=namesake.id).first_name == "Sara"
